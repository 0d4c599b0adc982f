-- attempts: loop inside an xpcall message handler. Lua calls the handler from inside the count
-- hook when the hook raises, with hooks off, so an unguarded handler would spin forever there.
-- expect: instruction budget exceeded
while true do
  xpcall(function() while true do end end, function(e) while true do end end)
end
