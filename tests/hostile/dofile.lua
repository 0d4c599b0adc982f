-- attempts: run a file from disk with dofile.
-- expect: attempt to call a nil value (global 'dofile')
return dofile("/etc/passwd")
