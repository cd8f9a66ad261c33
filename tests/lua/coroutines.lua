-- SPDX-License-Identifier: BSD-3-Clause
-- Coroutines: generators, passing values both ways, status, wrap, errors inside, close, yield across pcall.
local function gen(n)
	return coroutine.wrap(function()
		for i = 1, n do coroutine.yield(i, i * i) end
		return "done"
	end)
end
local g = gen(3)
print(g()) print(g()) print(g()) print(g())
print(pcall(g))

local co = coroutine.create(function(a, b)
	print("start", a, b)
	local c = coroutine.yield(a + b)
	print("got", c)
	local d, e = coroutine.yield(c * 2)
	print("got", d, e)
	return d + e, "end"
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co))
print(coroutine.resume(co))

local bad = coroutine.create(function() local x = nil; return x.field end)
print(coroutine.resume(bad))
print(coroutine.status(bad))

print("isyieldable main", coroutine.isyieldable())
print(coroutine.resume(coroutine.create(function() return coroutine.isyieldable(), select(2, coroutine.running()) end)))

-- yield across pcall (allowed in 5.4)
local p = coroutine.wrap(function()
	local ok, err = pcall(function()
		coroutine.yield("inside pcall")
		error("after yield")
	end)
	coroutine.yield(ok, (err:gsub("^.-:%d+: ", "")))
	return "finished"
end)
print(p()) print(p()) print(p())

-- producer / consumer pipeline
local function producer()
	return coroutine.create(function()
		for _, w in ipairs({ "alpha", "beta", "gamma", "delta" }) do coroutine.yield(w) end
	end)
end
local function filter(prod)
	return coroutine.create(function()
		while true do
			local ok, v = coroutine.resume(prod)
			if not v then return end
			if #v > 4 then coroutine.yield(v:upper()) end
		end
	end)
end
local f = filter(producer())
while true do
	local _, v = coroutine.resume(f)
	if not v then break end
	print("pipeline", v)
end

-- close with a pending to-be-closed variable
local closed = {}
local c2 = coroutine.create(function()
	local res <close> = setmetatable({}, { __close = function() closed[#closed + 1] = "closed" end })
	coroutine.yield(1)
end)
coroutine.resume(c2)
print("close", coroutine.close(c2), coroutine.status(c2), closed[1])

-- many coroutines alive at once
local cos = {}
for i = 1, 1000 do
	cos[i] = coroutine.wrap(function(x) while true do x = coroutine.yield(x + i) end end)
end
local sum = 0
for round = 1, 3 do
	for i = 1, #cos do sum = sum + cos[i](round) end
end
print("many", sum)
print("wrap dead", pcall(coroutine.wrap(function() end)) , select(2, pcall(coroutine.resume)))
