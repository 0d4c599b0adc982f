-- attempts: utf8.codepoint of a 4 MB string (believed safe: Lua checks the stack).
-- expect: string slice too long
local s = ("x"):rep(4000000)
return utf8.codepoint(s, 1, -1)
