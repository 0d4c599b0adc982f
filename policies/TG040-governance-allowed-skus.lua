-- TG040 governance.allowed-skus: with settings.allowed_skus (a non-empty list), sku.name is
-- one of them (ignoring case). Without it, the one SKU known to be wrong is judged: the free
-- tier F0, which does not support Document Translation, fails when Document Translation
-- features (user-owned storage) are configured; another SKU then passes; without them the
-- rule is n/a.

local SKU = "sku.name"
local STORAGE = "properties.userOwnedStorage"

-- The configured list, or nil when it is not configured or empty.
local function allowed_list(ctx)
  local l = ctx and ctx.settings and ctx.settings.allowed_skus
  if type(l) ~= "table" or #l == 0 then return nil end
  return l
end

local function quoted(list)
  local out = {}
  for i, v in ipairs(list) do out[i] = tg.show(v) end
  return tg.join(out, "or")
end

local function with_allowed(account, allowed)
  local v = tg.get(account, SKU)
  if tg.is_unknown(v) then
    return tg.unknown(tg.unknown_text("sku.name", v), SKU)
  end
  if tg.is_unset(v) then
    return tg.fail("sku.name is not set, so the SKU is not one of the allowed SKUs (" .. quoted(allowed) .. ")",
      SKU)
  end
  if type(v) ~= "string" then
    return tg.fail("sku.name is " .. tg.show(v) .. ", not one of the allowed SKUs (" .. quoted(allowed) .. ")",
      SKU)
  end
  for _, a in ipairs(allowed) do
    if tg.ieq(v, a) then return tg.pass("the SKU " .. tg.show(v) .. " is allowed") end
  end
  for _, a in ipairs(allowed) do
    if tg.feq(v, a) then
      return tg.fail("sku.name is " .. tg.show(v) .. ", not " .. tg.show(a) .. ": remove the white space; "
        .. "the service may not take it", SKU)
    end
  end
  return tg.fail("the SKU " .. tg.show(v) .. " is not one of the allowed SKUs (" .. quoted(allowed) .. ")", SKU)
end

local function without_allowed(account)
  local raw = tg.get(account, STORAGE)
  local storage = tg.list(raw)
  local sku = tg.get(account, SKU)
  local free = tg.feq(sku, "F0")
  if tg.is_unknown(storage) then
    if free then
      return tg.unknown(tg.unknown_text("userOwnedStorage", storage) .. ", and the free tier F0 does not "
        .. "support Document Translation", STORAGE)
    end
    if tg.is_unknown(sku) then
      return tg.unknown(tg.unknown_text("sku.name", sku), SKU)
    end
    return tg.na("no allowed_skus setting, and whether Document Translation (userOwnedStorage) is configured "
      .. tg.reason(storage) .. "; the SKU " .. tg.show(sku) .. " is not F0 in any case")
  end
  if storage == nil or #storage == 0 then
    return tg.na("no allowed_skus setting, and no Document Translation features (userOwnedStorage) are "
      .. "configured")
  end
  if tg.is_unknown(sku) then
    return tg.unknown(tg.unknown_text("sku.name", sku) .. ", and Document Translation (userOwnedStorage) is "
      .. "configured, which the free tier F0 does not support", SKU)
  end
  if tg.is_unset(sku) then
    return tg.unknown("sku.name is not set, so whether the tier supports the Document Translation configured "
      .. "(userOwnedStorage) cannot be told", SKU)
  end
  if free then
    return tg.fail("the SKU is " .. tg.show(sku) .. " (free), which does not support Document Translation, but "
      .. "user-owned storage for it is configured", SKU)
  end
  return tg.pass("the SKU " .. tg.show(sku) .. " is not the free tier, so it can serve the Document "
    .. "Translation configured (userOwnedStorage)")
end

return {
  id = "TG040",
  name = "governance.allowed-skus",
  severity = "low",
  title = "The account's SKU is an allowed one",
  rationale = "The pricing tier decides cost, throughput and features: the free tier F0 has a small monthly "
    .. "quota, no SLA and no Document Translation, so an F0 account wired to user-owned storage for "
    .. "Document Translation cannot work, and teams usually allow only a few paid tiers. Set allowed_skus "
    .. "to enforce your own list.",
  remediation = "Use an allowed SKU (settings.allowed_skus in .transguard.yaml); for Document Translation a "
    .. "paid tier such as S1, C2, C3, C4 or D3, not F0.",
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
    "userOwnedStorage": [
      { "resourceId": "[resourceId('Microsoft.Storage/storageAccounts', 'stdocsprod')]" }
    ]
  }
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  name                  = "tr-prod"
  location              = "westeurope"
  resource_group_name   = "rg-translator"
  kind                  = "TextTranslation"
  sku_name              = "S1"
  custom_subdomain_name = "tr-prod"

  identity {
    type = "SystemAssigned"
  }
  storage {
    storage_account_id = azurerm_storage_account.docs.id
  }
}]],
  -- "Cognitive Services accounts should restrict SKUs" is not a built-in; the generic
  -- "Allowed resource types" / "Allowed virtual machine size SKUs" do not cover it.
  azure_policy = nil,
  mcsb = nil,

  check = function(account, ctx)
    local allowed = allowed_list(ctx)
    if allowed then return with_allowed(account, allowed) end
    return without_allowed(account)
  end,
}
