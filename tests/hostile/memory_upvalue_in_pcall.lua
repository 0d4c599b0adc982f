-- attempts: keep memory at the cap through an upvalue of the function called in pcall, in an
-- endless loop, so that every round catches "not enough memory" and goes on.
-- expect: memory limit exceeded
local keep = {}
local function fill()
  while true do keep[#keep + 1] = {} end
end
while true do
  local ok = pcall(fill)
  ok = pcall(fill)
end
