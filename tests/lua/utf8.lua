-- SPDX-License-Identifier: BSD-3-Clause
-- utf8: char, charpattern, codes, codepoint, len with invalid input, offset; byte-level view of multibyte strings.
local s = "héllo wörld ✓ 日本語 😀"
print(#s, utf8.len(s), utf8.char(72, 233, 0x2713, 0x65E5, 0x1F600))
local cps = {}
for p, c in utf8.codes(s) do cps[#cps + 1] = p .. ":" .. c end
print(table.concat(cps, " "))
print(utf8.codepoint(s, 1, -1))
print(utf8.offset(s, 3), utf8.offset(s, -1), utf8.offset(s, 0, 3), utf8.offset(s, 100))
print(utf8.len("\xff"), utf8.len("abc\xe2\x82"), utf8.len(s, 3), pcall(utf8.len, s, 3, 100))
print(pcall(utf8.codepoint, "\xff"), utf8.len("\u{7FFFFFFF}", 1, -1, true), utf8.len("\u{7FFFFFFF}"))
local chars = {}
for ch in s:gmatch(utf8.charpattern) do chars[#chars + 1] = ch end
print(#chars, chars[2], chars[13], chars[#chars])
print(utf8.char(), utf8.char(0x10FFFF):byte(1, -1))
print(pcall(utf8.char, -1), ("\u{48}\u{49}"), "\u{1F600}" == utf8.char(0x1F600))
local ok, err = pcall(function() for _ in utf8.codes("ab\xffcd") do end end)
print(ok, err)
-- reverse by code points
local rev = {}
for _, c in utf8.codes("añb€") do table.insert(rev, 1, utf8.char(c)) end
print(table.concat(rev))
print(string.upper("héllo"), #"日本語", ("日本語"):sub(4, 6))
