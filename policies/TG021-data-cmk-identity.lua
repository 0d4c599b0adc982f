-- TG021 data.cmk-identity: with a customer-managed key, the identity Key Vault is reached
-- with exists: a user-assigned one when keyVaultProperties.identityClientId is set, else the
-- system-assigned one.

-- identity(account), cmk(account) and nonempty(v) are shared with other rules (lua/acct.lua).
local identity, cmk, nonempty = acct.identity, acct.cmk, acct.nonempty

return {
  id = "TG021",
  name = "data.cmk-identity",
  severity = "medium",
  title = "The identity that reads the customer-managed key exists",
  rationale = "Translator reaches the Key Vault key that encrypts its data with a managed identity: the "
    .. "user-assigned identity named by keyVaultProperties.identityClientId, or else the system-assigned "
    .. "one. If that identity is not on the account, the service cannot unwrap its data key: the "
    .. "deployment fails or, once running, models are undeployed and Custom Translator data becomes "
    .. "unreachable.",
  remediation = "Without identityClientId, give the account a system-assigned identity (identity.type "
    .. "\"SystemAssigned\" or \"SystemAssigned, UserAssigned\"); with it, attach that user-assigned identity "
    .. "(identity.type including \"UserAssigned\" and the identity in userAssignedIdentities). Grant the "
    .. "identity Key Vault Crypto Service Encryption User (or get, wrapKey and unwrapKey) on the key.",
  arm_snippet = [[
{
  "type": "Microsoft.CognitiveServices/accounts",
  "apiVersion": "2024-10-01",
  "name": "tr-prod",
  "location": "westeurope",
  "kind": "TextTranslation",
  "sku": { "name": "S1" },
  "identity": {
    "type": "UserAssigned",
    "userAssignedIdentities": {
      "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-translator-cmk')]": {}
    }
  },
  "properties": {
    "customSubDomainName": "tr-prod",
    "encryption": {
      "keySource": "Microsoft.KeyVault",
      "keyVaultProperties": {
        "keyName": "translator-cmk",
        "keyVaultUri": "https://kv-prod.vault.azure.net/",
        "identityClientId": "11111111-2222-3333-4444-555555555555"
      }
    }
  }
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  name     = "tr-prod"
  location = "westeurope"
  kind     = "TextTranslation"
  sku_name = "S1"
  # ...
  identity {
    type = "SystemAssigned"
  }
  customer_managed_key {
    key_vault_key_id = azurerm_key_vault_key.translator.id
  }
}]],
  azure_policy = nil,
  mcsb = "DP-5",

  check = function(account, ctx)
    local key = cmk(account)
    if key.state == "no" then
      return tg.na("no customer-managed key is configured, so no identity has to reach Key Vault")
    end
    if key.state == "unknown" then
      return tg.unknown("whether a customer-managed key is configured is not known: " .. key.text, key.path,
        key.linked)
    end
    local client = key.client
    if tg.is_unknown(client) then
      return tg.unknown(tg.unknown_text("the key's identityClientId", client)
        .. ", so which identity must reach Key Vault is not known", key.client_path, key.linked)
    end
    local id = identity(account)
    if id.state == "unknown" then
      return tg.unknown(id.text .. "; " .. key.text, id.path)
    end
    if nonempty(client) then
      local who = "identityClientId " .. tg.show(client) .. " names a user-assigned identity"
      if id.state == "none" or id.state == "invalid" then
        return tg.fail(who .. ", but " .. id.text, id.path)
      end
      if not id.user then
        return tg.fail(who .. ", but identity.type " .. tg.show(id.value) .. " does not include UserAssigned",
          id.path)
      end
      if id.uai == "unknown" then
        return tg.unknown(id.uai_text .. ", so whether the user-assigned identity is attached is not known",
          "identity.userAssignedIdentities")
      end
      if id.uai == "none" then
        return tg.fail(who .. ", but identity.type is UserAssigned with no identity listed in "
          .. "userAssignedIdentities", "identity.userAssignedIdentities")
      end
      return tg.pass("the customer-managed key is read with a user-assigned identity (identityClientId "
        .. tg.show(client) .. "); the account has user-assigned identities attached")
    end
    local why = ""
    if not tg.is_unset(client) then
      why = " (identityClientId is " .. tg.show(client) .. ", which names no identity)"
    end
    local need = "without identityClientId the customer-managed key is read with the system-assigned identity"
      .. why
    if id.state == "none" or id.state == "invalid" then
      return tg.fail(need .. ", but " .. id.text, id.path)
    end
    if not id.system then
      return tg.fail(need .. ", but identity.type " .. tg.show(id.value) .. " does not include SystemAssigned",
        id.path)
    end
    return tg.pass("the customer-managed key is read with the account's system-assigned identity")
  end,
}
