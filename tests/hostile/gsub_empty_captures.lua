-- attempts: a replacement string of a million empty captures, copied at each of the subject's
-- 100001 empty matches: 1e11 steps that add nothing to the result, so no memory cap stops them.
-- expect: pattern too complex for a subject of 100000 bytes
local s = ("y"):rep(100000)
return (s:gsub("(x*)", ("%1"):rep(1000000)))
