-- attempts: reach the registry (and every other policy) through the debug library.
-- expect: attempt to index a nil value (global 'debug')
return debug.getregistry()
