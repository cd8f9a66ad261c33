/* SPDX-License-Identifier: BSD-3-Clause */
/* Hexdump of a memory range to the kernel log. */
#include <tess/debug.h>

#define BYTES_PER_LINE 16

void tess_hexdump(enum tess_log_level level, const char *libname,
		  const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = data;

	for (size_t off = 0; off < len; off += BYTES_PER_LINE) {
		/* "xx " per byte, a gap, then the ASCII column. */
		char text[BYTES_PER_LINE * 3 + 2 + BYTES_PER_LINE + 1];
		size_t n = len - off < BYTES_PER_LINE ? len - off : BYTES_PER_LINE;
		char *t = text;

		for (size_t i = 0; i < BYTES_PER_LINE; i++) {
			if (i < n) {
				*t++ = hex[p[off + i] >> 4];
				*t++ = hex[p[off + i] & 15];
			} else {
				*t++ = ' ';
				*t++ = ' ';
			}
			*t++ = ' ';
		}
		*t++ = '|';
		for (size_t i = 0; i < n; i++) {
			unsigned char c = p[off + i];

			*t++ = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		}
		*t++ = '|';
		*t = '\0';
		tess_printk(level, libname, "%08zx: %s", off, text);
	}
}
