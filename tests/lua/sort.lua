-- SPDX-License-Identifier: BSD-3-Clause
-- table.sort with and without comparators (stable keys, descending, multi-key, strings), invalid order functions, and the rest of the table library.
local function show(t) local o = {} for i = 1, #t do o[i] = tostring(t[i]) end return table.concat(o, " ") end
-- a deterministic pseudo-random sequence (LCG) so host and guest sort the same input
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local t = {}
for i = 1, 40 do t[i] = rnd(1000) end
table.sort(t)
print(show(t))
table.sort(t, function(a, b) return a > b end)
print(show(t))
local names = { "pear", "Apple", "fig", "banana", "apple", "Cherry", "date", "elderberry" }
table.sort(names)
print(show(names))
table.sort(names, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(show(names))
table.sort(names, function(a, b) if #a ~= #b then return #a < #b end return a < b end)
print(show(names))
local recs = {}
for i = 1, 30 do recs[i] = { name = "n" .. rnd(5), age = rnd(50), id = i } end
table.sort(recs, function(a, b)
	if a.name ~= b.name then return a.name < b.name end
	if a.age ~= b.age then return a.age > b.age end
	return a.id < b.id
end)
local o = {}
for i, r in ipairs(recs) do o[i] = r.name .. "/" .. r.age .. "/" .. r.id end
print(table.concat(o, " "))
local big = {}
for i = 1, 100000 do big[i] = rnd(1000000) end
table.sort(big)
local sorted = true
for i = 2, #big do if big[i - 1] > big[i] then sorted = false break end end
print("big sorted", sorted, big[1], big[50000], big[100000])
local mixed = { 3, 1.5, -2, 2 ^ 40, 0.25, -0.0, 7 }
table.sort(mixed)
print(show(mixed))
print(pcall(table.sort, { 3, "a", 1 }))
print(pcall(table.sort, { 1, 2, 3 }, function(a, b) return true end))
print(pcall(table.sort, { 5, 4, 3, 2, 1 }, function(a, b) error("cmp failed") end))
-- the rest of the table library
local l = { 1, 2, 3 }
table.insert(l, 4) table.insert(l, 1, 0) table.insert(l, 3, 1.5)
print(show(l), table.remove(l), table.remove(l, 1), show(l))
print(table.concat({ 1, 2, 3 }, ", ", 2, 3), table.concat({}, "x"), pcall(table.concat, { {} }))
print(table.unpack({ 1, 2, 3 }, 2), table.unpack({ 1, 2 }, 1, 4))
local p = table.pack(1, nil, 3)
print(p.n, p[1], p[2], p[3])
print(show(table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1)), show(table.move({ 1, 2, 3 }, 1, 3, 3, { 9, 9 })))
print(pcall(table.insert, { 1 }, 5, 2), #{ n = 1 }, select("#", table.unpack({}, 1, 3)))
