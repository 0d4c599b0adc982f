-- attempts: a huge field width in string.format (believed safe: Lua takes two digits at most).
-- expect: invalid conversion
return string.format("%999999999d", 1)
