-- attempts: the same backtracking through string.gsub.
-- expect: pattern too complex for a subject of 300 bytes
return (("a"):rep(300):gsub("a*a*a*a*b", "x"))
