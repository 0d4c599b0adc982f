-- attempts: compile new code (possibly a binary chunk) with load.
-- expect: attempt to call a nil value (global 'load')
return load("return 1")()
