-- attempts: repetitions followed by a '+' item, which can fail at its first byte and so makes
-- the ones before it backtrack (all paths fail: there is no 'b').
-- expect: pattern too complex for a subject of 300 bytes
return ("a"):rep(300):find("a*a*a*a*b+")
