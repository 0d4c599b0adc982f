-- Claims id X010 a second time (a passing rule): must be refused, never silently win.
return { id = "X010", name = "custom.two", severity = "high", title = "Two",
  check = function(account, ctx) return tg.pass("passes") end }
