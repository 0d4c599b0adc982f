-- attempts: double a string in a loop until the process runs out of memory.
-- expect: memory limit exceeded
local s = "x"
while true do s = s .. s end
