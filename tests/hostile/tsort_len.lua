-- attempts: table.sort on 2^31-2 "elements" from __len, read and written through C
-- metamethods (rawlen, rawequal): n log n steps in C.
-- expect: instruction budget exceeded
local t = setmetatable({}, {__len = function() return (1 << 31) - 2 end,
                            __index = rawlen, __newindex = rawequal})
table.sort(t)
