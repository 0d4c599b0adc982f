-- acct.lua — what several rules need to know about an account as a whole: its managed
-- identity and its customer-managed key (inline, or a separate Terraform resource linked to it).
-- Loaded after tg.lua; uses `links` only when called.

acct = {}

-- The account's managed identity: a table {state = "unknown" | "none" | "invalid" | "ok",
-- system = bool, user = bool, uai = "unknown" | "none" | "some", text, path, value}.
-- identity.type is matched ignoring case and the white space around the comma
-- ("SystemAssigned, UserAssigned" and "SystemAssigned,UserAssigned").
function acct.identity(account)
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
function acct.cmk(account)
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

function acct.nonempty(v)
  return type(v) == "string" and v:find("%S") ~= nil
end

-- acct.judge_diagnostic_settings(account, judge, what): the shape of the rules about what the
-- account's diagnostic settings enable (TG031, TG032). judge(setting) returns "yes", "no" or
-- "unknown" with a message and a path; one "yes" passes, an undecided setting or an unknown
-- makes the rule unknown unless one passes, else the first "no" fails. n/a without settings.
function acct.judge_diagnostic_settings(account, judge, what)
  local settings, undecided = links.diagnostic_settings(account)
  if #settings == 0 and #undecided == 0 then
    return tg.na("no diagnostic setting in the input set targets the account (TG030 judges that)")
  end
  local unknowns, failure = {}, nil
  for _, s in ipairs(settings) do
    local name = links.name(s)
    local r, msg, path = judge(s)
    if r == "yes" then
      return tg.pass("diagnostic setting '" .. name .. "' enables " .. what)
    elseif r == "no" then
      failure = failure or { "diagnostic setting '" .. name .. "' " .. msg, path, s }
    else
      unknowns[#unknowns + 1] = { "diagnostic setting '" .. name .. "': " .. msg, path, s }
    end
  end
  for _, u in ipairs(undecided) do
    unknowns[#unknowns + 1] = { "diagnostic setting '" .. links.name(u.resource) .. "' may target the "
      .. "account, but which account it targets is unknown: " .. u.reason, u.via, u.resource }
  end
  if #unknowns > 0 then
    local u = unknowns[1]
    local msg = u[1]
    if #unknowns > 1 then
      msg = msg .. string.format(" (and %d more undecided diagnostic setting(s))", #unknowns - 1)
    end
    if failure then msg = msg .. "; " .. failure[1] end
    return tg.unknown(msg, u[2], u[3])
  end
  return tg.fail(failure[1], failure[2], failure[3])
end

-- Whether a diagnostic-setting entry's `enabled` enables it: only true, or leaving it out,
-- does. Returns nil when it does, else a phrase saying why not.
function acct.not_enabled(v)
  if v == nil or v == true then return nil end
  if v == false then return "enabled set to false" end
  if tg.is_null(v) then return "enabled set to null, which is not true" end
  return "enabled set to " .. tg.show(v) .. ", which is not the boolean true"
end

-- acct.setting_enables(setting, spec): does a diagnostic setting enable an entry of
-- properties.<spec.list> ("logs" or "metrics") whose category is one of spec.categories or
-- whose categoryGroup is one of spec.groups? Returns "yes", or "no" / "unknown" with a
-- message (spec.listed, spec.empty and spec.missing word it) and a path in the setting.
function acct.setting_enables(s, spec)
  local list = spec.list
  local raw = tg.get(s, "properties." .. list)
  local entries = tg.list(raw)
  if tg.is_unknown(entries) then
    return "unknown", tg.unknown_text(list, entries), "properties." .. list
  end
  if entries == nil then
    return "no", "has " .. list .. " that are not an array (" .. tg.show(raw) .. ")", "properties." .. list
  end
  local function one_of(v, names)
    for _, n in ipairs(names or {}) do
      if tg.ieq(v, n) then return true end
    end
    return false
  end
  local pending, disabled, disabled_why = nil, nil, nil
  for i, entry in ipairs(entries) do
    local path = string.format("properties.%s[%d]", list, i)
    local label = string.format("%s[%d]", list, i)
    if tg.is_unknown(entry) then
      pending = pending or { tg.unknown_text(label, entry), path }
    elseif type(entry) == "table" then
      local cat = tg.get(entry, "category")
      local group = tg.get(entry, "categoryGroup")
      local match = one_of(cat, spec.categories) or one_of(group, spec.groups)
      local maybe = nil
      if not match then
        if tg.is_unknown(cat) then
          maybe = { tg.unknown_text(label .. ".category", cat), path .. ".category" }
        elseif tg.is_unknown(group) then
          maybe = { tg.unknown_text(label .. ".categoryGroup", group), path .. ".categoryGroup" }
        end
      end
      if match or maybe then
        local enabled = tg.get(entry, "enabled")
        if tg.is_unknown(enabled) then
          pending = pending or { tg.unknown_text(label .. ".enabled", enabled), path .. ".enabled" }
        elseif acct.not_enabled(enabled) then
          if match and not disabled then disabled, disabled_why = path .. ".enabled", acct.not_enabled(enabled) end
        elseif match then
          return "yes"
        else
          pending = pending or maybe
        end
      end
    end
  end
  if pending then return "unknown", pending[1], pending[2] end
  if disabled then
    return "no", "lists " .. spec.listed .. " with " .. disabled_why .. " (only true, or leaving enabled out, "
      .. "enables them)", disabled
  end
  if #entries == 0 then return "no", spec.empty, "properties." .. list end
  return "no", spec.missing, "properties." .. list
end
