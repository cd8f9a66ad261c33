-- SPDX-License-Identifier: BSD-3-Clause
-- Every standard library is there with the same functions as Debian's lua5.4 (names sorted), and the global environment.
local function names(t)
	local o = {}
	for k, v in pairs(t) do o[#o + 1] = tostring(k) .. ":" .. type(v) end
	table.sort(o)
	return table.concat(o, " ")
end
for _, lib in ipairs({ "coroutine", "debug", "io", "math", "os", "package", "string", "table", "utf8" }) do
	print(lib, names(_G[lib]))
end
local g = {}
for k, v in pairs(_G) do if type(v) ~= "table" then g[#g + 1] = k end end
table.sort(g)
print("globals", table.concat(g, " "))
print(_VERSION, package.config:gsub("\n", "|"), package.path, package.cpath)
print(names(package.loaded))
-- package.loadlib fails either way (Tessera: no dynamic libraries; its message differs)
print(#package.searchers, (package.loadlib("x.so", "f")))
-- the debug library
local function f(a, b) local c = a + b return debug.getinfo(1, "nSl") end
local info = f(1, 2)
print(info.short_src:match("[^/]*$"), info.currentline, info.what, info.linedefined, info.name)
print(debug.getlocal(1, 1), debug.sethook(), debug.gethook())
local co = coroutine.create(function(x) coroutine.yield(x) end)
coroutine.resume(co, 5)
print(debug.traceback(co))
print(select(2, load("return 1 +")), load("return ...", "chunk", "t")(7), pcall(load, "\27Lua", "b", "t"))
local dumped = string.dump(function(x) return x * 2 end)
print(load(dumped, "d", "b")(21), #dumped > 0)
print(require("string") == string, pcall(require, "no.such.module") and "found" or "not found")
