-- attempts: table.insert at the front of a table whose __len claims 2^62 elements.
-- expect: instruction budget exceeded
local t = setmetatable({}, {__len = function() return 1 << 62 end})
table.insert(t, 1, "x")
