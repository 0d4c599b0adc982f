-- attempts: unbounded recursion through C functions (gsub calling back into Lua), which uses
-- the C stack.
-- expect: stack overflow
local function f(s) return (s:gsub(".", f)) end
return f("ab")
