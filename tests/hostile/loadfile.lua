-- attempts: compile a file from disk with loadfile.
-- expect: attempt to call a nil value (global 'loadfile')
return loadfile("/etc/passwd")
