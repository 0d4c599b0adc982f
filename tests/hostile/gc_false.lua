-- attempts: __gc = false, which still marks the object for finalization in Lua 5.4.
-- expect: a __gc metamethod is not allowed
setmetatable({}, {__gc = false})
