-- attempts: a finalizer, which would run later inside another policy's call (with hooks off).
-- expect: a __gc metamethod is not allowed
setmetatable({}, {__gc = function() while true do end end})
