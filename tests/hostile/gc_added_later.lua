-- attempts: add __gc to the metatable after setmetatable. Lua ignores a __gc added later, so
-- the finalizer never runs; the chunk then fails on purpose to show it got this far.
-- expect: __gc added later is inert
local mt = {}
setmetatable({}, mt)
mt.__gc = function() while true do end end
error("__gc added later is inert")
