-- TG010 identity.local-auth-disabled: properties.disableLocalAuth is true.

local PATH = "properties.disableLocalAuth"

return {
  id = "TG010",
  name = "identity.local-auth-disabled",
  severity = "high",
  title = "Key authentication is disabled (Entra ID only)",
  rationale = "Translator keys are shared secrets: anyone holding one can call the account, with no "
    .. "identity attached and nothing to revoke but the key. With disableLocalAuth the account accepts "
    .. "only Microsoft Entra ID tokens (through its custom subdomain), so access is granted per identity "
    .. "with the Cognitive Services User role and shows up in the sign-in logs. The service default is "
    .. "keys enabled.",
  remediation = "Set properties.disableLocalAuth to true, give callers (preferably managed identities) the "
    .. "Cognitive Services User role on the account, and call the custom endpoint with a bearer token.",
  arm_snippet = [[
"properties": {
  "customSubDomainName": "tr-prod",
  "disableLocalAuth": true
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  # ...
  custom_subdomain_name = "tr-prod"
  local_auth_enabled    = false
}]],
  azure_policy = "/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc",
  mcsb = "IM-1",

  check = function(account, ctx)
    local v = tg.get(account, PATH)
    if tg.is_unknown(v) then
      return tg.unknown(tg.unknown_text("disableLocalAuth", v), PATH)
    end
    if v == true then
      return tg.pass("key authentication is disabled: only Microsoft Entra ID tokens are accepted")
    end
    if tg.is_unset(v) then
      return tg.fail("disableLocalAuth is not set, so key authentication is enabled (the service default)",
        PATH)
    end
    if v == false then
      return tg.fail("disableLocalAuth is false: the account accepts its keys", PATH)
    end
    -- A string "true" or a number is not the boolean the API defines; do not pass on it.
    return tg.fail("disableLocalAuth is " .. tg.show(v) .. ", not the boolean true", PATH)
  end,
}
