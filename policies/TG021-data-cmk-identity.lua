-- TG021 data.cmk-identity: with a customer-managed key, the identity Key Vault is reached
-- with exists: a user-assigned one when keyVaultProperties.identityClientId is set, else the
-- system-assigned one.

-- The account's managed identity: a table {state = "unknown" | "none" | "invalid" | "ok",
-- system = bool, user = bool, uai = "unknown" | "none" | "some", text, path, value}.
-- identity.type is matched ignoring case and the white space around the comma
-- ("SystemAssigned, UserAssigned" and "SystemAssigned,UserAssigned").
local function identity(account)
  local id = { system = false, user = false, uai = "none", path = "identity.type" }
  local ident = tg.get(account, "identity")
  if tg.is_unknown(ident) then
    id.state, id.text, id.path = "unknown", tg.unknown_text("identity", ident), "identity"
    return id
  end
  local t = tg.get(account, "identity.type")
  id.value = t
  if tg.is_unknown(t) then
    id.state, id.text = "unknown", tg.unknown_text("identity.type", t)
    return id
  end
  if tg.is_unset(t) then
    id.state = "none"
    id.text = tg.is_unset(ident) and "the account declares no identity" or "identity.type is not set"
    if tg.is_unset(ident) then id.path = "identity" end
    return id
  end
  if type(t) ~= "string" then
    id.state, id.text = "invalid", "identity.type is " .. tg.show(t) .. ", not an identity type"
    return id
  end
  local parts, n = {}, 0
  for part in (t .. ","):gmatch("([^,]*),") do
    n = n + 1
    parts[n] = tg.trim(part):lower()
  end
  if n == 1 and parts[1] == "none" then
    id.state, id.text = "none", "identity.type is " .. tg.show(t)
    return id
  end
  for i = 1, n do
    if parts[i] == "systemassigned" and not id.system then
      id.system = true
    elseif parts[i] == "userassigned" and not id.user then
      id.user = true
    else
      id.state, id.text = "invalid", "identity.type is " .. tg.show(t) .. ", not None, SystemAssigned, "
        .. "UserAssigned or \"SystemAssigned, UserAssigned\""
      return id
    end
  end
  local uai = tg.get(account, "identity.userAssignedIdentities")
  if tg.is_unknown(uai) then
    id.uai, id.uai_text = "unknown", tg.unknown_text("identity.userAssignedIdentities", uai)
  elseif type(uai) == "table" and next(uai) ~= nil then
    id.uai = "some"
  end
  id.state = "ok"
  return id
end

-- Is a customer-managed key configured? Returns a table {state = "yes" | "no" | "unknown",
-- text, path, linked, client, client_path}: the key set inline (encryption.keySource
-- Microsoft.KeyVault) or by a separate resource linked as "customer-managed-key"
-- (Terraform's azurerm_cognitive_account_customer_managed_key); client is its
-- identityClientId (nil, a string, or an unknown).
local function cmk(account)
  local src_path = "properties.encryption.keySource"
  local src = tg.get(account, src_path)
  if tg.is_unknown(src) then
    return { state = "unknown", text = tg.unknown_text("encryption.keySource", src), path = src_path }
  end
  if tg.feq(src, "Microsoft.KeyVault") then
    local cp = "properties.encryption.keyVaultProperties.identityClientId"
    return { state = "yes", text = "the account uses a customer-managed key (encryption.keySource is "
      .. tg.show(src) .. ")", path = src_path, client = tg.get(account, cp), client_path = cp }
  end
  local keys, undecided = links.customer_managed_keys(account)
  if #keys > 0 then
    local k = keys[1]
    local cp = "properties.keyVaultProperties.identityClientId"
    return { state = "yes", text = "the account uses a customer-managed key (set by " .. links.name(k) .. ")",
      linked = k, client = tg.get(k, cp), client_path = cp }
  end
  if #undecided > 0 then
    local u = undecided[1]
    return { state = "unknown", text = "customer-managed key resource '" .. links.name(u.resource)
      .. "' may set the account's key, but which account it sets is unknown: " .. u.reason,
      path = u.via, linked = u.resource }
  end
  return { state = "no" }
end

local function nonempty(v)
  return type(v) == "string" and v:find("%S") ~= nil
end

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
