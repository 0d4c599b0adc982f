-- attempts: nest pcall and xpcall loops so that each level catches the budget error of the one
-- inside it and starts over.
-- expect: instruction budget exceeded
local function spin() while true do end end
while true do
  pcall(function()
    while true do
      xpcall(function()
        while true do pcall(spin) end
      end, function(e) return e end)
    end
  end)
end
