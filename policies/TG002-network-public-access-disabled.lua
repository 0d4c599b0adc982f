-- TG002 network.public-access-disabled: properties.publicNetworkAccess is Disabled.

local PATH = "properties.publicNetworkAccess"

return {
  id = "TG002",
  name = "network.public-access-disabled",
  severity = "high",
  title = "Public network access is disabled",
  rationale = "With public network access enabled the Translator account answers anyone on the internet "
    .. "who holds a key or token. Disabled, it is reachable only through private endpoints, which keeps "
    .. "the text and documents sent for translation off public networks. The service default, when the "
    .. "property is not written, is Enabled.",
  remediation = "Set properties.publicNetworkAccess to \"Disabled\" and reach the account through a "
    .. "private endpoint (see TG001) and its custom subdomain endpoint.",
  arm_snippet = [[
{
  "type": "Microsoft.CognitiveServices/accounts",
  "apiVersion": "2024-10-01",
  "name": "tr-prod",
  "location": "westeurope",
  "kind": "TextTranslation",
  "sku": { "name": "S1" },
  "properties": {
    "customSubDomainName": "tr-prod",
    "publicNetworkAccess": "Disabled"
  }
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  name                          = "tr-prod"
  location                      = "westeurope"
  resource_group_name           = azurerm_resource_group.rg.name
  kind                          = "TextTranslation"
  sku_name                      = "S1"
  custom_subdomain_name         = "tr-prod"
  public_network_access_enabled = false
}]],
  -- The built-in that enforces exactly this condition (publicNetworkAccess != Disabled)
  -- is the Modify policy; its Audit twin 0725b4dd is deprecated.
  azure_policy = "/providers/Microsoft.Authorization/policyDefinitions/47ba1dd7-28d9-4b07-a8d5-9813bed64e0c",
  mcsb = "NS-2",

  check = function(account, ctx)
    local state, v = tg.public_access(account)
    if state == "unknown" then
      return tg.unknown(tg.unknown_text("publicNetworkAccess", v), PATH)
    end
    if state == "disabled" then
      return tg.pass("public network access is disabled")
    end
    if tg.is_unset(v) then
      return tg.fail("publicNetworkAccess is not set, so public network access is enabled (the service "
        .. "default)", PATH)
    end
    if tg.ieq(v, "Enabled") then
      return tg.fail("publicNetworkAccess is " .. tg.show(v) .. ": the account accepts traffic from public "
        .. "networks", PATH)
    end
    if tg.feq(v, "Disabled") then
      return tg.fail("publicNetworkAccess is " .. tg.show(v) .. ", not \"Disabled\": remove the white space; "
        .. "the service may not take it as Disabled", PATH)
    end
    return tg.fail("publicNetworkAccess is " .. tg.show(v) .. ", not \"Disabled\"", PATH)
  end,
}
