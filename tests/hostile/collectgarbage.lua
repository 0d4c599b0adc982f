-- attempts: stop the garbage collector so that memory runs out for the next policy.
-- expect: attempt to call a nil value (global 'collectgarbage')
collectgarbage("stop")
