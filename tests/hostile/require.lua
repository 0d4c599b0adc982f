-- attempts: load a module (and with it package.loadlib) through require.
-- expect: attempt to call a nil value (global 'require')
return require("io")
