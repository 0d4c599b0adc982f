-- attempts: stall the run with instructions that are each slow but cheap to count: comparing
-- two equal 8 MiB strings is one instruction and a full memcmp, so the instruction budget
-- alone would allow minutes of CPU. The wall-clock backstop stops it.
-- expect: time limit exceeded
local a = ("x"):rep(8 << 20)
local b = ("x"):rep((8 << 20) - 1) .. "x"
local n = 0
while true do
  if a == b then n = n + 1 end
end
