-- attempts: the same backtracking through string.match.
-- expect: pattern too complex for a subject of 300 bytes
return ("a"):rep(300):match("a-a-a-a-b")
