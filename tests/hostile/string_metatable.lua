-- attempts: get the metatable every string shares, to reach the real string table.
-- expect: attempt to index a boolean value
local mt = getmetatable("")
mt.__index.find = function() return 1 end
