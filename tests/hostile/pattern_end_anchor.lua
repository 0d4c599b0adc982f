-- attempts: backtracking whose last item is '$': the repetitions before it are never the
-- "cannot fail" tail, so the refinement for split idioms must not let this through.
-- expect: pattern too complex for a subject of 301 bytes
return (("a"):rep(300) .. "b"):find("a-a-a-a-$")
