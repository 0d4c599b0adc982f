-- attempts: large but bounded C work believed safe: %q of a 4 MB string, utf8.len and
-- utf8.offset over it, table.concat of 100000 items, unpack of 100000 values.
-- expect: ok
local s = ("\0\n"):rep(2000000)
assert(#string.format("%q", s) > #s)
assert(utf8.len(s) == #s)
assert(utf8.offset(s, -1) == #s)
local t = {}
for i = 1, 100000 do t[i] = "x" end
assert(#table.concat(t, ",") == 199999)
assert(select("#", table.unpack(t)) == 100000)
