/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of lib/netdev's packet buffers: geometry and alignment, every
 * field reset on alloc, exhaustion, refused double and foreign frees,
 * bulk alloc all-or-nothing, bulk free across pools, destroy only when
 * every buffer is back, bad arguments. */
#include <errno.h>
#include <stdint.h>
#include <tess/netbuf.h>
#include <tess/test.h>
#include <tess/test_util.h>

TESS_TEST(netdev, netbuf_pool_hands_out_buffers_with_headroom_until_empty)
{
	const struct tess_netbuf_pool_info *info;
	struct tess_netbuf_pool *p;
	struct tess_netbuf *bufs[4];

	ASSERT_EQ(tess_netbuf_pool_create(&p, "geometry", 4, 256, 16), 0);
	info = tess_netbuf_pool_info(p);
	EXPECT_STREQ(info->name, "geometry");
	EXPECT_EQ(info->count, 4);
	EXPECT_EQ(info->headroom, 16);
	EXPECT_EQ(info->data_size, 256);
	for (int i = 0; i < 4; i++) {
		bufs[i] = tess_netbuf_alloc(p);
		ASSERT_NOT_NULL(bufs[i]);
		EXPECT_EQ_U((uintptr_t)bufs[i] % 64, 0);
		EXPECT_TRUE(bufs[i]->data == bufs[i]->storage + 16);
		EXPECT_EQ(bufs[i]->len, 0);
		EXPECT_EQ(bufs[i]->capacity, 272);
		EXPECT_TRUE(bufs[i]->pool == p);
		EXPECT_EQ(tess_netbuf_headroom(bufs[i]), 16);
		EXPECT_EQ(tess_netbuf_tailroom(bufs[i]), 256);
		for (int j = 0; j < i; j++) /* no overlap */
			EXPECT_GE_U((uintptr_t)bufs[i] > (uintptr_t)bufs[j]
					    ? (uintptr_t)bufs[i] -
						      (uintptr_t)bufs[j]
					    : (uintptr_t)bufs[j] -
						      (uintptr_t)bufs[i],
				    sizeof(struct tess_netbuf) + 272);
	}
	EXPECT_NULL(tess_netbuf_alloc(p));
	EXPECT_EQ(tess_netbuf_pool_available(p), 0);
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(tess_netbuf_free(bufs[i]), 0);
	EXPECT_EQ(tess_netbuf_pool_available(p), 4);
	EXPECT_EQ(tess_netbuf_pool_destroy(p), 0);
}

TESS_TEST(netdev, netbuf_alloc_resets_what_the_last_holder_changed)
{
	struct tess_netbuf_pool *p;
	struct tess_netbuf *b, *again;

	ASSERT_EQ(tess_netbuf_pool_create(&p, "reset", 2, 128, 8), 0);
	b = tess_netbuf_alloc(p);
	ASSERT_NOT_NULL(b);
	b->data = b->storage;
	b->len = 100;
	b->next = b;
	b->priv = p;
	EXPECT_EQ(tess_netbuf_free(b), 0);
	again = tess_netbuf_alloc(p); /* the last freed comes out first */
	EXPECT_TRUE(again == b);
	EXPECT_TRUE(again->data == again->storage + 8);
	EXPECT_EQ(again->len, 0);
	EXPECT_NULL(again->next);
	EXPECT_NULL(again->priv);
	EXPECT_EQ(tess_netbuf_free(again), 0);
	EXPECT_EQ(tess_netbuf_pool_destroy(p), 0);
}

TESS_TEST(netdev, netbuf_double_and_foreign_frees_are_refused)
{
	struct tess_netbuf_pool *p, *other;
	struct tess_netbuf *b, *theirs, fake = {0};
	enum tess_log_level level;

	ASSERT_EQ(tess_netbuf_pool_create(&p, "strict", 2, 64, 0), 0);
	ASSERT_EQ(tess_netbuf_pool_create(&other, "other", 2, 64, 0), 0);
	b = tess_netbuf_alloc(p);
	theirs = tess_netbuf_alloc(other);
	ASSERT_NOT_NULL(b);
	ASSERT_NOT_NULL(theirs);
	EXPECT_EQ(tess_netbuf_pool_destroy(p), -EBUSY);
	level = tess_test_log_quiet(); /* lib/pool logs each refusal */
	EXPECT_EQ(tess_netbuf_free(NULL), -EINVAL);
	EXPECT_EQ(tess_netbuf_free(&fake), -EINVAL); /* no pool */
	fake.pool = p; /* names a pool it is not part of */
	EXPECT_EQ(tess_netbuf_free(&fake), -EINVAL);
	theirs->pool = p;
	EXPECT_EQ(tess_netbuf_free(theirs), -EINVAL);
	theirs->pool = other;
	EXPECT_EQ(tess_netbuf_free(b), 0);
	EXPECT_EQ(tess_netbuf_free(b), -EALREADY);
	tess_test_log_restore(level);
	EXPECT_EQ(tess_netbuf_pool_available(p), 2);
	EXPECT_EQ(tess_netbuf_free(theirs), 0);
	EXPECT_EQ(tess_netbuf_pool_destroy(p), 0);
	EXPECT_EQ(tess_netbuf_pool_destroy(other), 0);
}

TESS_TEST(netdev, netbuf_bulk_alloc_is_all_or_nothing_bulk_free_any_pools)
{
	struct tess_netbuf_pool *a, *b;
	struct tess_netbuf *bufs[4] = {0}, *from_b[2], *mixed[6];

	ASSERT_EQ(tess_netbuf_pool_create(&a, "a", 3, 64, 4), 0);
	ASSERT_EQ(tess_netbuf_pool_create(&b, "b", 2, 64, 4), 0);
	EXPECT_EQ(tess_netbuf_alloc_bulk(a, bufs, 4), 0);
	EXPECT_NULL(bufs[0]);
	EXPECT_EQ(tess_netbuf_pool_available(a), 3);
	ASSERT_EQ(tess_netbuf_alloc_bulk(a, bufs, 3), 3);
	for (int i = 0; i < 3; i++) {
		EXPECT_TRUE(bufs[i]->pool == a);
		EXPECT_EQ(tess_netbuf_headroom(bufs[i]), 4);
		EXPECT_EQ(bufs[i]->len, 0);
	}
	ASSERT_EQ(tess_netbuf_alloc_bulk(b, from_b, 2), 2);
	mixed[0] = bufs[0], mixed[1] = from_b[0], mixed[2] = NULL;
	mixed[3] = bufs[1], mixed[4] = bufs[2], mixed[5] = from_b[1];
	EXPECT_EQ(tess_netbuf_free_bulk(mixed, 6), 5);
	EXPECT_EQ(tess_netbuf_pool_available(a), 3);
	EXPECT_EQ(tess_netbuf_pool_available(b), 2);
	EXPECT_EQ(tess_netbuf_pool_destroy(a), 0);
	EXPECT_EQ(tess_netbuf_pool_destroy(b), 0);
}

TESS_TEST(netdev, netbuf_bad_arguments_are_refused)
{
	struct tess_netbuf_pool *p;
	struct tess_netbuf *bufs[2];

	EXPECT_EQ(tess_netbuf_pool_create(NULL, "x", 4, 64, 0), -EINVAL);
	EXPECT_EQ(tess_netbuf_pool_create(&p, "x", 0, 64, 0), -EINVAL);
	EXPECT_EQ(tess_netbuf_pool_create(&p, "x", 4, 0, 0), -EINVAL);
	EXPECT_EQ(tess_netbuf_pool_create(&p, "x", 4, 65536, 0), -EINVAL);
	EXPECT_EQ(tess_netbuf_pool_create(&p, "x", 4, 65000, 536), -EINVAL);
	EXPECT_EQ(tess_netbuf_pool_create(&p, "x", (size_t)1 << 30, 64, 0),
		  -EINVAL);
	EXPECT_NULL(tess_netbuf_alloc(NULL));
	EXPECT_EQ(tess_netbuf_alloc_bulk(NULL, bufs, 2), 0);
	EXPECT_EQ(tess_netbuf_free_bulk(NULL, 2), 0);
	EXPECT_NULL(tess_netbuf_pool_info(NULL));
	EXPECT_EQ(tess_netbuf_pool_available(NULL), 0);
	EXPECT_EQ(tess_netbuf_pool_destroy(NULL), 0);
}
