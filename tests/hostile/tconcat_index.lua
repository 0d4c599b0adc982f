-- attempts: table.concat where every element comes from a C __index (table.concat itself,
-- which returns ""), so stock Lua loops in C allocating nothing.
-- expect: instruction budget exceeded
local t = setmetatable({}, {__index = table.concat})
return table.concat(t, "", 1, 1e15)
