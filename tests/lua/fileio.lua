-- SPDX-License-Identifier: BSD-3-Clause
-- File I/O in the folder given as argument: create, write, append, seek, read formats, lines, rename, remove, tmpname, errors, io.output/io.input redirection.
local dir = assert(arg[1], "usage: fileio.lua DIR")
local path = dir .. "/lua-fileio.txt"
local function strip(msg) return (tostring(msg):gsub(dir, "DIR", 1)) end
os.remove(path) os.remove(path .. ".renamed")

local f = assert(io.open(path, "w"))
print(io.type(f), io.type(io.stdout), io.type(42))
print(f:write("line one\n", 2, "\n", 3.5, "\n") == f)
f:write(string.rep("x", 5000), "\n")
f:close()
print(io.type(f), pcall(f.write, f, "closed"))

f = assert(io.open(path, "a"))
f:write("appended\n")
print("seek in append", f:seek("end"))
f:close()

f = assert(io.open(path, "r"))
print(f:read("l"), f:read("n"), f:read("n"), f:read("L"))
print(#f:read("l"), f:read("l"), f:read("l"), f:read("a") == "", f:read("l"))
print(f:seek("set", 5), f:read(3), f:seek("cur"), f:seek("cur", -2), f:read(1), f:seek("end"))
f:seek("set")
local chunks = {}
while true do
	local c = f:read(4096)
	if not c then break end
	chunks[#chunks + 1] = #c
end
print("chunks", table.concat(chunks, " "))
f:close()

local n = 0
for l in io.lines(path) do n = n + 1 end
print("lines", n)
for a, b in io.lines(path, 4, "n") do print("formats", a, b) break end
local words = {}
for w in io.lines(path, "L") do words[#words + 1] = #w if #words == 3 then break end end
print("with newlines", table.concat(words, " "))

-- r+ and w+ modes, setvbuf, flush
f = assert(io.open(path, "r+"))
f:seek("set", 0)
f:write("LINE")
f:seek("set", 0)
print(f:read("l"), f:setvbuf("full", 1024), f:flush())
f:close()
f = assert(io.open(path, "w+"))
f:write("12 34.5 0x10 abc")
f:seek("set")
print(f:read("n", "n", "n", "n"))
f:close()

-- io.output / io.input redirection
local out = dir .. "/lua-redirect.txt"
io.output(out)
io.write("redirected ", 1, "\n")
io.close()
io.output(io.stdout)
io.input(out)
print(io.read("a"))
io.close(io.input())
io.input(io.stdin)
os.remove(out)

-- rename and remove
print(os.rename(path, path .. ".renamed"))
print(io.open(path) == nil, select(3, io.open(path)))
print(strip(select(2, os.remove(path))))
print(os.remove(path .. ".renamed"))
print(strip(select(2, io.open(dir .. "/no/such/file", "w"))))
print(pcall(io.open, path, "rz"))
print(strip(select(2, os.rename(dir .. "/nothing", dir .. "/nothing2"))))

-- tmpname: a fresh file that exists and can be written, read and removed
local tmp = os.tmpname()
print("tmpname", tmp:match("^/tmp/lua_") ~= nil, io.open(tmp) ~= nil)
local tf = assert(io.open(tmp, "w")) tf:write("temp") tf:close()
print(io.open(tmp):read("a"), os.remove(tmp))
local t2 = io.tmpfile()
t2:write("anonymous") t2:seek("set")
print(t2:read("a"))
t2:close()

-- binary data round trip
local bin = dir .. "/lua-binary.bin"
local data = {}
for i = 0, 255 do data[#data + 1] = string.char(i) end
data = table.concat(data):rep(64)
f = assert(io.open(bin, "wb")) f:write(data) f:close()
f = assert(io.open(bin, "rb")) local back = f:read("a") f:close()
print("binary", #back, back == data, f)
os.remove(bin)
-- a file that stays, for the host to see
f = assert(io.open(dir .. "/lua-written-by-guest.txt", "w"))
f:write("written by lua ", _VERSION, "\n")
f:close()
print(tostring(io.stdout):match("^file %(") ~= nil, io.lines == io.lines)
