-- SPDX-License-Identifier: BSD-3-Clause
-- Closures: creating many closures with upvalues, calling them, higher-order map/filter/reduce, coroutine generators.
local n = tonumber(arg and arg[1]) or 200000
local function map(t, f) local r = {} for i = 1, #t do r[i] = f(t[i]) end return r end
local function filter(t, p) local r = {} for i = 1, #t do if p(t[i]) then r[#r + 1] = t[i] end end return r end
local function reduce(t, f, acc) for i = 1, #t do acc = f(acc, t[i]) end return acc end
local xs = {}
for i = 1, n do xs[i] = i end
local total = 0
for round = 1, 5 do
	local k = round
	local ys = map(xs, function(x) return x * k + 1 end)
	ys = filter(ys, function(y) return y % 3 ~= 0 end)
	total = total + reduce(ys, function(a, b) return a + b end, 0)
end
local adders = {}
for i = 1, n do local c = i adders[i] = function(x) c = c + x return c end end
local s = 0
for i = 1, n do s = s + adders[i](1) end
local gen = coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
local g = 0
for i = 1, n do g = g + gen() end
print(total, s, g)
