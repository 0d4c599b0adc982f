-- attempts: draw random numbers (nondeterministic results, state shared between policies).
-- expect: attempt to call a nil value (field 'random')
return math.random()
