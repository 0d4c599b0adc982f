-- attempts: string.rep("", 1e15): allocates nothing, so no memory cap stops it; stock Lua loops
-- 1e15 times in one C call.
-- expect: string.rep: result too large
return string.rep("", 1e15)
