-- attempts: an xpcall handler that loops once an error arrives (the error comes from error(),
-- not from the hook), and then keeps going after xpcall returns.
-- expect: instruction budget exceeded
xpcall(error, function() while true do end end, "boom")
while true do end
