-- attempts: append one byte at a time. Each step copies the whole string, so the work is
-- quadratic while the instruction count is linear; the allocation charge must stop it.
-- limits: instructions=1000000
-- expect: instruction budget exceeded
local s = ""
while true do s = s .. "x" end
