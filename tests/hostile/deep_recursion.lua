-- attempts: unbounded Lua recursion. Large frames, and the default per-call cap (64 MiB), so
-- that Lua's stack limit (1M slots, ~16 MB, reallocated by copy: ~32 MB at the peak) comes
-- before the memory cap; with a smaller cap this ends as "memory limit exceeded" instead.
-- limits: memory=134217728 call_memory=67108864
-- expect: stack overflow
local function down(n, a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t, u, v, w, x, y, z)
  return down(n + 1, a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t, u, v, w, x, y, z) + 1
end
return down(1)
