-- attempts: unbounded recursion with one-slot frames (a million CallInfo records) under the
-- test's 32 MiB per-call cap: the memory cap or the stack limit stops it, either way cleanly.
-- expect: memory limit exceeded | stack overflow
local function f() return f() + 1 end
return f()
