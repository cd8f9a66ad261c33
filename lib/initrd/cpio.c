/* SPDX-License-Identifier: BSD-3-Clause */
/* The newc cpio walk: every length checked against what is left. */
#include <stdbool.h>
#include <string.h>
#include <tess/cpio.h>

#define HEADER_LEN 110
#define FIELDS	   13

const char *tess_cpio_error_text(enum tess_cpio_error err)
{
	switch (err) {
	case TESS_CPIO_OK:
		return "no error";
	case TESS_CPIO_TRUNCATED:
		return "the archive ends inside an entry";
	case TESS_CPIO_BAD_MAGIC:
		return "not a cpio newc header (magic 070701)";
	case TESS_CPIO_BAD_NUMBER:
		return "a header field is not 8 hex digits";
	case TESS_CPIO_BAD_NAME:
		return "an entry's name is empty or not terminated";
	case TESS_CPIO_NO_TRAILER:
		return "the archive ends without its TRAILER!!! entry";
	}
	return "unknown error";
}

static bool hex8(const char *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static bool all_zero(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

enum tess_cpio_error tess_cpio_walk(const void *buf, size_t len,
				    int (*fn)(const struct tess_cpio_entry *e,
					      void *ctx),
				    void *ctx, int *fn_err, size_t *offset)
{
	const unsigned char *base = buf;
	size_t pos = 0;

	*fn_err = 0;
	for (;;) {
		const char *h = (const char *)base + pos;
		uint32_t f[FIELDS];
		struct tess_cpio_entry e;
		size_t left = len - pos, name_end, data_end;

		*offset = pos;
		if (left == 0 || all_zero(base + pos, left))
			return TESS_CPIO_NO_TRAILER;
		if (left < HEADER_LEN)
			return TESS_CPIO_TRUNCATED;
		if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
			return TESS_CPIO_BAD_MAGIC;
		for (int i = 0; i < FIELDS; i++)
			if (!hex8(h + 6 + 8 * i, &f[i]))
				return TESS_CPIO_BAD_NUMBER;
		/* f: ino mode uid gid nlink mtime filesize devmajor
		 * devminor rdevmajor rdevminor namesize check */
		if (f[11] == 0)
			return TESS_CPIO_BAD_NAME;
		if (f[11] > left - HEADER_LEN)
			return TESS_CPIO_TRUNCATED;
		name_end = pad4(HEADER_LEN + f[11]);
		if (h[HEADER_LEN + f[11] - 1] != '\0' ||
		    memchr(h + HEADER_LEN, '\0', f[11] - 1))
			return TESS_CPIO_BAD_NAME;
		if (name_end > left || f[6] > left - name_end)
			return TESS_CPIO_TRUNCATED;
		data_end = name_end + f[6];
		e = (struct tess_cpio_entry){
			.name = h + HEADER_LEN,
			.namelen = f[11] - 1,
			.ino = f[0],
			.mode = f[1],
			.uid = f[2],
			.gid = f[3],
			.nlink = f[4],
			.mtime = f[5],
			.data = h + name_end,
			.size = f[6],
			.dev_major = f[7],
			.dev_minor = f[8],
			.rdev_major = f[9],
			.rdev_minor = f[10],
		};
		if (e.namelen == 10 && memcmp(e.name, "TRAILER!!!", 10) == 0)
			return TESS_CPIO_OK;
		*fn_err = fn(&e, ctx);
		if (*fn_err)
			return TESS_CPIO_OK;
		/* The last entry's data padding may be cut short. */
		pos += data_end < left ? pad4(data_end) : data_end;
		if (pos > len)
			pos = len;
	}
}
