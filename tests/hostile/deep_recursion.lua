-- attempts: unbounded Lua recursion (large frames, so the Lua stack limit comes first).
-- expect: stack overflow
local function down(n, a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t, u, v, w, x, y, z)
  return down(n + 1, a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t, u, v, w, x, y, z) + 1
end
return down(1)
