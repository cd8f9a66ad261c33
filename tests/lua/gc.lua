-- SPDX-License-Identifier: BSD-3-Clause
-- Garbage collection under pressure: many short-lived objects, collectgarbage counts, weak tables, finalizers, generational and incremental modes.
local function kib() return collectgarbage("count") end
collectgarbage()
local base = kib()
local keep = {}
for i = 1, 200000 do
	local t = { i, tostring(i), { i } }
	if i % 1000 == 0 then keep[#keep + 1] = t end
end
local peak = kib()
collectgarbage()
local after = kib()
print("kept", #keep, "grew", peak > base, "shrank after collect", after < peak, "bounded", after - base < 2048)
keep = nil
collectgarbage()
print("released", kib() - base < 64)

-- strings under pressure
local total = 0
for i = 1, 20000 do
	local s = string.rep(string.char(65 + i % 26), i % 500 + 1)
	total = total + #s
end
print("strings", total)
collectgarbage()
print("strings freed", kib() - base < 256)

-- weak values and weak keys
local cache = setmetatable({}, { __mode = "v" })
local strong = {}
for i = 1, 100 do
	local obj = { id = i }
	cache[i] = obj
	if i % 10 == 0 then strong[#strong + 1] = obj end
end
collectgarbage()
local alive = 0
for i = 1, 100 do if cache[i] then alive = alive + 1 end end
print("weak values alive", alive)

local wk = setmetatable({}, { __mode = "k" })
local keys = {}
for i = 1, 50 do
	local k = {}
	wk[k] = i
	if i <= 5 then keys[i] = k end
end
collectgarbage()
local n = 0
for _ in pairs(wk) do n = n + 1 end
print("weak keys alive", n)

-- ephemeron: value refers to its own key
local eph = setmetatable({}, { __mode = "k" })
do
	local k = {}
	eph[k] = { ref = k }
end
collectgarbage()
print("ephemeron collected", next(eph) == nil)

-- finalizers: order (reverse of marking), resurrection, run at collect and at close
local order = {}
for i = 1, 5 do
	setmetatable({}, { __gc = function() order[#order + 1] = i end })
end
collectgarbage()
print("finalized", table.concat(order, " "))

local resurrected
do
	setmetatable({ name = "phoenix" }, { __gc = function(o) resurrected = o end })
end
collectgarbage()
print("resurrected", resurrected and resurrected.name)
resurrected = nil
collectgarbage()

local errs = 0
setmetatable({}, { __gc = function() error("in finalizer") end })
local ok = pcall(collectgarbage)
print("finalizer error does not propagate", ok)

-- modes and parameters
print("incremental", collectgarbage("incremental", 100, 200, 10))
print("generational", collectgarbage("generational", 20, 100))
local list
for i = 1, 100000 do list = { next = list, v = i } end
local genpeak = kib()
list = nil
collectgarbage()
print("gen mode frees", kib() < genpeak / 2)
print("back to", collectgarbage("incremental"))
print("isrunning", collectgarbage("isrunning"))
collectgarbage("stop")
print("stopped", collectgarbage("isrunning"))
collectgarbage("restart")
print("step", type(collectgarbage("step", 0)))

-- a linked structure of 2^18 nodes collected in one go
local root = {}
local node = root
for i = 1, 262144 do node.next = { i = i } node = node.next end
local before = kib()
root = nil node = nil
collectgarbage()
print("big structure freed", kib() < before / 4, before > 16384)
