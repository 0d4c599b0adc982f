-- attempts: run out of memory several protected calls deep (pcall, pcall, xpcall), each level
-- looping to catch the memory error of the one inside it; a to-be-closed variable whose __close
-- raises tries to replace the memory error with an ordinary one on the way out.
-- expect: memory limit exceeded
local keep = {}
local function fill()
  local c <close> = setmetatable({}, {__close = function() error("not a memory error") end})
  while true do keep[#keep + 1] = {} end
end
while true do
  pcall(function()
    while true do
      pcall(function()
        while true do xpcall(fill, function(e) return e end) end
      end)
    end
  end)
end
