-- attempts: string.rep with a huge count (1e12 bytes) in one C call.
-- expect: string.rep: result too large
return string.rep("x", 1e12)
