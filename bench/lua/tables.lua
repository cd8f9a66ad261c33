-- SPDX-License-Identifier: BSD-3-Clause
-- Tables: array fill and sum, hash inserts and lookups with string and integer keys, table.insert/remove, sort.
local n = tonumber(arg and arg[1]) or 300000
local a = {}
for i = 1, n do a[i] = i * 3 % 1000 end
local sum = 0
for round = 1, 5 do for i = 1, n do sum = sum + a[i] end end
local h = {}
for i = 1, n do h["k" .. (i % 50000)] = i end
local hits = 0
for i = 1, n do if h["k" .. (i % 70000)] then hits = hits + 1 end end
local q = {}
for i = 1, n do q[#q + 1] = i end
while #q > 0 do table.remove(q) end
local s = {}
for i = 1, n // 3 do s[i] = (i * 7919) % 100003 end
table.sort(s)
print(sum, hits, s[1], s[#s])
