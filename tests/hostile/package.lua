-- attempts: load native code through package.loadlib (CVE-2022-0543 in Redis).
-- expect: attempt to index a nil value (global 'package')
return package.loadlib("libc.so.6", "system")
