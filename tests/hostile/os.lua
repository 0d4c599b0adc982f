-- attempts: run a command through the os library.
-- expect: attempt to index a nil value (global 'os')
return os.execute("id")
