-- SPDX-License-Identifier: BSD-3-Clause
-- Error handling: error with values and levels, pcall, xpcall with a traceback handler, nested errors, runtime error messages; ends with an uncaught error (status 1).
local function strip(msg) return (tostring(msg):gsub("^[^:]*:%d+: ", "")) end
print(pcall(error, "plain"))
print(pcall(error, "no position", 0))
local okt, et = pcall(error, { code = 42 })
print(okt, type(et), et.code)
print(tostring(select(2, pcall(error, setmetatable({}, { __tostring = function() return "custom" end })))))
print(pcall(error))
local function lvl1() error("at level 2", 2) end
local function caller() lvl1() end
print(pcall(caller))

print(pcall(function() return nil + 1 end))
print(pcall(function() local t = {} return t.x.y end))
print(pcall(function() return #5 end))
print(pcall(function() return {} < {} end))
print(pcall(function() return "a" < 1 end))
print(pcall((function() local up = "s"; return function() return up() end end)()))
print(pcall(string.rep, "x", -1), pcall(string.sub))
print(pcall(function() return 1 // 0 end))
print(pcall(function() return math.tointeger(2^63) or (1 << 64) end))
print(pcall(setmetatable, 1, {}))
print(pcall(function() error() end))

-- xpcall with a handler that adds a traceback
local function handler(e) return "handled: " .. strip(e) .. "\n" .. debug.traceback("tb", 1):gsub("\n[^\n]*%[C%][^\n]*", "") end
local function deep(n) if n == 0 then error("bottom") end return deep(n - 1) end
local ok, msg = xpcall(deep, handler, 3)
print(ok)
print(msg)
print(xpcall(function(a, b) return a + b end, handler, 2, 3))
print(xpcall(function() error({}) end, function(e) return type(e) end))

-- error inside the handler
print(xpcall(function() error("first") end, function() error("second") end))

-- nested pcall keeps inner errors inside
print(pcall(function()
	local ok1, e1 = pcall(error, "inner")
	return "outer ok", ok1, e1
end))

-- stack overflow is caught
local function rec() return 1 + rec() end
local ok2, e2 = pcall(rec)
print("overflow", ok2, strip(e2))
-- C-stack overflow: each level is a C call (pcall, a metamethod, a gsub callback)
local cerr
local function cdeep(n)
	local ok, e = pcall(cdeep, n + 1)
	if ok then return e end
	cerr = cerr or e
	return n
end
print("C stack", cdeep(1) > 150, strip(cerr))
local mt = {}
mt.__index = function(t, k) return setmetatable({}, mt)[k] end
print("metamethod chain", pcall(function() return setmetatable({}, mt).x end))
local function g(s) return (s:gsub(".", g)) end
print("gsub recursion", pcall(g, "ab"))
local ok3, e3 = pcall(string.rep, "x", 1 << 40)
print("too large", ok3, e3)

-- assert
print(pcall(assert, false))
print(pcall(assert, nil, "assert message"))
print(pcall(assert, 1, 2, 3))
-- tostring(nil) errors in concatenation are reported with the variable's name
local undefinedvar
print(pcall(function() return "x" .. undefinedvar end))
print(debug.traceback("message", 1):match("^message\nstack traceback:") ~= nil)
io.stdout:flush()
error("uncaught at the end")
