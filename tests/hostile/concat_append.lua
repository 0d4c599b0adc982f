-- attempts: append one byte at a time. Each step copies the whole string, so the work is
-- quadratic while the instruction count is linear (10M instructions: ~2.5M steps, ~3e12 bytes
-- copied, minutes of CPU); the charge for allocated bytes must stop it within the budget.
-- expect: instruction budget exceeded
local s = ""
while true do s = s .. "x" end
