-- attempts: string.byte of every byte of a 4 MB string (believed safe: Lua checks the stack).
-- expect: string slice too long
local s = ("x"):rep(4000000)
return s:byte(1, -1)
