-- attempts: swallow the budget error with pcall and keep looping.
-- expect: instruction budget exceeded
while true do
  pcall(function() while true do end end)
end
