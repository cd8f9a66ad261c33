/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>
#include <tess/test.h>

#include "../p9_msg.h"

TESS_TEST(p9_msg, builds_little_endian_messages)
{
	uint8_t buf[64];
	struct p9_buf b;

	p9_begin(&b, buf, sizeof(buf), P9_TWALK, 0x1234);
	p9_put32(&b, 7);
	p9_putstr(&b, "ab", 2);
	p9_finish(&b);
	ASSERT_FALSE(b.err);
	EXPECT_EQ(b.len, 7 + 4 + 2 + 2);
	EXPECT_EQ(buf[0], 15);
	EXPECT_EQ(buf[4], P9_TWALK);
	EXPECT_EQ(buf[5], 0x34);
	EXPECT_EQ(buf[6], 0x12);
	EXPECT_EQ(buf[7], 7);
	EXPECT_EQ(buf[11], 2);
	EXPECT_EQ(buf[13], 'a');
	/* Past the capacity: the error flag, nothing written beyond. */
	p9_begin(&b, buf, 9, P9_TWALK, 1);
	p9_put32(&b, 1);
	EXPECT_TRUE(b.err);
}

/* A reply of type with body bytes. */
static size_t reply(uint8_t *buf, uint8_t type, const void *body, size_t len)
{
	size_t total = 7 + len;

	buf[0] = (uint8_t)total;
	buf[1] = buf[2] = buf[3] = 0;
	buf[4] = type;
	buf[5] = 1;
	buf[6] = 0;
	memcpy(buf + 7, body, len);
	return total;
}

TESS_TEST(p9_msg, parses_replies_and_refuses_malformed_ones)
{
	static const uint8_t walk_body[] = {1, 0, 0x80, 1, 0, 0, 0,
					    9, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t err_body[] = {2, 0, 0, 0};
	static const uint8_t str_body[] = {200, 0, 'x'};
	uint8_t buf[64];
	struct p9_buf r;
	struct p9_qid q;
	size_t len, n;

	n = reply(buf, P9_TWALK + 1, walk_body, sizeof(walk_body));
	ASSERT_EQ(p9_reply(&r, buf, n, P9_TWALK + 1), 0);
	EXPECT_EQ(p9_get16(&r), 1);
	q = p9_getqid(&r);
	EXPECT_EQ(q.type, 0x80);
	EXPECT_EQ(q.path, 9);
	EXPECT_FALSE(r.err);
	EXPECT_EQ(p9_get8(&r), 0); /* past the end: zero and the flag */
	EXPECT_TRUE(r.err);
	/* Rlerror gives the errno; another type, a size that disagrees
	 * with the length, and a nonsense errno are protocol errors. */
	n = reply(buf, P9_RLERROR, err_body, sizeof(err_body));
	EXPECT_EQ(p9_reply(&r, buf, n, P9_TWALK + 1), -ENOENT);
	n = reply(buf, P9_TREAD + 1, walk_body, 4);
	EXPECT_EQ(p9_reply(&r, buf, n, P9_TWALK + 1), -EPROTO);
	EXPECT_EQ(p9_reply(&r, buf, n - 1, P9_TREAD + 1), -EPROTO);
	EXPECT_EQ(p9_reply(&r, buf, 3, P9_TREAD + 1), -EPROTO);
	buf[7] = 0, buf[8] = 0, buf[9] = 1; /* errno 65536 */
	n = reply(buf, P9_RLERROR, buf + 7, 4);
	EXPECT_EQ(p9_reply(&r, buf, n, P9_TWALK + 1), -EPROTO);
	/* A string longer than the reply. */
	n = reply(buf, P9_TREADLINK + 1, str_body, sizeof(str_body));
	ASSERT_EQ(p9_reply(&r, buf, n, P9_TREADLINK + 1), 0);
	EXPECT_NULL(p9_getstr(&r, &len));
	EXPECT_TRUE(r.err);
}
