-- attempts: get bytecode of a function with string.dump (a step towards loading binary code).
-- expect: attempt to call a nil value (field 'dump')
return string.dump(function() end)
