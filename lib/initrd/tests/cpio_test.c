/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <tess/cpio.h>
#include <tess/test.h>

/* Appends one newc entry to buf at *len. */
static void entry(char *buf, size_t *len, const char *name, unsigned mode,
		  const char *data)
{
	size_t namesize = strlen(name) + 1, size = strlen(data);

	*len += (size_t)sprintf(buf + *len,
				"070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X"
				"%08X%08zX%08X",
				1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u,
				namesize, 0u);
	memcpy(buf + *len, name, namesize);
	*len += namesize;
	while (*len % 4)
		buf[(*len)++] = '\0';
	memcpy(buf + *len, data, size);
	*len += size;
	while (*len % 4)
		buf[(*len)++] = '\0';
}

struct seen {
	int count;
	char names[4][16];
};

static int collect(const struct tess_cpio_entry *e, void *ctx)
{
	struct seen *s = ctx;

	if (s->count < 4)
		snprintf(s->names[s->count], 16, "%s:%zu", e->name, e->size);
	s->count++;
	return 0;
}

static char archive[1024];

static size_t build(void)
{
	size_t len = 0;

	memset(archive, 0, sizeof(archive));
	entry(archive, &len, "dir", 040755, "");
	entry(archive, &len, "dir/file", 0100644, "hello");
	entry(archive, &len, "TRAILER!!!", 0, "");
	return len;
}

TESS_TEST(cpio, walks_a_valid_archive)
{
	size_t len = build(), off;
	struct seen s = {0};
	int fn_err;

	EXPECT_EQ(tess_cpio_walk(archive, len + 512, collect, &s, &fn_err,
				 &off),
		  TESS_CPIO_OK);
	EXPECT_EQ(s.count, 2);
	EXPECT_STREQ(s.names[0], "dir:0");
	EXPECT_STREQ(s.names[1], "dir/file:5");
}

TESS_TEST(cpio, rejects_every_truncation)
{
	size_t len = build(), off;
	int fn_err;

	/* Every prefix short of the trailer is an error, never a read past
	 * the end (ASan on linuxu-sanitize checks the latter). */
	for (size_t cut = 0; cut < len - 4; cut++) {
		struct seen s = {0};
		enum tess_cpio_error err =
			tess_cpio_walk(archive, cut, collect, &s, &fn_err, &off);

		EXPECT_NE(err, TESS_CPIO_OK);
		EXPECT_LE(off, cut);
	}
}

TESS_TEST(cpio, rejects_bad_headers)
{
	size_t len, off;
	struct seen s = {0};
	int fn_err;

	len = build();
	archive[3] = '8';
	EXPECT_EQ(tess_cpio_walk(archive, len, collect, &s, &fn_err, &off),
		  TESS_CPIO_BAD_MAGIC);
	len = build();
	archive[20] = 'g';
	EXPECT_EQ(tess_cpio_walk(archive, len, collect, &s, &fn_err, &off),
		  TESS_CPIO_BAD_NUMBER);
	len = build();
	/* A file size far beyond the archive. */
	memcpy(archive + 6 + 8 * 6, "FFFFFFFF", 8);
	EXPECT_EQ(tess_cpio_walk(archive, len, collect, &s, &fn_err, &off),
		  TESS_CPIO_TRUNCATED);
	len = build();
	/* A name size of 0, and a name that is not terminated. */
	memcpy(archive + 6 + 8 * 11, "00000000", 8);
	EXPECT_EQ(tess_cpio_walk(archive, len, collect, &s, &fn_err, &off),
		  TESS_CPIO_BAD_NAME);
	len = build();
	archive[110 + 3] = 'x';
	EXPECT_EQ(tess_cpio_walk(archive, len, collect, &s, &fn_err, &off),
		  TESS_CPIO_BAD_NAME);
}
