-- attempts: use coroutines (yield across the hook, coroutine.close bugs of 5.4.4).
-- expect: attempt to index a nil value (global 'coroutine')
return coroutine.wrap(function() end)
