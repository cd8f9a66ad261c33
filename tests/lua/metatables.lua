-- SPDX-License-Identifier: BSD-3-Clause
-- Metatables: arithmetic and comparison metamethods, __index/__newindex chains, __call, __len, __concat, __tostring, __close, inheritance.
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({ x = x, y = y }, V) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b)
	if type(a) == "number" then return vec(a * b.x, a * b.y) end
	if type(b) == "number" then return vec(a.x * b, a.y * b) end
	return a.x * b.x + a.y * b.y
end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a:len2() < b:len2() end
V.__le = function(a, b) return a:len2() <= b:len2() end
V.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
V.__len = function(a) return 2 end
V.__concat = function(a, b) return tostring(a) .. "|" .. tostring(b) end
V.__call = function(self, k) return self[k] end
V.__idiv = function(a, n) return vec(a.x // n, a.y // n) end
V.__mod = function(a, n) return vec(a.x % n, a.y % n) end
V.__band = function(a, b) return vec(a.x & b.x, a.y & b.y) end
V.__shl = function(a, n) return vec(a.x << n, a.y << n) end
V.__bnot = function(a) return vec(~a.x, ~a.y) end
function V:len2() return self.x * self.x + self.y * self.y end

local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), tostring(a - b), a * b, tostring(2 * a), tostring(a * 3), tostring(-a))
print(a == vec(1, 2), a ~= b, a < b, b <= a, #a, a .. b, a("y"))
print(tostring(vec(7, 9) // 2), tostring(vec(7, -9) % 4), tostring(vec(6, 5) & vec(3, 3)), tostring(a << 4), tostring(~a))

-- __index and __newindex: defaults, read-only proxies, counting accesses
local defaults = setmetatable({}, { __index = function(t, k) return k .. "?" end })
print(defaults.foo, rawget(defaults, "foo"))
local log = {}
local function readonly(t)
	return setmetatable({}, {
		__index = function(_, k) log[#log + 1] = "get " .. tostring(k) return t[k] end,
		__newindex = function(_, k) error("read-only field " .. tostring(k), 2) end,
		__len = function() return #t end,
		__pairs = function() return next, t, nil end,
	})
end
local ro = readonly({ 10, 20, 30 })
print(ro[2], #ro, pcall(function() ro[1] = 5 end))
print(table.concat(log, ", "))

-- inheritance chain
local Animal = {} Animal.__index = Animal
function Animal.new(name, sound) return setmetatable({ name = name, sound = sound }, Animal) end
function Animal:speak() return self.name .. " says " .. self.sound end
local Dog = setmetatable({}, { __index = Animal }) Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name, "woof") return setmetatable(d, Dog) end
function Dog:fetch() return self.name .. " fetches" end
local d = Dog.new("rex")
print(d:speak(), d:fetch(), getmetatable(d) == Dog, rawget(Dog, "speak"))

-- __metatable protection, rawequal, rawlen
local prot = setmetatable({}, { __metatable = "locked" })
print(getmetatable(prot), pcall(setmetatable, prot, {}))
print(rawequal(a, vec(1, 2)), rawlen({ 1, 2, 3 }), rawlen("abcd"))

-- __close order and errors
do
	local order = {}
	do
		local x <close> = setmetatable({}, { __close = function() order[#order + 1] = "x" end })
		local y <close> = setmetatable({}, { __close = function() order[#order + 1] = "y" end })
	end
	print("close order", table.concat(order, " "))
	local ok, err = pcall(function()
		local z <close> = setmetatable({}, { __close = function(_, e) order[#order + 1] = "z:" .. tostring(e):gsub("^.-:%d+: ", "") end })
		error("inner")
	end)
	print(ok, (err:gsub("^.-:%d+: ", "")), order[#order])
end

-- string metatable
print(("abc"):upper(), #getmetatable("").__index == nil, ("x"):rep(3, "-"))
-- __index on numbers fails clearly
print(pcall(function() local n = 5 return n.field end))
-- __gc presence and __mode in metatables do not disturb normal use
local weakmt = { __mode = "k" }
print(getmetatable(setmetatable({}, weakmt)).__mode)
