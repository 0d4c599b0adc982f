-- TG011 identity.managed-identity: an account that needs a managed identity (customer-managed
-- keys, user-owned storage) has one; a declared UserAssigned identity lists at least one.

-- identity(account), cmk(account) and nonempty(v) are shared with other rules (lua/acct.lua).
local identity, cmk, nonempty = acct.identity, acct.cmk, acct.nonempty

local UOS = "properties.userOwnedStorage"

return {
  id = "TG011",
  name = "identity.managed-identity",
  severity = "medium",
  title = "The account has the managed identity its features need",
  rationale = "Customer-managed keys and user-owned storage (Document Translation) are reached with the "
    .. "account's managed identity. Without one the service cannot read the key or the storage, and teams "
    .. "fall back to SAS URLs or keys, secrets that leak and do not expire on their own. Document "
    .. "Translation reaches storage only with the system-assigned identity.",
  remediation = "Give the account a managed identity: identity.type \"SystemAssigned\" (what Document "
    .. "Translation and a customer-managed key without identityClientId use), or \"UserAssigned\" with the "
    .. "identities listed in userAssignedIdentities, and grant it access to the key or the storage "
    .. "(Storage Blob Data Contributor).",
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
      { "resourceId": "[resourceId('Microsoft.Storage/storageAccounts', 'sttranslatorprod')]" }
    ]
  }
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  name                  = "tr-prod"
  location              = "westeurope"
  resource_group_name   = azurerm_resource_group.rg.name
  kind                  = "TextTranslation"
  sku_name              = "S1"
  custom_subdomain_name = "tr-prod"
  identity {
    type = "SystemAssigned"
  }
  storage {
    storage_account_id = azurerm_storage_account.documents.id
  }
}]],
  azure_policy = nil,
  mcsb = "IM-3",

  check = function(account, ctx)
    local id = identity(account)
    -- A UserAssigned identity with no identity listed gives the account nothing (Resource
    -- Manager rejects it), whatever needs it.
    if id.state == "ok" and id.user and id.uai == "none" then
      return tg.fail("identity.type " .. tg.show(id.value) .. " declares a user-assigned identity but "
        .. "userAssignedIdentities lists none", "identity.userAssignedIdentities")
    end

    local needs, pending = {}, nil
    local key = cmk(account)
    if key.state == "yes" then
      needs[#needs + 1] = { what = "a customer-managed key", path = key.path, linked = key.linked }
    elseif key.state == "unknown" then
      pending = { key.text, key.path, key.linked }
    end

    local raw = tg.get(account, UOS)
    local storage = {}
    if tg.is_unknown(raw) then
      pending = pending or { tg.unknown_text("userOwnedStorage", raw), UOS }
    else
      local list = tg.list(raw)
      if list == nil then
        return tg.fail("userOwnedStorage is " .. tg.show(raw) .. ", not a list of storage accounts", UOS)
      end
      for i = 1, #list do
        storage[#storage + 1] = { item = list[i], path = UOS .. "[" .. i .. "]" }
      end
      if #storage > 0 then
        needs[#needs + 1] = { what = "user-owned storage", path = UOS }
      end
    end

    if #needs == 0 and not pending then
      if id.state == "invalid" then
        return tg.fail(id.text, id.path)
      end
      return tg.na("nothing needs a managed identity: no customer-managed key and no user-owned storage")
    end

    local need_text = {}
    for i = 1, #needs do need_text[i] = needs[i].what end
    local needed = tg.join(need_text)

    if id.state == "unknown" then
      return tg.unknown(id.text .. (needed ~= "" and "; the account uses " .. needed or ""), id.path)
    end
    if id.state == "invalid" then
      return tg.fail(id.text .. (needed ~= "" and "; the account uses " .. needed .. ", which needs one" or ""),
        id.path)
    end
    if id.state == "none" then
      if #needs == 0 then
        return tg.unknown(pending[1] .. ", and " .. id.text .. ", so whether it lacks one it needs is not "
          .. "known", pending[2], pending[3])
      end
      return tg.fail("the account uses " .. needed .. ", which is reached with a managed identity, but "
        .. id.text, id.path)
    end

    -- User-owned storage: an entry with identityClientId is reached with that
    -- user-assigned identity; one without it with the system-assigned identity (the only
    -- kind Document Translation supports).
    for _, s in ipairs(storage) do
      local client = tg.get(s.item, "identityClientId")
      if tg.is_unknown(client) then
        pending = pending or { tg.unknown_text(s.path:sub(12) .. ".identityClientId", client),
          s.path .. ".identityClientId" }
      elseif type(client) == "string" and client:find("%S") then
        if not id.user then
          return tg.fail(s.path:sub(12) .. " names the user-assigned identity " .. tg.show(client) .. ", but "
            .. "identity.type " .. tg.show(id.value) .. " does not include UserAssigned", id.path)
        end
        if id.uai == "unknown" then
          pending = pending or { id.uai_text, "identity.userAssignedIdentities" }
        end
      elseif not id.system then
        return tg.fail(s.path:sub(12) .. " is reached with the system-assigned identity (Document Translation "
          .. "supports only that one), but identity.type " .. tg.show(id.value) .. " does not include "
          .. "SystemAssigned", id.path)
      end
    end
    if id.user and id.uai == "unknown" and not id.system then
      pending = pending or { id.uai_text, "identity.userAssignedIdentities" }
    end
    if pending then
      return tg.unknown(pending[1], pending[2], pending[3])
    end
    return tg.pass("the account has a managed identity (" .. tg.show(id.value) .. ") for " .. needed)
  end,
}
