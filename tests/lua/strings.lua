-- SPDX-License-Identifier: BSD-3-Clause
-- Strings: patterns (find, match, gmatch, gsub with captures, frontier, balance), string.format, pack/unpack, byte/char, rep, reverse.
local s = "The quick brown fox jumps over the lazy dog 1234 times, 56.78%"
print(s:find("quick"), s:find("o", 15), s:find("%d+"), s:find(".", 1, true), s:find("xyz"))
print(s:match("(%a+) (%a+)"), s:match("%d+%.%d+"), s:match("()fox()"))
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
print(s:gsub("o", "0"))
print(s:gsub("(%w+)", "<%1>", 3))
print(("hello world"):gsub("(%w+) (%w+)", "%2 %1"))
print(("abc"):gsub("", "-"))
print(("x = 1, y = 22"):gsub("(%w+) = (%w+)", { x = "X", y = false }))
print(("$name is $age"):gsub("%$(%w+)", function(k) return ({ name = "lua", age = 30 })[k] end))
print(("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
print(("f(a(b)c)d"):match("%b()"), ("[[x]]"):match("%b[]"))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(("key=value; k2=v2"):match("(%w+)=(%w+);%s*(%w+)=(%w+)"))
print(("2024-02-29"):match("^(%d%d%d%d)-(%d%d)-(%d%d)$"))
print(pcall(string.find, "a", "%"), pcall(string.rep))
print(("aaa"):find("a-", 2), ("aaa"):match("a-b"), ("aab"):match("a-b"), ("aXb"):match("%u"))
print(("áé"):len(), ("abc"):byte(1, -1), string.char(72, 105))
print(("abc"):rep(3), ("abc"):rep(3, ", "), ("abc"):reverse(), ("AbC"):lower(), ("AbC"):upper())
print(("hello"):sub(2, -2), ("hello"):sub(-3), ("hello"):sub(10), ("hello"):sub(0))

-- string.format
print(string.format("%d %5d %-5d| %05d %+d %x %X %o %c", 42, 42, 42, 42, 42, 255, 255, 8, 65))
print(string.format("%f %.3f %10.2f %-10.2f| %e %.2E %g %g %g", math.pi, math.pi, math.pi, math.pi, 12345.678, 0.000123, 1e20, 0.1, 100000))
print(string.format("%a %A", 0.5, 255.5))
print(string.format("%s %10s %-10s| %.2s", "str", "right", "left", "truncate"))
print(string.format("%q", "line1\nline2\t\0end\"q\"\\"))
print(string.format("%q %q %q", 1 / 0, -1 / 0, math.mininteger), string.format("%q", 0.1))
print(string.format("%i %u", -7, 7), string.format("%%"), string.format("%5.1s|", "abc"))
print(string.format("%.14g %.17g %.0f %.20f", 0.1, 0.1, 2.5, 1 / 3))
print(string.format("%s %s %s", nil, true, 12.0), tostring(1e15), tostring(1e16), tostring(-0.0), 2^63, math.tointeger(2^53))
print(pcall(string.format, "%d", 1.5), pcall(string.format, "%y", 1))

-- pack / unpack
local packed = string.pack("<i4 >i2 z s1 d", -2, 513, "zs", "hi", 1.5)
print(#packed, packed:byte(1, 8))
print(string.unpack("<i4 >i2 z s1 d", packed))
print(string.packsize("i4 i8 d"), string.unpack("B", "\255"), string.unpack("b", "\255"))
-- numbers and strings
print(tonumber("0x10"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("10", 2), tonumber("abc"), tonumber("8", 8))
print(10 .. 20, "10" + 5, "3" * "4", 10 // 3, "2" ^ 10)
print(("%d items"):format(3), #string.rep("x", 100000))
local parts = {}
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do parts[#parts + 1] = k .. v end
print(table.concat(parts, ";"))
print(("one;two;;three"):gsub(";;", ";nil;"), select("#", ("a,b,c"):match("(%a),(%a),(%a)")))
