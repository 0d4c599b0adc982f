-- attempts: read a file through the io library.
-- expect: attempt to index a nil value (global 'io')
return io.open("/etc/passwd"):read("a")
