-- Never returns: must cost one error result, not the run.
return {
  id = "X001", name = "hostile.infinite-loop", severity = "high", title = "Loops forever",
  check = function(account, ctx)
    while true do pcall(function() while true do end end) end
  end,
}
