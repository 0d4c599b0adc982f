-- attempts: reach the real string table through string values (("").__index, a string method
-- returning a table); none exists, so this ends by raising with what it found.
-- expect: nothing reachable
for _, k in ipairs({"__index", "__metatable", "string", "_G", "__newindex"}) do
  if ("")[k] ~= nil then error("reached ('')." .. k) end
end
for k, v in pairs(string) do
  if type(("")[k]) ~= "function" then error("('')." .. k .. " is not a function") end
end
error("nothing reachable")
