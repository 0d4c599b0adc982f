-- TG005 network.private-dns: n/a without a private endpoint; otherwise each private
-- endpoint of the account has a DNS zone group naming privatelink.cognitiveservices.azure.com.

local ZONE = "privatelink.cognitiveservices.azure.com"

-- The zone a zone id names: its last segment.
local function zone_of(id)
  return (string.match(id, "([^/]+)/*$"))
end

-- The state of one endpoint's DNS: "yes", "unknown" with {text, path, resource}, or "no"
-- with what is wrong (a phrase that follows "private endpoint 'x' ") and where.
local function endpoint_state(account, c, pe_name)
  local groups = links.dns_zone_groups(account, c)
  local pending, seen = nil, {}
  for _, g in ipairs(groups) do
    local function wait(text, path)
      if pending == nil then pending = { text = text, path = path, resource = g.resource } end
    end
    local configs = g.configs
    if tg.is_unknown(configs) then
      wait(tg.unknown_text("the DNS zone ids of private endpoint '" .. pe_name .. "'", configs), g.path)
    else
      for i, cfg in ipairs(tg.list(configs) or {}) do
        local path = g.path .. "[" .. i .. "].properties.privateDnsZoneId"
        local id = tg.is_unknown(cfg) and cfg or (type(cfg) == "table" and tg.get(cfg, "properties.privateDnsZoneId") or nil)
        local text = type(id) == "string" and id or tg.readable(id)
        local zone = type(text) == "string" and zone_of(text) or nil
        if zone and not zone:find("[{}]") and tg.ieq(zone, ZONE) then
          if g.decided then return "yes" end
          wait("the DNS zone group of private endpoint '" .. pe_name .. "' names " .. ZONE
            .. ", but it is undecided: " .. (g.reason or "it may not apply"), path)
        elseif tg.is_unknown(id) and not (zone and not zone:find("[{}]")) then
          wait(tg.unknown_text("the DNS zone id of private endpoint '" .. pe_name .. "'", id), path)
        elseif type(zone) == "string" and not seen[zone:lower()] then
          seen[zone:lower()] = true
          seen[#seen + 1] = zone
        end
      end
    end
  end
  if pending then return "unknown", pending end
  if #groups == 0 then
    return "no", { text = "has no DNS zone group", path = c.path and nil, resource = c.resource }
  end
  local named = #seen > 0 and ("names only " .. table.concat(seen, ", ")) or "names no zone"
  return "no", { text = "has a DNS zone group that " .. named .. ", not " .. ZONE,
    path = groups[1].path, resource = groups[1].resource }
end

return {
  id = "TG005",
  name = "network.private-dns",
  severity = "medium",
  title = "Private endpoints register the account in the Cognitive Services private DNS zone",
  rationale = "A private endpoint only helps when clients resolve the account's custom endpoint "
    .. "(<customSubDomainName>.cognitiveservices.azure.com) to its private address. That takes a DNS "
    .. "zone group on the endpoint naming the private DNS zone privatelink.cognitiveservices.azure.com; "
    .. "without it, names keep resolving to the public address and traffic leaves the virtual network "
    .. "(or fails when public access is disabled). OpenAI and AI Services accounts may also use "
    .. "privatelink.openai.azure.com or privatelink.services.ai.azure.com, but the cognitiveservices zone "
    .. "is still required.",
  remediation = "Give each private endpoint of the account a privateDnsZoneGroups child (Terraform: a "
    .. "private_dns_zone_group block) whose privateDnsZoneConfigs name the private DNS zone "
    .. "privatelink.cognitiveservices.azure.com, linked to the virtual network the clients use.",
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
  },
  "resources": [
    {
      "type": "privateDnsZoneGroups",
      "apiVersion": "2023-11-01",
      "name": "default",
      "dependsOn": ["[resourceId('Microsoft.Network/privateEndpoints', 'pe-translator')]"],
      "properties": {
        "privateDnsZoneConfigs": [
          {
            "name": "cognitiveservices",
            "properties": {
              "privateDnsZoneId": "[resourceId('Microsoft.Network/privateDnsZones', 'privatelink.cognitiveservices.azure.com')]"
            }
          }
        ]
      }
    }
  ]
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

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.cognitiveservices.id]
  }
}]],
  azure_policy = "",
  mcsb = "NS-2",

  check = function(account, ctx)
    local connected, undecided = links.private_endpoints(account)
    local endpoints, seen = {}, {}
    for _, c in ipairs(connected) do
      local id = c.resource._id
      if id == nil or not seen[id] then
        if id ~= nil then seen[id] = true end
        endpoints[#endpoints + 1] = { entry = c, decided = true }
      end
    end
    for _, u in ipairs(undecided) do
      local id = u.resource._id
      if id == nil or not seen[id] then
        if id ~= nil then seen[id] = true end
        endpoints[#endpoints + 1] = { entry = { resource = u.resource }, decided = false, reason = u.reason, via = u.via }
      end
    end
    if #endpoints == 0 then
      return tg.na("no private endpoint connects to the account (TG001 judges that)")
    end

    local unknowns, failed, good = {}, nil, {}
    for _, e in ipairs(endpoints) do
      local name = links.name(e.entry.resource)
      local state, info = endpoint_state(account, e.entry, name)
      if state == "yes" then
        good[#good + 1] = name
      elseif not e.decided then
        unknowns[#unknowns + 1] = {
          text = "private endpoint '" .. name .. "' may connect to the account and "
            .. (state == "no" and info.text or ("is undecided: " .. info.text))
            .. "; which account it connects to is unknown: " .. e.reason,
          path = e.via, resource = e.entry.resource,
        }
      elseif state == "unknown" then
        unknowns[#unknowns + 1] = info
      else
        failed = failed or { name = name, info = info }
      end
    end
    if failed then
      return tg.fail("private endpoint '" .. failed.name .. "' " .. failed.info.text
        .. ": the account's custom endpoint does not resolve to its private address",
        failed.info.path, failed.info.resource)
    end
    if #unknowns > 0 then
      local msg = unknowns[1].text
      if #unknowns > 1 then
        msg = msg .. string.format(" (and %d more undecided private endpoint(s))", #unknowns - 1)
      end
      return tg.unknown(msg, unknowns[1].path, unknowns[1].resource)
    end
    local quoted = {}
    for i, n in ipairs(good) do quoted[i] = "'" .. n .. "'" end
    return tg.pass("private endpoint " .. table.concat(quoted, ", ") .. " has a DNS zone group naming " .. ZONE)
  end,
}
