-- A severity that does not exist: refused when loading.
return { id = "X021", name = "custom.bad-severity", severity = "urgent", title = "Bad severity",
  check = function(account, ctx) return tg.pass("x") end }
