-- Claims id X010 (a failing rule); dupid-b claims it again.
return { id = "X010", name = "custom.one", severity = "high", title = "One",
  check = function(account, ctx) return tg.fail("fails") end }
