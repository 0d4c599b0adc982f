-- attempts: table.remove from the front of a table whose __len claims 2^62 elements.
-- expect: instruction budget exceeded
local t = setmetatable({}, {__len = function() return 1 << 62 end})
return table.remove(t, 1)
