-- SPDX-License-Identifier: BSD-3-Clause
-- os.exit with a status after buffered output (flushed on exit), and the arg table.
print("args", #arg, arg[0] ~= nil, ...)
for i = 1, #arg do print(i, arg[i]) end
io.write("buffered without newline")
os.exit(tonumber(arg[1]) or 3)
