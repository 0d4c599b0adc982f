-- attempts: reach string.dump through the string metatable instead of the env's string table.
-- expect: attempt to call a nil value (method 'dump')
return (""):dump()
