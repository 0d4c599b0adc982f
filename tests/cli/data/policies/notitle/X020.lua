-- Metadata without a title: refused when loading, naming the file.
return { id = "X020", name = "custom.no-title", severity = "high",
  check = function(account, ctx) return tg.pass("x") end }
