-- TG023 data.key-rotation: the account's customer-managed key (when it is in the input set)
-- has a rotation policy with a rotate action.

-- A block that Terraform may give as a one-element list: its first element, or the object.
local function block(v)
  if v == nil or tg.is_unknown(v) or not tg.is_object(v) then
    local l = tg.list(v)
    if type(l) == "table" and not tg.is_unknown(l) then return l[1] end
    return v
  end
  return v
end

-- nil when the key rotates; else status ("fail" | "unknown"), message, path.
local function key_problem(k)
  local name = links.name(k)
  local arm = tg.get(k, "properties.rotationPolicy")
  if arm ~= nil and not tg.is_null(arm) then
    if tg.is_unknown(arm) then
      return "unknown", "key '" .. name .. "': " .. tg.unknown_text("rotationPolicy", arm), "properties.rotationPolicy"
    end
    local actions = tg.list(tg.get(arm, "lifetimeActions"))
    if actions == nil then
      return "fail", "key '" .. name .. "' has a rotation policy whose lifetimeActions is not a list", "properties.rotationPolicy.lifetimeActions"
    end
    if tg.is_unknown(actions) then
      return "unknown", "key '" .. name .. "': " .. tg.unknown_text("lifetimeActions", actions), "properties.rotationPolicy.lifetimeActions"
    end
    local unknown
    for i, a in ipairs(actions) do
      local t = tg.get(a, "action.type")
      if tg.is_unknown(t) then
        unknown = unknown or { tg.unknown_text("lifetime action type", t), "properties.rotationPolicy.lifetimeActions[" .. (i - 1) .. "].action.type" }
      elseif type(t) == "string" and tg.ieq(t, "rotate") then
        return nil
      end
    end
    if unknown then return "unknown", "key '" .. name .. "': " .. unknown[1], unknown[2] end
    return "fail", "key '" .. name .. "' has a rotation policy without a rotate action", "properties.rotationPolicy.lifetimeActions"
  end
  local tf = tg.get(k, "properties.rotation_policy")
  if tf ~= nil and not tg.is_null(tf) then
    if tg.is_unknown(tf) then
      return "unknown", "key '" .. name .. "': " .. tg.unknown_text("rotation_policy", tf), "properties.rotation_policy"
    end
    local rp = block(tf)
    if tg.is_unknown(rp) then
      return "unknown", "key '" .. name .. "': " .. tg.unknown_text("rotation_policy", rp), "properties.rotation_policy"
    end
    local auto = type(rp) == "table" and block(tg.get(rp, "automatic")) or nil
    if tg.is_unknown(auto) then
      return "unknown", "key '" .. name .. "': " .. tg.unknown_text("rotation_policy.automatic", auto), "properties.rotation_policy.automatic"
    end
    if type(auto) == "table" then
      local before, after = tg.get(auto, "time_before_expiry"), tg.get(auto, "time_after_create")
      if (before ~= nil and not tg.is_null(before)) or (after ~= nil and not tg.is_null(after)) then
        return nil
      end
    end
    return "fail", "key '" .. name .. "' has a rotation_policy without an automatic rotation", "properties.rotation_policy"
  end
  return "fail", "key '" .. name .. "' has no rotation policy", "properties.rotationPolicy"
end

return {
  id = "TG023",
  name = "data.key-rotation",
  severity = "low",
  title = "The customer-managed key rotates automatically",
  rationale = "A key that never changes gives a leaked or weakened key unlimited use. A Key "
    .. "Vault rotation policy with a rotate action creates new key versions on a schedule; the "
    .. "Translator account picks up the latest version when it uses no pinned version.",
  remediation = "Give the key a rotationPolicy whose lifetimeActions include an action of type "
    .. "Rotate (Terraform: a rotation_policy block with automatic { time_before_expiry or "
    .. "time_after_create }).",
  arm_snippet = [[
{
  "type": "Microsoft.KeyVault/vaults/keys",
  "apiVersion": "2023-07-01",
  "name": "kv-prod/tr-cmk",
  "properties": {
    "kty": "RSA",
    "keySize": 3072,
    "rotationPolicy": {
      "attributes": { "expiryTime": "P1Y" },
      "lifetimeActions": [
        { "trigger": { "timeBeforeExpiry": "P30D" }, "action": { "type": "rotate" } }
      ]
    }
  }
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
resource "azurerm_key_vault_key" "cmk" {
  name         = "tr-cmk"
  key_vault_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-translator/providers/Microsoft.KeyVault/vaults/kv-prod"
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]

  rotation_policy {
    expire_after         = "P1Y"
    notify_before_expiry = "P29D"

    automatic {
      time_before_expiry = "P30D"
    }
  }
}

customer_managed_key {
  key_vault_key_id = azurerm_key_vault_key.cmk.id
}]],
  mcsb = "DP-6",

  check = function(account, ctx)
    local keys = links.keys(account)
    if #keys == 0 then
      return tg.na("the customer-managed key is not in the input set (or the account has none), "
        .. "so its rotation cannot be checked here")
    end
    local unknown
    for _, k in ipairs(keys) do
      local st, msg, path = key_problem(k)
      if st == "fail" then return tg.fail(msg, path, k) end
      if st == "unknown" then unknown = unknown or { msg, path, k } end
    end
    if unknown then return tg.unknown(unknown[1], unknown[2], unknown[3]) end
    return tg.pass("key '" .. links.name(keys[1]) .. "' has a rotation policy with a rotate action")
  end,
}
