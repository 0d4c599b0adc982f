-- attempts: a plain find whose first byte matches everywhere: (n - m) * m byte comparisons
-- (8e6 * 8e6) in one C call.
-- expect: pattern too complex for a subject of 16000000 bytes
local s = ("a"):rep(16000000)
return s:find(("a"):rep(8000000) .. "b", 1, true)
