-- TG003 network.default-deny: n/a when public network access is disabled; otherwise
-- properties.networkAcls.defaultAction is Deny (no networkAcls means Allow).

local PATH = "properties.networkAcls.defaultAction"

return {
  id = "TG003",
  name = "network.default-deny",
  severity = "high",
  title = "The network ACLs deny by default",
  rationale = "When the Translator account is reachable from public networks, its firewall "
    .. "(networkAcls) decides who gets in. With the default action Allow every address does, and the IP "
    .. "and virtual network rules have no effect; the Translator documentation asks for the default rule "
    .. "to be set to deny. Without networkAcls the default action is Allow.",
  remediation = "Set properties.networkAcls.defaultAction to \"Deny\" and list the allowed public IP "
    .. "ranges and subnets, or disable public network access altogether (TG002).",
  arm_snippet = [[
"properties": {
  "customSubDomainName": "tr-prod",
  "publicNetworkAccess": "Enabled",
  "networkAcls": {
    "defaultAction": "Deny",
    "ipRules": [ { "value": "52.10.20.0/24" } ],
    "virtualNetworkRules": [
      { "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'apps')]" }
    ]
  }
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  # ...
  custom_subdomain_name = "tr-prod"
  network_acls {
    default_action = "Deny"
    ip_rules       = ["52.10.20.0/24"]
    virtual_network_rules {
      subnet_id = azurerm_subnet.apps.id
    }
  }
}]],
  -- Non-compliant when publicNetworkAccess != Disabled and defaultAction != Deny: the
  -- same condition as this rule.
  azure_policy = "/providers/Microsoft.Authorization/policyDefinitions/037eea7a-bd0a-46c5-9a66-03aea78705d3",
  mcsb = "NS-2",

  check = function(account, ctx)
    local state, pna = tg.public_access(account)
    if state == "disabled" then
      return tg.na("public network access is disabled, so the network ACLs are not used")
    end

    local acls = tg.get(account, "properties.networkAcls")
    local action = tg.get(account, PATH)
    local problem -- the failure, were public access enabled
    if not tg.is_unknown(acls) and not tg.is_unset(acls) and not tg.is_object(acls) then
      problem = "networkAcls is " .. tg.show(acls) .. ", not an object, so the default action is Allow: every "
        .. "address may connect"
    elseif tg.is_unknown(action) then
      local msg = tg.unknown_text("networkAcls.defaultAction", action)
      if state == "unknown" then
        msg = msg .. "; publicNetworkAccess too: " .. tg.unknown_text("publicNetworkAccess", pna)
      end
      return tg.unknown(msg, PATH)
    elseif tg.ieq(action, "Deny") then
      return tg.pass("the network ACLs deny by default")
    elseif tg.is_unset(action) then
      if tg.is_unset(acls) then
        problem = "no networkAcls are set, so the default action is Allow: every address may connect"
      else
        problem = "networkAcls.defaultAction is not set, so it is Allow: every address may connect"
      end
    elseif tg.feq(action, "Allow") then
      problem = "networkAcls.defaultAction is " .. tg.show(action) .. ": every address may connect, whatever "
        .. "the rules say"
    elseif tg.feq(action, "Deny") then
      problem = "networkAcls.defaultAction is " .. tg.show(action) .. ", not \"Deny\": remove the white space; "
        .. "the service may not take it as Deny"
    else
      problem = "networkAcls.defaultAction is " .. tg.show(action) .. ", not \"Deny\""
    end

    if state == "unknown" then
      return tg.unknown(tg.unknown_text("publicNetworkAccess", pna) .. "; unless it is Disabled: " .. problem,
        "properties.publicNetworkAccess")
    end
    return tg.fail(problem, PATH)
  end,
}
