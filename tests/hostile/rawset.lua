-- attempts: write past a protecting __newindex with rawset.
-- expect: attempt to call a nil value (global 'rawset')
rawset(_G, "x", 1)
