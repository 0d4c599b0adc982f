-- attempts: raise a table whose __tostring loops, hoping the message handler calls it.
-- expect: (error object is a table value)
error(setmetatable({}, {__tostring = function() while true do end end}))
