-- tg.lua — the core of the policy SDK: reading three-way values (known, absent,
-- unknown) out of the resource tables the host builds, and making results.
--
-- Loaded first into each policy's environment. The host leaves a table `__host`
-- there with the only things Lua cannot make itself: the JSON null sentinel and three
-- C functions that read unknowns (is it one, why, its readable form). We keep private
-- references to them and remove the global, so a policy cannot reach the host's hooks,
-- only what `tg` offers.

local host = __host
if type(host) ~= "table" then
  error("tg.lua: the host did not provide __host", 0)
end
__host = nil

local NULL = host.null
local host_is_unknown = host.is_unknown
local host_reason = host.reason
local host_readable = host.readable

local type, tostring, tonumber, pairs, error = type, tostring, tonumber, pairs, error
local rawequal, math_type, math_tointeger = rawequal, math.type, math.tointeger
local s_lower, s_find, s_sub, s_format, s_reverse = string.lower, string.find, string.sub, string.format,
  string.reverse
local t_concat = table.concat
local next, setmetatable = next, setmetatable

tg = {}

tg.null = NULL

-- Unknowns and the null sentinel are both userdata; only the host can tell them apart.
local function is_unknown(v)
  return type(v) == "userdata" and not rawequal(v, NULL) and host_is_unknown(v) == true
end
tg.is_unknown = is_unknown

-- Why a value is unknown, in words ("set by [parameters('x')]"); nil for other values.
function tg.reason(v)
  if not is_unknown(v) then return nil end
  local r = host_reason(v)
  if type(r) ~= "string" or r == "" then
    return "its value is only known at deployment"
  end
  return r
end

-- The readable form of an unknown made from an ARM expression, with the parts that are
-- known filled in and the others in braces ("/subscriptions/{subscription().subscriptionId}/
-- providers/Microsoft.Authorization/roleDefinitions/<guid>"); nil for anything else.
function tg.readable(v)
  if not is_unknown(v) then return nil end
  local r = host_readable(v)
  if type(r) ~= "string" then return nil end
  return r
end

function tg.is_null(v)
  return rawequal(v, NULL)
end

-- Absent or JSON null: both mean "not set", so the service default applies.
function tg.is_unset(v)
  return v == nil or rawequal(v, NULL)
end

function tg.ieq(a, b)
  return type(a) == "string" and type(b) == "string" and (a == b or s_lower(a) == s_lower(b))
end

-- A string without its leading and trailing white space; nil for anything else. Linear
-- in the length of the string, whatever it holds.
function tg.trim(s)
  if type(s) ~= "string" then return nil end
  local first = s_find(s, "%S")
  if first == nil then return "" end
  local last = #s - s_find(s_reverse(s), "%S") + 1
  if first == 1 and last == #s then return s end
  return s_sub(s, first, last)
end

-- Folded equality: both strings, equal once trimmed and ignoring ASCII case. Use it to
-- recognise a value a rule must not let through ("global ", " Allow"); to accept a
-- good value, use tg.ieq, so that a value the service might not take never passes.
function tg.feq(a, b)
  if type(a) ~= "string" or type(b) ~= "string" then return false end
  if a == b or s_lower(a) == s_lower(b) then return true end
  return s_lower(tg.trim(a)) == s_lower(tg.trim(b))
end

-- A JSON object: a table that is not an array. The host builds both as plain tables, so
-- an empty object and an empty array cannot be told apart; an empty table counts as both
-- (tg.list takes it as an empty array).
-- The host marks JSON objects and arrays (getmetatable gives "object" or "array"), so an
-- empty object and an empty array differ; tables a policy builds itself are judged by
-- their keys.
local getmetatable = getmetatable
local function shape(v)
  if type(v) ~= "table" then return nil end
  local mt = getmetatable(v)
  if mt == "object" or mt == "array" then return mt end
  return nil
end

function tg.is_object(v)
  if type(v) ~= "table" then return false end
  local s = shape(v)
  if s then return s == "object" end
  return v[1] == nil
end

-- Member lookup as Resource Manager does it: the exact name first, then ignoring ASCII
-- case. The host already turns two members that differ only in case into one unknown
-- member, so at most one case-insensitive match is expected; should there be several,
-- the smallest name is taken so the answer never depends on table order.
local function member(t, name)
  local v = t[name]
  if v ~= nil then return v end
  local want, found = s_lower(name), nil
  for k in pairs(t) do
    if type(k) == "string" and s_lower(k) == want and (found == nil or k < found) then
      found = k
    end
  end
  if found == nil then return nil end
  return t[found]
end

-- A path is a sequence of steps: ".name" members and "[n]" 1-based indices, e.g.
-- "properties.networkAcls.ipRules[1].value" or "[2].properties". Parsed paths are cached
-- (per environment) because policies use the same few paths for every account.
local path_cache, cached = {}, 0

local function parse_path(path)
  local steps = path_cache[path]
  if steps then return steps end
  if cached >= 512 then path_cache, cached = {}, 0 end -- a policy building paths on the fly
  steps = {}
  local i, n = 1, #path
  while i <= n do
    local c = s_sub(path, i, i)
    if c == "." then
      i = i + 1
    elseif c == "[" then
      local close = s_find(path, "]", i + 1, true)
      local idx = close and tonumber(s_sub(path, i + 1, close - 1))
      if not idx or math_type(idx) ~= "integer" or idx < 1 then
        error(s_format("tg.get: bad index in path %q", path), 3)
      end
      steps[#steps + 1] = idx
      i = close + 1
    else
      local stop = i
      while stop <= n do
        local d = s_sub(path, stop, stop)
        if d == "." or d == "[" then break end
        stop = stop + 1
      end
      steps[#steps + 1] = s_sub(path, i, stop - 1)
      i = stop
    end
  end
  path_cache[path] = steps
  cached = cached + 1
  return steps
end

-- Follows path from t. Returns the value; nil when a step is absent (or when a step
-- meets something that is not an object/array, e.g. null or a string); or the first
-- unknown met on the way, so a caller only has to test the result.
function tg.get(t, path)
  if type(path) ~= "string" then error("tg.get: path must be a string", 2) end
  local steps = parse_path(path)
  local v = t
  for i = 1, #steps do
    if is_unknown(v) then return v end
    if type(v) ~= "table" then return nil end
    local step = steps[i]
    if type(step) == "number" then
      v = v[step]
    else
      v = member(v, step)
    end
    if v == nil then return nil end
  end
  return v
end

-- Arrays: a known array as a Lua sequence, {} when absent or null, the unknown itself
-- when unknown, or nil plus a word when the value is there but not an array.
local EMPTY = setmetatable({}, { __newindex = function() error("tg.list: the empty list is read-only", 2) end })
function tg.list(v)
  if v == nil or rawequal(v, NULL) then return EMPTY end
  if is_unknown(v) then return v end
  if type(v) ~= "table" then return nil, type(v) end
  local s = shape(v)
  if s == "array" then return v end
  if s == "object" then return nil, "object" end
  for k in pairs(v) do
    if type(k) ~= "number" then return nil, "object" end
  end
  return v
end

-- A short rendering of a value for messages: strings quoted (and cut), objects and
-- arrays described, unknowns as "an unknown value".
function tg.show(v)
  if v == nil then return "absent" end
  if rawequal(v, NULL) then return "null" end
  if is_unknown(v) then return "an unknown value" end
  local ty = type(v)
  if ty == "string" then
    if #v > 80 then v = s_sub(v, 1, 77) .. "..." end
    return s_format("%q", v)
  end
  if ty == "number" then
    -- Integral floats read as integers ("0", not "0.0"), exactly, while they are exact
    -- (|v| < 2^53); larger ones, NaN and infinities as Lua writes them ("1e+20").
    if math_type(v) == "float" and v > -9007199254740992.0 and v < 9007199254740992.0 then
      local i = math_tointeger(v)
      if i ~= nil then return tostring(i) end
    end
    return tostring(v)
  end
  if ty == "boolean" then return tostring(v) end
  if ty == "table" then
    if next(v) == nil then return "[]" end
    if v[1] == nil then return "an object" end
    local parts, n = {}, #v
    for i = 1, n < 5 and n or 5 do
      local item = v[i]
      parts[i] = type(item) == "table" and (item[1] ~= nil and "[...]" or "{...}") or tg.show(item)
    end
    if n > 5 then parts[6] = "..." end
    return "[" .. t_concat(parts, ", ") .. "]"
  end
  return ty
end

-- "a, b and c"
function tg.join(list, last)
  local n = #list
  if n == 0 then return "" end
  if n == 1 then return list[1] end
  return t_concat(list, ", ", 1, n - 1) .. " " .. (last or "and") .. " " .. list[n]
end

-- Results. `path` is relative to the account, or to `linked` (a `resource` taken from
-- account.links) when one is given; the host turns it into a file position, falling
-- back to the nearest part of the path that exists in the file.
local function result(status, fn, msg, path, linked)
  if type(msg) ~= "string" or msg == "" then
    error(s_format("tg.%s: the message must be a non-empty string", fn), 3)
  end
  if path ~= nil and type(path) ~= "string" then
    error(s_format("tg.%s: path must be a string or nil", fn), 3)
  end
  local id = nil
  if linked ~= nil then
    if type(linked) ~= "table" or linked._id == nil then
      error(s_format("tg.%s: linked must be a resource from account.links", fn), 3)
    end
    id = linked._id
  end
  return { status = status, message = msg, path = path, resource = id }
end

function tg.pass(msg) return result("pass", "pass", msg) end
function tg.fail(msg, path, linked) return result("fail", "fail", msg, path, linked) end
function tg.unknown(reason, path, linked) return result("unknown", "unknown", reason, path, linked) end
function tg.na(reason) return result("n/a", "na", reason) end

-- A sentence for an unknown value: "<what> <reason>". The host phrases every reason to
-- follow the name of what it is about ("comes from the expression [...]", "is written
-- twice, ...").
function tg.unknown_text(what, v)
  return what .. " " .. (tg.reason(v) or "is unknown")
end


-- Account helpers shared by several rules.

-- tg.public_access(account) → state, value: state is "disabled" when
-- properties.publicNetworkAccess is Disabled (any case), "unknown" when it cannot be
-- known (value is then the unknown), else "enabled" (absent and null mean the service
-- default, Enabled; any other value is not Disabled either).
function tg.public_access(account)
  local v = tg.get(account, "properties.publicNetworkAccess")
  if is_unknown(v) then return "unknown", v end
  if tg.ieq(v, "Disabled") then return "disabled", v end
  return "enabled", v
end
