-- attempts: change things other policies use: the env's string table and string.find, a
-- global, the string table's metatable, the shared string methods (via method syntax).
-- The test then checks that another policy's env and ("x"):find are unchanged.
-- expect: ok
string.find = nil
string.upper = function() return "pwned" end
string.injected = true
X = "from A"
setmetatable(string, {__index = function() return function() return "pwned" end end})
table.insert = nil
math.pi = 3
assert(("abc"):find("b") == 2, "method find must still be the real one")
assert(("abc"):upper() == "ABC", "method upper must still be the real one")
local ok = pcall(function() ("x").find = nil end)
assert(not ok, "string values must be read-only")
