-- attempts: build a string to the cap inside pcall, then catch the memory error and build it
-- again, forever.
-- expect: memory limit exceeded
local keep = {}
while true do
  pcall(function()
    local s = "x"
    while true do
      s = s .. s
      keep[#keep + 1] = s
    end
  end)
end
