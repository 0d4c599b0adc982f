-- TG022 data.key-vault-protection: the key vault of the account's customer-managed key (when
-- it is in the input set) has soft delete and purge protection on, and the key is RSA or
-- RSA-HSM of 2048 bits or more.

local function first(r, paths)
  for _, p in ipairs(paths) do
    local v = tg.get(r, p)
    if v ~= nil then return v, p end
  end
  return nil, paths[1]
end

-- nil when fine; else status ("fail" | "unknown"), message, path.
local function vault_problem(v)
  local name = links.name(v)
  local sd, sdp = first(v, { "properties.enableSoftDelete", "properties.soft_delete_enabled" })
  if tg.is_unknown(sd) then return "unknown", "key vault '" .. name .. "': " .. tg.unknown_text("enableSoftDelete", sd), sdp end
  if sd == false then return "fail", "key vault '" .. name .. "' has soft delete off", sdp end
  local pp, ppp = first(v, { "properties.enablePurgeProtection", "properties.purge_protection_enabled" })
  if tg.is_unknown(pp) then return "unknown", "key vault '" .. name .. "': " .. tg.unknown_text("purge protection", pp), ppp end
  if pp ~= true then return "fail", "key vault '" .. name .. "' does not have purge protection on", ppp end
  return nil
end

local function key_problem(k)
  local name = links.name(k)
  local kty, ktp = first(k, { "properties.kty", "properties.key_type" })
  if tg.is_unknown(kty) then return "unknown", "key '" .. name .. "': " .. tg.unknown_text("key type", kty), ktp end
  if type(kty) ~= "string" or (kty:upper() ~= "RSA" and kty:upper() ~= "RSA-HSM") then
    return "fail", "key '" .. name .. "' is of type " .. tg.show(kty) .. ", not RSA or RSA-HSM", ktp
  end
  local size, sp = first(k, { "properties.keySize", "properties.key_size" })
  if tg.is_unknown(size) then return "unknown", "key '" .. name .. "': " .. tg.unknown_text("key size", size), sp end
  if type(size) ~= "number" or size < 2048 then
    return "fail", "key '" .. name .. "' has size " .. tg.show(size) .. ", below 2048 bits", sp
  end
  return nil
end

return {
  id = "TG022",
  name = "data.key-vault-protection",
  severity = "high",
  title = "The customer-managed key's vault is protected against deletion and the key is strong",
  rationale = "If the key vault or key behind a customer-managed key is deleted or purged, the "
    .. "Translator account's data (custom models, glossaries, documents) can no longer be "
    .. "decrypted. Soft delete and purge protection make deletion recoverable; an RSA key of at "
    .. "least 2048 bits is what the service requires and what current guidance calls strong.",
  remediation = "Set enableSoftDelete (default on) and enablePurgeProtection to true on the vault "
    .. "(Terraform purge_protection_enabled = true), and use an RSA or RSA-HSM key of 2048 bits "
    .. "or more.",
  arm_snippet = [[
{
  "type": "Microsoft.KeyVault/vaults",
  "apiVersion": "2023-07-01",
  "name": "kv-prod",
  "location": "westeurope",
  "properties": {
    "tenantId": "[subscription().tenantId]",
    "sku": { "family": "A", "name": "standard" },
    "enableSoftDelete": true,
    "enablePurgeProtection": true,
    "enableRbacAuthorization": true
  }
},
{
  "type": "Microsoft.KeyVault/vaults/keys",
  "apiVersion": "2023-07-01",
  "name": "kv-prod/tr-cmk",
  "properties": { "kty": "RSA", "keySize": 3072 }
},
{
  "type": "Microsoft.CognitiveServices/accounts",
  "apiVersion": "2024-10-01",
  "name": "tr-prod",
  "location": "westeurope",
  "kind": "TextTranslation",
  "sku": { "name": "S1" },
  "identity": { "type": "SystemAssigned" },
  "properties": {
    "encryption": {
      "keySource": "Microsoft.KeyVault",
      "keyVaultProperties": { "keyVaultUri": "https://kv-prod.vault.azure.net/", "keyName": "tr-cmk" }
    }
  }
}]],
  terraform_snippet = [[
resource "azurerm_key_vault" "kv" {
  name                     = "kv-prod"
  location                 = "westeurope"
  resource_group_name      = "rg-translator"
  tenant_id                = "00000000-0000-0000-0000-000000000000"
  sku_name                 = "standard"
  purge_protection_enabled = true
}

resource "azurerm_key_vault_key" "cmk" {
  name         = "tr-cmk"
  key_vault_id = azurerm_key_vault.kv.id
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}

customer_managed_key {
  key_vault_key_id = azurerm_key_vault_key.cmk.id
}]],
  mcsb = "DP-6",

  check = function(account, ctx)
    local vaults, keys = links.key_vaults(account), links.keys(account)
    if #vaults == 0 then
      local uri = tg.get(account, "properties.encryption.keyVaultProperties.keyVaultUri")
      if tg.is_unknown(uri) and #keys == 0 then
        return tg.unknown("which key vault holds the customer-managed key is unknown: "
          .. tg.unknown_text("keyVaultUri", uri), "properties.encryption.keyVaultProperties.keyVaultUri")
      end
      if tg.is_unset(uri) and #keys == 0 then
        return tg.na("the account has no customer-managed key in a key vault")
      end
      return tg.na("the key vault of the customer-managed key is not in the input set, so its "
        .. "protection cannot be checked here")
    end
    local unknown
    for _, v in ipairs(vaults) do
      local st, msg, path = vault_problem(v)
      if st == "fail" then return tg.fail(msg, path, v) end
      if st == "unknown" then unknown = unknown or { msg, path, v } end
    end
    for _, k in ipairs(keys) do
      local st, msg, path = key_problem(k)
      if st == "fail" then return tg.fail(msg, path, k) end
      if st == "unknown" then unknown = unknown or { msg, path, k } end
    end
    if unknown then return tg.unknown(unknown[1], unknown[2], unknown[3]) end
    local msg = "key vault '" .. links.name(vaults[1]) .. "' has soft delete and purge protection on"
    if #keys > 0 then
      msg = msg .. ", and key '" .. links.name(keys[1]) .. "' is RSA of 2048 bits or more"
    else
      msg = msg .. " (the key itself is not in the input set)"
    end
    return tg.pass(msg)
  end,
}
