-- attempts: grow a table until the process runs out of memory.
-- expect: memory limit exceeded
local t = {}
for i = 1, math.huge do t[i] = i end
