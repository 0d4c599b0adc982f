-- Always passes: its fail fixture must make `transguard test` report a mismatch.
return { id = "X030", name = "custom.always-pass", severity = "low", title = "Always passes",
  check = function(account, ctx) return tg.pass("fine") end }
