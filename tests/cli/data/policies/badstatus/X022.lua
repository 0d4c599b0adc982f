-- A result with a status that is not one of fail/pass/unknown/n/a: an error result.
return { id = "X022", name = "custom.bad-status", severity = "high", title = "Bad status",
  check = function(account, ctx) return { status = "ok", message = "looks fine" } end }
