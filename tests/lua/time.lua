-- SPDX-License-Identifier: BSD-3-Clause
-- os.time and os.date with fixed inputs (run with TZ=UTC: the image has no time zone), os.difftime, os.clock and os.time sanity.
local fixed = { 0, 86399, 951782400, 1234567890, 2147483647, 4102444800, -86400 }
for _, t in ipairs(fixed) do
	print(t, os.date("!%Y-%m-%d %H:%M:%S %a %A %b %B %j %w %u %y %p %I", t))
end
print(os.date("!%c|%x|%X|%D|%F|%T|%R|%e|%n|%t|%%|%h|%C|%G|%g|%V|%U|%W", 1234567890))
local tab = os.date("!*t", 1234567890)
print(tab.year, tab.month, tab.day, tab.hour, tab.min, tab.sec, tab.wday, tab.yday, tab.isdst)
print(os.time({ year = 2000, month = 1, day = 1, hour = 0 }))
print(os.time({ year = 2024, month = 2, day = 29, hour = 12, min = 30, sec = 15 }))
-- normalisation of out-of-range fields
print(os.time({ year = 2023, month = 13, day = 32, hour = 25, min = 61, sec = 61 }))
print(os.time({ year = 2020, month = 3, day = 0 }), os.time({ year = 1970, month = 1, day = 1, hour = 0 }))
local t = { year = 2021, month = 14, day = 1, hour = 12 }
os.time(t)
print("normalised", t.year, t.month, t.day, t.wday, t.yday)
print(os.date("%Y-%m-%d %H:%M:%S", 0), os.date("*t", 86400).day)
print(os.difftime(10, 4), os.difftime(1234567890, 0), math.type(os.difftime(1, 1)))
print(pcall(os.date, "%Ez", 0), pcall(os.date, "%Q", 0))
print(pcall(os.time, { year = 2000 }), pcall(os.time, { year = 2000, month = "x", day = 1 }))
-- now: sane, not fixed
local now = os.time()
print("now after 2024", now > 1704067200, math.type(now), os.date("!%Y", now) >= "2024")
local c0 = os.clock()
local x = 0
for i = 1, 2000000 do x = x + i end
local c1 = os.clock()
print("clock advances", c1 >= c0, math.type(c0), c1 - c0 < 60)
print("date default", #os.date() > 0, os.date("!%H:%M", 3600 * 5 + 60 * 7))
