-- attempts: the classic a?^n a^n pattern: 2^40 paths through '?' items.
-- expect: pattern too complex for a subject of 40 bytes
local n = 40
return (("a"):rep(n)):match("^" .. ("a?"):rep(n) .. ("a"):rep(n) .. "$")
