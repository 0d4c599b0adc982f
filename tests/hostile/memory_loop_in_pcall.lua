-- attempts: fill memory to the cap inside pcall and start over forever. The table stays alive, so
-- every round fails at once with "not enough memory" (after a full emergency collection that no
-- instruction count sees), and pcall used to swallow it: the call ran for minutes.
-- expect: memory limit exceeded
local t = {} while true do pcall(function() while true do t[#t + 1] = {} end end) end
