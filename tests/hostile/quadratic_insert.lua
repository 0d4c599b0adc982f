-- attempts: quadratic work from cheap instructions: insert at the front of a growing list.
-- limits: instructions=2000000
-- expect: instruction budget exceeded
local t = {}
for i = 1, math.huge do table.insert(t, 1, i) end
