-- Returns nothing: must be an error result, never a silent pass.
return {
  id = "X002", name = "hostile.no-result", severity = "high", title = "Returns nothing",
  check = function(account, ctx) end,
}
