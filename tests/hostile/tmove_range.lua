-- attempts: table.move over a huge range of nils: stock Lua loops in C with no allocation.
-- expect: instruction budget exceeded
return table.move({}, 1, 1e15, 2)
