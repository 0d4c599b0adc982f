-- Runs after X003 on the same account: everything X003 changed must be intact here.
return {
  id = "X004", name = "hostile.tamper-check", severity = "high", title = "Sees no tampering",
  check = function(account, ctx)
    if TAMPERED ~= nil then return tg.fail("a global leaked from another policy") end
    if string.find == nil or ("ABC"):lower() ~= "abc" or string.lower("X") ~= "x" then
      return tg.fail("the string library was changed by another policy")
    end
    if account.properties == nil then return tg.fail("the account table was shared") end
    local r = tg.pass("no tampering visible")
    if r.status ~= "pass" then return { status = "fail", message = "tg was changed by another policy" } end
    return r
  end,
}
