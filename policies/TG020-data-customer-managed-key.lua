-- TG020 data.customer-managed-key: encryption.keySource is Microsoft.KeyVault with a
-- non-empty keyVaultProperties.keyName and keyVaultUri — or a separate resource linked
-- as "customer-managed-key" (Terraform's azurerm_cognitive_account_customer_managed_key)
-- sets such a key; a `global` account fails, since customer-managed keys need a
-- regional account.

local ENC = "properties.encryption"

local function nonempty(v)
  return type(v) == "string" and v:find("%S") ~= nil
end

-- Returns "pass" | "fail" | "unknown", message, path for the encryption settings.
local function encryption(account)
  local src_path = ENC .. ".keySource"
  local src = tg.get(account, src_path)
  if tg.is_unknown(src) then
    return "unknown", tg.unknown_text("encryption.keySource", src), src_path
  end
  local enc = tg.get(account, ENC)
  if not tg.is_unknown(enc) and not tg.is_unset(enc) and not tg.is_object(enc) then
    return "fail", "encryption is " .. tg.show(enc) .. ", not an object, so data at rest is encrypted with "
      .. "Microsoft-managed keys", ENC
  end
  if tg.is_unset(src) then
    if tg.is_unset(enc) then
      return "fail", "no encryption is configured, so data at rest is encrypted with Microsoft-managed keys",
        ENC
    end
    return "fail", "encryption.keySource is not set; customer-managed keys need \"Microsoft.KeyVault\"",
      src_path
  end
  if not tg.ieq(src, "Microsoft.KeyVault") then
    if tg.feq(src, "Microsoft.KeyVault") then
      return "fail", "encryption.keySource is " .. tg.show(src) .. ", not \"Microsoft.KeyVault\": remove the "
        .. "white space, the service may not take it as a customer-managed key", src_path
    end
    return "fail", "encryption.keySource is " .. tg.show(src) .. ", so data at rest is encrypted with "
      .. "Microsoft-managed keys, not a customer-managed key", src_path
  end
  local pending = nil
  for _, field in ipairs({ "keyName", "keyVaultUri" }) do
    local path = ENC .. ".keyVaultProperties." .. field
    local v = tg.get(account, path)
    if tg.is_unknown(v) then
      pending = pending or { "unknown", tg.unknown_text("encryption.keyVaultProperties." .. field, v), path }
    elseif not nonempty(v) then
      local shown = tg.is_unset(v) and "not set" or (type(v) == "string" and "empty" or tg.show(v))
      return "fail", "encryption.keySource is Microsoft.KeyVault but keyVaultProperties." .. field .. " is "
        .. shown, path
    end
  end
  if pending then return pending[1], pending[2], pending[3] end
  return "pass", "data at rest is encrypted with the customer-managed key "
    .. tg.show(tg.get(account, ENC .. ".keyVaultProperties.keyName")) .. " from "
    .. tg.show(tg.get(account, ENC .. ".keyVaultProperties.keyVaultUri"))
end

-- A key set from outside the account (Terraform's separate
-- azurerm_cognitive_account_customer_managed_key resource, linked as
-- "customer-managed-key"): "pass" | "fail" | "unknown" | nil (there is none), message,
-- path and the linked resource.
local function separate_key(account)
  local keys, undecided = links.customer_managed_keys(account)
  local pending, failure = nil, nil
  for _, k in ipairs(keys) do
    local name = links.name(k)
    local kvp = "properties.keyVaultProperties."
    local kn, uri = tg.get(k, kvp .. "keyName"), tg.get(k, kvp .. "keyVaultUri")
    if nonempty(kn) and nonempty(uri) then
      return "pass", "data at rest is encrypted with the customer-managed key " .. tg.show(kn) .. " from "
        .. tg.show(uri) .. " (set by " .. name .. ")"
    end
    for _, field in ipairs({ { "keyName", kn }, { "keyVaultUri", uri } }) do
      if tg.is_unknown(field[2]) and not pending then
        pending = { tg.unknown_text("the key " .. field[1] .. " set by " .. name, field[2]), kvp .. field[1], k }
      end
    end
    if not failure then
      failure = { name .. " sets the account's customer-managed key, but its key_vault_key_id "
        .. tg.show(tg.get(k, "properties.keyVaultKeyId")) .. " names no Key Vault key", "properties.keyVaultKeyId", k }
    end
  end
  if pending then return "unknown", pending[1], pending[2], pending[3] end
  if #undecided > 0 then
    local u = undecided[1]
    return "unknown", "customer-managed key resource '" .. links.name(u.resource) .. "' may set the "
      .. "account's key, but which account it sets is unknown: " .. u.reason, u.via, u.resource
  end
  if failure then return "fail", failure[1], failure[2], failure[3] end
  return nil
end

return {
  id = "TG020",
  name = "data.customer-managed-key",
  severity = "high",
  title = "Data at rest is encrypted with a customer-managed key",
  rationale = "Translator stores data at rest (Custom Translator training documents, models, Document "
    .. "Translation state). With a customer-managed key in your Key Vault you control, rotate and can "
    .. "revoke the key that protects it. The Translator documentation states that customer-managed keys "
    .. "do not work with a global resource: the account must be regional.",
  remediation = "Deploy the account in a region (not global), give it a managed identity with access to "
    .. "the key, and set properties.encryption.keySource to \"Microsoft.KeyVault\" with keyVaultProperties "
    .. "keyName and keyVaultUri (Key Vault in the same region and tenant, soft delete and purge protection "
    .. "on, RSA 2048 key).",
  arm_snippet = [[
{
  "type": "Microsoft.CognitiveServices/accounts",
  "apiVersion": "2024-10-01",
  "name": "tr-prod",
  "location": "westeurope",
  "kind": "TextTranslation",
  "sku": { "name": "S1" },
  "identity": { "type": "SystemAssigned" },
  "properties": {
    "customSubDomainName": "tr-prod",
    "encryption": {
      "keySource": "Microsoft.KeyVault",
      "keyVaultProperties": {
        "keyName": "translator-cmk",
        "keyVaultUri": "https://kv-prod.vault.azure.net/"
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
  azure_policy = "/providers/Microsoft.Authorization/policyDefinitions/67121cc7-ff39-4ab8-b7e3-95b84dab487d",
  mcsb = "DP-5",

  check = function(account, ctx)
    -- Resource Manager compares locations ignoring case (and the white space around them).
    local loc = tg.get(account, "location")
    if tg.feq(loc, "global") then
      return tg.fail("customer-managed keys need a regional account: this account's location is "
        .. (loc == "global" and "global" or tg.show(loc) .. " (global)"), "location")
    end
    local status, msg, path = encryption(account)
    local linked = nil -- the resource the finding is about, when not the account
    if status ~= "pass" then
      local ks, kmsg, kpath, kres = separate_key(account)
      if ks == "pass" then
        status, msg, path = "pass", kmsg, nil
      elseif ks and status == "fail" then
        status, msg, path, linked = ks, kmsg, kpath, kres
      end
    end
    if status == "fail" then
      return tg.fail(msg, path, linked)
    end
    -- Only a location that names something can be a region.
    local loc_problem = nil
    if tg.is_unknown(loc) then
      loc_problem = tg.unknown_text("location", loc)
    elseif tg.is_unset(loc) or tg.trim(loc) == "" then
      loc_problem = "location is not set" .. (loc == nil and "" or " (it is " .. tg.show(loc) .. ")")
        .. ", so whether the account is regional is not known"
    elseif type(loc) ~= "string" then
      loc_problem = "location is " .. tg.show(loc) .. ", not a location name, so whether the account is "
        .. "regional is not known"
    end
    if loc_problem then
      local text = loc_problem .. "; customer-managed keys need a regional account"
      if status == "unknown" then text = text .. "; also " .. msg end
      return tg.unknown(text, "location")
    end
    if status == "unknown" then
      return tg.unknown(msg, path, linked)
    end
    return tg.pass(msg)
  end,
}
