-- attempts: run forever in a plain loop.
-- expect: instruction budget exceeded
while true do end
