-- attempts: exponential backtracking in one string.find call (129 s of CPU in stock Lua).
-- expect: pattern too complex for a subject of 300 bytes
return string.find(string.rep("a", 300), "a-a-a-a-b")
