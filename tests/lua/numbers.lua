-- SPDX-License-Identifier: BSD-3-Clause
-- Integer and float arithmetic edge cases: overflow wrap-around, integer division and modulo signs, conversions, NaN and infinities, math library.
local maxi, mini = math.maxinteger, math.mininteger
print(maxi, mini, maxi + 1 == mini, mini - 1 == maxi, -mini == mini, maxi * 2)
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(7.0 // 2, -7.0 // 2, 7.5 % 2, -7.5 % 2, 5.3 % -2, -0.0 % 1)
print(mini // -1, mini % -1, pcall(function() return 1 % 0 end))
print(1 / 0, -1 / 0, 1.0 // 0, -1 // 0.0, 0.0 / 0 ~= 0.0 / 0, math.huge == 1 / 0)
print(3 / 2, 4 / 2, 2 ^ 2, 10 // 2.0, 1e308 * 10, -1e308 * 10, 5e-324, 5e-324 / 2)
print(math.type(1), math.type(1.0), math.type("1"), math.type(2 ^ 53), 1 == 1.0, math.ult(1, -1))
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2 ^ 63), 2 ^ 63 == maxi + 1.0)
print(3 | 5, 3 & 5, 3 ~ 5, ~0, 1 << 63, 1 << 64, -1 >> 1, 2.0 | 1, pcall(function() return 1.5 | 1 end))
print(string.format("%.17g", 0.1 + 0.2), 0.1 + 0.2 == 0.3, 100000000000000, 1e100)
print(maxi + 0.0, mini + 0.0, maxi // 1 | 0, (2 ^ 53 + 1) | 0, math.floor(-3.5), math.ceil(-3.5), math.floor(2 ^ 62) == 2 ^ 62)
print(math.abs(mini), math.abs(-0.0), math.max(1, 2.5, -1), math.min(3, 1.0, 2), math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), pcall(math.fmod, 1, 0))
print(math.fmod(-7.5, 2), math.fmod(mini, -1), math.modf(3.7), math.modf(-3.7), math.modf(1 / 0), math.modf(5))
print(math.sqrt(2), math.exp(1), math.log(100, 10), math.log(8, 2), math.log(2.718281828459045), math.sin(0), math.cos(math.pi))
print(math.floor(3.99), math.ceil(3.01), math.floor(-0.0), string.format("%.4f %.4f", math.atan(1, 1), math.atan(-1)), math.pi)
print(8 // 0.0, -8 // 0.0, 0 / 0.0 ~= 0 / 0.0, tostring(0 / 0.0 == 0 / 0.0))
print(tonumber("0x7fffffffffffffff"), tonumber("0xffffffffffffffff"), tonumber("9223372036854775808"), tonumber("1e1000"), tonumber("0x1p4"), tonumber(".5"), tonumber("5."))
print(9007199254740993, 2 ^ 53 + 1, 123456789012 * 1000, 0x10p-1, 1e-7, 123e-310)
print(string.format("%d", 3.0), pcall(string.format, "%d", 3.1), math.pow and math.pow(2, 10), math.ldexp and math.ldexp(1, 10))
math.randomseed(42)
local r1 = { math.random(1, 100), math.random(1, 100), math.random() < 1 }
math.randomseed(42)
local r2 = { math.random(1, 100), math.random(1, 100), math.random() < 1 }
print("random reproducible", r1[1] == r2[1] and r1[2] == r2[2], r1[3], pcall(math.random, 2, 1), math.random(5, 5))
-- loops with float and integer steps
local c = 0
for i = 1, 3, 0.5 do c = c + 1 end
local d = 0
for i = maxi - 2, maxi do d = d + 1 end
local e = 0
for i = mini, mini + 2 do e = e + 1 end
print("loops", c, d, e, pcall(function() for i = 1, 2, 0 do end end))
-- integer/float keys are the same key
local t = {}
t[1] = "int" t[1.0] = "float" t[2 ^ 53] = "big"
print(t[1], #t, t[2 ^ 53 | 0], next({ [3.0] = true }))
print(string.format("%5.1f|%-8.3e|%g", -0.05, 12345.6789, 1e-5), 1e15, 1e16, 123456.0, -1.5e-10)
