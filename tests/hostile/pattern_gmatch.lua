-- attempts: the same backtracking through string.gmatch (spent in the iterator calls).
-- expect: pattern too complex for a subject of 300 bytes
for m in ("a"):rep(300):gmatch("a-a-a-a-b") do end
