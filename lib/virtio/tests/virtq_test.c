/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the driver-side virtqueue, against a device played here on the
 * same memory (as a monitor would see it): chains in order with their
 * flags, a full ring, notification suppression both ways with and without
 * EVENT_IDX, a device that breaks the rules, and 100000 chains of random
 * lengths completed out of order (indices wrap; the free list survives).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <tess/test.h>
#include <tess/test_util.h>
#include <tess/virtio.h>

/* The device, on the queue's memory. */
struct device {
	struct tess_virtq_desc *desc;
	struct tess_virtq_avail *avail;
	struct tess_virtq_used *used;
	unsigned int num;
	uint16_t last_avail, used_idx;
};

static void device_attach(struct device *d, struct tess_virtq *q)
{
	uint64_t desc, avail, used;

	tess_virtq_addrs(q, &desc, &avail, &used);
	d->desc = (struct tess_virtq_desc *)(uintptr_t)desc;
	d->avail = (struct tess_virtq_avail *)(uintptr_t)avail;
	d->used = (struct tess_virtq_used *)(uintptr_t)used;
	d->num = tess_virtq_num(q);
	d->last_avail = d->used_idx = 0;
}

/* The next available head, or -1. */
static int device_take(struct device *d)
{
	if (__atomic_load_n(&d->avail->idx, __ATOMIC_ACQUIRE) == d->last_avail)
		return -1;
	return d->avail->ring[d->last_avail++ & (d->num - 1)];
}

static void device_complete(struct device *d, uint32_t id, uint32_t len)
{
	d->used->ring[d->used_idx & (d->num - 1)] =
		(struct tess_virtq_used_elem){id, len};
	d->used_idx++;
	__atomic_store_n(&d->used->idx, d->used_idx, __ATOMIC_RELEASE);
}

static char bufs[8][64];

TESS_TEST(virtq, a_chain_reaches_the_device_in_order_and_comes_back)
{
	struct tess_virtq *q;
	struct device d;
	struct tess_virtq_buf chain[3] = {
		{bufs[0], 10}, {bufs[1], 64}, {bufs[2], 1}};
	uint32_t written = 0;
	int head;

	ASSERT_EQ(tess_virtq_create(&q, 8, false), 0);
	device_attach(&d, q);
	ASSERT_EQ(tess_virtq_add(q, chain, 1, 2, (void *)0x1234), 0);
	EXPECT_EQ(device_take(&d), -1); /* not published yet */
	EXPECT_TRUE(tess_virtq_kick_prepare(q));
	EXPECT_FALSE(tess_virtq_kick_prepare(q)); /* nothing new */
	head = device_take(&d);
	ASSERT_GE(head, 0);
	{
		struct tess_virtq_desc *a = &d.desc[head];
		struct tess_virtq_desc *b = &d.desc[a->next];
		struct tess_virtq_desc *c = &d.desc[b->next];

		EXPECT_TRUE(a->addr == (uintptr_t)bufs[0] && a->len == 10 &&
			    a->flags == TESS_VIRTQ_DESC_F_NEXT);
		EXPECT_TRUE(b->addr == (uintptr_t)bufs[1] && b->len == 64 &&
			    b->flags == (TESS_VIRTQ_DESC_F_NEXT |
					 TESS_VIRTQ_DESC_F_WRITE));
		EXPECT_TRUE(c->addr == (uintptr_t)bufs[2] &&
			    c->flags == TESS_VIRTQ_DESC_F_WRITE);
	}
	EXPECT_EQ(tess_virtq_free(q), 5);
	EXPECT_NULL(tess_virtq_get_used(q, &written));
	device_complete(&d, (uint32_t)head, 65);
	EXPECT_EQ_U((uintptr_t)tess_virtq_get_used(q, &written), 0x1234);
	EXPECT_EQ(written, 65);
	EXPECT_EQ(tess_virtq_free(q), 8);
	tess_virtq_destroy(q);
}

TESS_TEST(virtq, a_full_ring_says_enospc_and_bad_chains_einval)
{
	struct tess_virtq *q;
	struct device d;
	struct tess_virtq_buf one = {bufs[0], 8}, zero = {bufs[0], 0},
			      pair[2] = {{bufs[0], 8}, {bufs[1], 8}};

	EXPECT_EQ(tess_virtq_create(&q, 6, false), -EINVAL);
	EXPECT_EQ(tess_virtq_create(&q, 65536, false), -EINVAL);
	ASSERT_EQ(tess_virtq_create(&q, 4, false), 0);
	device_attach(&d, q);
	EXPECT_EQ(tess_virtq_add(q, &one, 1, 0, NULL), -EINVAL);
	EXPECT_EQ(tess_virtq_add(q, &zero, 1, 0, (void *)1), -EINVAL);
	EXPECT_EQ(tess_virtq_add(q, &one, 0, 0, (void *)1), -EINVAL);
	EXPECT_EQ(tess_virtq_add(q, pair, 2, 0, (void *)1), 0);
	EXPECT_EQ(tess_virtq_add(q, pair, 1, 1, (void *)2), 0);
	EXPECT_EQ(tess_virtq_add(q, &one, 1, 0, (void *)3), -ENOSPC);
	tess_virtq_kick_prepare(q);
	device_complete(&d, (uint32_t)device_take(&d), 0);
	EXPECT_EQ_U((uintptr_t)tess_virtq_get_used(q, NULL), 1);
	EXPECT_EQ(tess_virtq_add(q, &one, 1, 0, (void *)3), 0);
	tess_virtq_destroy(q);
}

TESS_TEST(virtq, notifications_follow_the_flags_or_the_event_indices)
{
	struct tess_virtq_buf one = {bufs[0], 8};
	struct tess_virtq *q;
	struct device d;

	/* Ring flags. */
	ASSERT_EQ(tess_virtq_create(&q, 8, false), 0);
	device_attach(&d, q);
	d.used->flags = TESS_VIRTQ_USED_F_NO_NOTIFY; /* a polling device */
	tess_virtq_add(q, &one, 1, 0, (void *)1);
	EXPECT_FALSE(tess_virtq_kick_prepare(q));
	tess_virtq_interrupts_off(q);
	EXPECT_EQ(d.avail->flags, TESS_VIRTQ_AVAIL_F_NO_INTERRUPT);
	device_complete(&d, (uint32_t)device_take(&d), 0);
	EXPECT_TRUE(tess_virtq_interrupts_on(q)); /* one came meanwhile */
	EXPECT_EQ(d.avail->flags, 0);
	tess_virtq_destroy(q);
	/* EVENT_IDX: the device asks to be told at avail_event. */
	ASSERT_EQ(tess_virtq_create(&q, 8, true), 0);
	device_attach(&d, q);
	{
		/* avail_event, after the used ring: tell me at entry 1. */
		uint16_t at_one = 1;

		memcpy((char *)d.used + 4 + 8 * 8, &at_one, sizeof(at_one));
	}
	tess_virtq_add(q, &one, 1, 0, (void *)1);
	EXPECT_FALSE(tess_virtq_kick_prepare(q));
	tess_virtq_add(q, &one, 1, 0, (void *)2);
	EXPECT_TRUE(tess_virtq_kick_prepare(q));
	tess_virtq_interrupts_on(q);
	EXPECT_EQ(d.avail->ring[8], 0); /* used_event: the next to take */
	tess_virtq_interrupts_off(q);
	EXPECT_FALSE(tess_virtq_need_event(d.avail->ring[8], 1, 0));
	tess_virtq_destroy(q);
}

TESS_TEST(virtq, a_device_that_breaks_the_rules_breaks_the_queue)
{
	struct tess_virtq_buf in = {bufs[0], 16};
	struct tess_virtq *q;
	struct device d;
	const char *why;

	ASSERT_EQ(tess_virtq_create(&q, 8, false), 0);
	device_attach(&d, q);
	tess_virtq_add(q, &in, 0, 1, (void *)1);
	tess_virtq_kick_prepare(q);
	device_complete(&d, 5, 0); /* never given out */
	EXPECT_NULL(tess_virtq_get_used(q, NULL));
	EXPECT_TRUE(tess_virtq_broken(q, &why));
	EXPECT_STREQ(why, "returned a descriptor that is not out");
	tess_virtq_destroy(q);

	ASSERT_EQ(tess_virtq_create(&q, 8, false), 0);
	device_attach(&d, q);
	tess_virtq_add(q, &in, 0, 1, (void *)1);
	tess_virtq_kick_prepare(q);
	device_complete(&d, (uint32_t)device_take(&d), 17); /* 16 fit */
	EXPECT_NULL(tess_virtq_get_used(q, NULL));
	EXPECT_TRUE(tess_virtq_broken(q, &why));
	EXPECT_STREQ(why, "wrote more than the buffers hold");
	tess_virtq_destroy(q);

	ASSERT_EQ(tess_virtq_create(&q, 8, false), 0);
	device_attach(&d, q);
	d.used->idx = 9;
	EXPECT_NULL(tess_virtq_get_used(q, NULL));
	EXPECT_TRUE(tess_virtq_broken(q, &why));
	EXPECT_STREQ(why, "moved the used index past the queue's size");
	tess_virtq_destroy(q);
}

/* Takes every used chain: their cookies add to *sum, their number to
 * *count. */
static void drain(struct tess_virtq *q, uintptr_t *sum, unsigned int *count)
{
	void *cookie;

	while ((cookie = tess_virtq_get_used(q, NULL)) != NULL) {
		*sum += (uintptr_t)cookie;
		(*count)++;
	}
}

TESS_TEST(virtq, many_chains_completed_out_of_order)
{
	static uintptr_t out_heads[64];
	struct tess_virtq *q;
	struct device d;
	struct tess_test_rng rng;
	unsigned int pending = 0, added = 0, returned = 0;
	uintptr_t next_cookie = 1, expected_sum = 0, got_sum = 0;

	ASSERT_EQ(tess_virtq_create(&q, 64, true), 0);
	device_attach(&d, q);
	tess_test_rng_seed(&rng, 42);
	while (added < 100000) {
		struct tess_virtq_buf chain[4];
		unsigned int n = 1 + tess_test_rng_below(&rng, 4);
		int head;

		for (unsigned int k = 0; k < n; k++)
			chain[k] = (struct tess_virtq_buf){bufs[k], 8};
		if (tess_virtq_add(q, chain, 1, n - 1,
				   (void *)next_cookie) == 0) {
			expected_sum += next_cookie++;
			added++;
		}
		tess_virtq_kick_prepare(q);
		while ((head = device_take(&d)) >= 0)
			out_heads[pending++] = (uintptr_t)head;
		/* Complete a random one of those out, sometimes. */
		if (pending && tess_test_rng_below(&rng, 3)) {
			unsigned int k = tess_test_rng_below(&rng, pending);

			device_complete(&d, (uint32_t)out_heads[k], 0);
			out_heads[k] = out_heads[--pending];
		}
		drain(q, &got_sum, &returned);
	}
	while (pending) {
		device_complete(&d, (uint32_t)out_heads[--pending], 0);
		drain(q, &got_sum, &returned);
	}
	EXPECT_FALSE(tess_virtq_broken(q, NULL));
	EXPECT_EQ(returned, added);
	EXPECT_EQ_U(got_sum, expected_sum);
	EXPECT_EQ(tess_virtq_free(q), 64);
	tess_virtq_destroy(q);
}

TESS_TEST(virtq, chains_still_out_are_detached_after_a_reset)
{
	struct tess_virtq *q;
	struct tess_virtq_buf pair[2] = {{bufs[0], 8}, {bufs[1], 8}};
	uintptr_t sum = 0;
	void *cookie;

	ASSERT_EQ(tess_virtq_create(&q, 8, false), 0);
	EXPECT_NULL(tess_virtq_detach_unused(q));
	for (uintptr_t c = 1; c <= 4; c++)
		EXPECT_EQ(tess_virtq_add(q, pair, 1, 1, (void *)c), 0);
	EXPECT_EQ(tess_virtq_free(q), 0);
	while ((cookie = tess_virtq_detach_unused(q)) != NULL)
		sum += (uintptr_t)cookie;
	/* Each cookie once, every descriptor free again and usable. */
	EXPECT_EQ_U(sum, 1 + 2 + 3 + 4);
	EXPECT_EQ(tess_virtq_free(q), 8);
	for (uintptr_t c = 1; c <= 4; c++)
		EXPECT_EQ(tess_virtq_add(q, pair, 2, 0, (void *)c), 0);
	tess_virtq_destroy(q);
}
