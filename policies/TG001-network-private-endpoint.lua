-- TG001 network.private-endpoint: a private endpoint in the same input set connects to
-- the account, for the `account` sub-resource, through an automatically approved
-- connection.

-- The state of a connection's groupIds: "yes" (an array holding "account"), "unknown"
-- (with the unknown value), or "no" with what is wrong, as a phrase that follows
-- "connects to the account with ".
local function group_ids_state(g)
  if tg.is_unknown(g) then return "unknown", g end
  if g == nil then return "no", "no groupIds; they must be an array containing \"account\"" end
  local list = tg.list(g)
  if list == nil then
    -- ARM takes only an array: a lone string, even "account", or an object is no group id
    local shown = tg.is_object(g) and "an object" or (tg.show(g) .. " (a " .. type(g) .. ")")
    return "no", "groupIds set to " .. shown .. ": groupIds must be an array containing \"account\""
  end
  local pending = nil
  for _, id in ipairs(list) do
    if tg.ieq(id, "account") then return "yes" end
    if tg.is_unknown(id) and pending == nil then pending = id end
  end
  if pending ~= nil then return "unknown", pending end
  return "no", "group ids " .. tg.show(g) .. ", not [\"account\"]"
end

return {
  id = "TG001",
  name = "network.private-endpoint",
  severity = "high",
  title = "A private endpoint connects to the account",
  rationale = "A private endpoint gives the Translator account an address in your virtual network, so "
    .. "clients reach it over Private Link instead of the internet. It only works for the `account` "
    .. "sub-resource, and a manual connection does nothing until someone approves it. Callers must then "
    .. "use the custom endpoint (https://<customSubDomainName>.cognitiveservices.azure.com), not the "
    .. "global Translator endpoint.",
  remediation = "Add a Microsoft.Network/privateEndpoints resource whose privateLinkServiceConnections "
    .. "(not manualPrivateLinkServiceConnections) entry has privateLinkServiceId set to the account's id "
    .. "and groupIds [\"account\"], with a DNS zone group for privatelink.cognitiveservices.azure.com.",
  arm_snippet = [[
{
  "type": "Microsoft.Network/privateEndpoints",
  "apiVersion": "2023-11-01",
  "name": "pe-translator",
  "location": "westeurope",
  "dependsOn": ["[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]"],
  "properties": {
    "subnet": { "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'endpoints')]" },
    "privateLinkServiceConnections": [
      {
        "name": "translator",
        "properties": {
          "privateLinkServiceId": "[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]",
          "groupIds": ["account"]
        }
      }
    ]
  }
}]],
  terraform_snippet = [[
resource "azurerm_private_endpoint" "translator" {
  name                = "pe-translator"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  subnet_id           = azurerm_subnet.endpoints.id

  private_service_connection {
    name                           = "translator"
    private_connection_resource_id = azurerm_cognitive_account.translator.id
    subresource_names              = ["account"]
    is_manual_connection           = false
  }
}]],
  azure_policy = "/providers/Microsoft.Authorization/policyDefinitions/d6759c02-b87f-42b7-892e-71b3f471d782",
  mcsb = "NS-2",

  check = function(account, ctx)
    local connected, undecided = links.private_endpoints(account)

    local unknowns, manual, wrong_group = {}, nil, nil
    for _, c in ipairs(connected) do
      local name = links.name(c.resource)
      local state, value = group_ids_state(c.group_ids)
      if state == "no" then c.why = value end
      if c.manual then
        manual = manual or c
      elseif state == "yes" then
        return tg.pass("private endpoint '" .. name .. "' connects to the account (group id \"account\", "
          .. "automatically approved connection)")
      elseif state == "unknown" then
        unknowns[#unknowns + 1] = {
          text = tg.unknown_text("the group ids of private endpoint '" .. name .. "'", value),
          path = c.path and (c.path .. ".properties.groupIds"),
          resource = c.resource,
        }
      else
        wrong_group = wrong_group or c
      end
    end
    for _, u in ipairs(undecided) do
      unknowns[#unknowns + 1] = {
        text = "private endpoint '" .. links.name(u.resource) .. "' may connect to the account, but which "
          .. "account it connects to is unknown: " .. u.reason,
        path = u.via,
        resource = u.resource,
      }
    end

    if #unknowns > 0 then
      local first = unknowns[1]
      local msg = first.text
      if #unknowns > 1 then
        msg = msg .. string.format(" (and %d more undecided private endpoint connection(s))", #unknowns - 1)
      end
      return tg.unknown(msg, first.path, first.resource)
    end
    if manual then
      return tg.fail("private endpoint '" .. links.name(manual.resource) .. "' connects to the account only "
        .. "through a manual connection (manualPrivateLinkServiceConnections): it needs approval, so private "
        .. "access is not guaranteed", manual.path, manual.resource)
    end
    if wrong_group then
      return tg.fail("private endpoint '" .. links.name(wrong_group.resource) .. "' connects to the account "
        .. "with " .. wrong_group.why,
        wrong_group.path and (wrong_group.path .. ".properties.groupIds"), wrong_group.resource)
    end
    return tg.fail("no private endpoint in the input set connects to the account")
  end,
}
