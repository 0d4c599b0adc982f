-- attempts: the same through method syntax, which reaches string.rep through the string
-- metatable rather than the policy's own string table, with a separator.
-- expect: string.rep: result too large
return (""):rep(1e9, "")
