-- attempts: the same backtracking through method syntax (the string metatable's find).
-- expect: pattern too complex for a subject of 300 bytes
local s = ("a"):rep(300)
return s:find("a-a-a-a-b")
