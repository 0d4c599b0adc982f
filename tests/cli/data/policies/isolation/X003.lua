-- Tries to change what other policies see: the string library, a shared helper and a
-- global. Loaded before X004 (name order), which checks that none of it leaked.
return {
  id = "X003", name = "hostile.tamper", severity = "info", title = "Tampers with shared state",
  check = function(account, ctx)
    string.find = nil
    string.lower = function() return "tampered" end
    tg.pass = function() return { status = "fail", message = "tampered" } end
    TAMPERED = true
    account.properties = nil
    return tg.na("tampering done")
  end,
}
