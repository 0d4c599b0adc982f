-- attempts: run out of memory inside xpcall, whose handler allocates and loops, and start over
-- forever: neither the handler nor the loop around xpcall may outlive the memory cap.
-- expect: memory limit exceeded
local keep = {}
while true do
  xpcall(function() while true do keep[#keep + 1] = {} end end,
         function(e)
           local t = {}
           while true do t[#t + 1] = tostring(e) .. #t end
         end)
end
