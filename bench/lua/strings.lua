-- SPDX-License-Identifier: BSD-3-Clause
-- Strings: concatenation through table.concat, string.format, gsub/gmatch patterns, rep, byte/char, interning of many short strings.
local n = tonumber(arg and arg[1]) or 60000
local parts = {}
for i = 1, n do parts[#parts + 1] = string.format("%d:%05.2f;", i, i / 7) end
local s = table.concat(parts)
local count = 0
for a, b in s:gmatch("(%d+):([%d.]+);") do count = count + #a + #b end
local replaced, k = s:gsub("%d%d", "<%0>")
local words = 0
for w in (("lorem ipsum dolor sit amet "):rep(n // 5)):gmatch("%a+") do words = words + #w end
local acc = 0
for i = 1, n do
	local t = "key" .. i
	acc = acc + #t:upper() + t:byte(-1)
end
print(#s, count, #replaced, k, words, acc)
