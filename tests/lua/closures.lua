-- SPDX-License-Identifier: BSD-3-Clause
-- Closures: upvalues shared and private, counters, loops creating closures, varargs, recursion through locals.
local function counter(start)
	local n = start
	return function(step) n = n + (step or 1) return n end,
		function() return n end
end
local inc, get = counter(10)
inc() inc(5)
print("counter", get(), inc(-16), get())

local fs = {}
for i = 1, 5 do fs[i] = function() return i * i end end
local out = {}
for i = 1, 5 do out[#out + 1] = fs[i]() end
print("loop closures", table.concat(out, " "))

local shared = {}
do
	local x = 0
	shared.add = function(v) x = x + v end
	shared.get = function() return x end
end
for i = 1, 100 do shared.add(i) end
print("shared upvalue", shared.get())

local function compose(...)
	local fns = table.pack(...)
	return function(v)
		for i = fns.n, 1, -1 do v = fns[i](v) end
		return v
	end
end
local f = compose(function(x) return x + 1 end, function(x) return x * 2 end, math.floor)
print("compose", f(3.7), f(-2.5))

local function memo(fn)
	local cache, calls = {}, 0
	return function(n)
		if cache[n] == nil then calls = calls + 1 cache[n] = fn(n) end
		return cache[n]
	end, function() return calls end
end
local fib, fibcalls
fib, fibcalls = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print("memo fib", fib(80), fibcalls())

local function varargs(...)
	local a, b = ...
	return select("#", ...), a, b, select(-1, ...)
end
print("varargs", varargs(1, nil, 3, nil))
print("select", select(2, "a", "b", "c"))

local function curry(n, fn, args)
	args = args or {}
	return function(x)
		local a = { table.unpack(args) }
		a[#a + 1] = x
		if #a == n then return fn(table.unpack(a)) end
		return curry(n, fn, a)
	end
end
print("curry", curry(3, function(a, b, c) return a * 100 + b * 10 + c end)(1)(2)(3))

-- upvalues survive the frame and are captured by reference
local makers = {}
for _, name in ipairs({ "a", "b", "c" }) do
	local count = 0
	makers[name] = function() count = count + 1 return name .. count end
end
print("captured", makers.a(), makers.a(), makers.b(), makers.c(), makers.a())
print("debug.getupvalue", debug.getupvalue(inc, 1))
