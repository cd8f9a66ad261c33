/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of lib/blkdev with a driver of the test's own that holds requests
 * and completes them later, in any order, from a timer (interrupt
 * context): checks before the driver, many in flight, exactly one
 * completion each, synchronous calls, statistics.
 */
#include <errno.h>
#include <string.h>
#include <tess/blkdev_driver.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>

#define HELD_MAX 32

static struct tess_blk_req *held[HELD_MAX];
static unsigned int held_count, driver_calls;
static struct tess_blkdev *dev;

/* Holds the request; a later completion returns it. */
static int held_submit(struct tess_blkdev *d, struct tess_blk_req *req)
{
	(void)d;
	driver_calls++;
	if (held_count == HELD_MAX)
		return -EBUSY;
	held[held_count++] = req;
	return 0;
}

static const struct tess_blkdev_ops held_ops = {.submit = held_submit};

/* Completes every held request, last first (another order than
 * submitted), from interrupt context. */
static void complete_all(void *arg)
{
	(void)arg;
	while (held_count) {
		struct tess_blk_req *r = held[--held_count];

		if (r->op == TESS_BLK_READ)
			memset(r->buf, 0x5a, r->count * 512);
		tess_blkdev_complete(dev, r, 0);
	}
}

static void ensure_device(void)
{
	const struct tess_blkdev_info info = {"held0", 1000, 512, false};

	if (!dev)
		tess_blkdev_register(&info, &held_ops, NULL, &dev);
}

static unsigned int completions[HELD_MAX];

static void count_done(struct tess_blk_req *req, int status)
{
	completions[(uintptr_t)req->arg] += status == 0 ? 1 : 100;
}

TESS_TEST(blkdev, requests_are_checked_before_the_driver)
{
	static char buf[512];
	struct tess_blk_req r = {.op = TESS_BLK_READ, .sector = 999,
				 .count = 2, .buf = buf, .done = count_done};
	const struct tess_blkdev_info ro = {"ro0", 8, 4096, true};
	const struct tess_blkdev_info bad = {"bad0", 8, 1000, false};
	struct tess_blkdev *rod;
	unsigned int calls;

	ensure_device();
	ASSERT_NOT_NULL(dev);
	calls = driver_calls;
	EXPECT_EQ(tess_blkdev_submit(dev, &r), -ERANGE);
	r.sector = UINT64_MAX - 1; /* sector + count wraps */
	EXPECT_EQ(tess_blkdev_submit(dev, &r), -ERANGE);
	r.sector = 0, r.count = 0;
	EXPECT_EQ(tess_blkdev_submit(dev, &r), -EINVAL);
	r.count = 1, r.buf = NULL;
	EXPECT_EQ(tess_blkdev_submit(dev, &r), -EINVAL);
	r.buf = buf, r.op = (enum tess_blk_op)7;
	EXPECT_EQ(tess_blkdev_submit(dev, &r), -EINVAL);
	r.op = TESS_BLK_READ, r.done = NULL;
	EXPECT_EQ(tess_blkdev_submit(dev, &r), -EINVAL);
	EXPECT_EQ(driver_calls, calls); /* none reached the driver */
	EXPECT_EQ(tess_blkdev_register(&bad, &held_ops, NULL, NULL), -EINVAL);
	EXPECT_EQ(tess_blkdev_register(&ro, &held_ops, NULL, &rod), 0);
	EXPECT_EQ(tess_blkdev_register(&ro, &held_ops, NULL, NULL), -EEXIST);
	EXPECT_TRUE(tess_blkdev_find("ro0") == rod);
	EXPECT_EQ(tess_blkdev_write(rod, 0, 1, buf), -EROFS);
	EXPECT_EQ(driver_calls, calls);
}

TESS_TEST(blkdev, many_in_flight_each_completed_once_from_an_interrupt)
{
	static char bufs[20][512];
	static struct tess_blk_req reqs[20];
	struct tess_blkdev_stats before, after;
	struct tess_sched_timer timer;

	ensure_device();
	ASSERT_NOT_NULL(dev);
	tess_blkdev_stats_get(dev, &before);
	memset(completions, 0, sizeof(completions));
	for (uintptr_t i = 0; i < 20; i++) {
		reqs[i] = (struct tess_blk_req){
			.op = i % 2 ? TESS_BLK_WRITE : TESS_BLK_READ,
			.sector = i * 10, .count = 1, .buf = bufs[i],
			.done = count_done, .arg = (void *)i};
		ASSERT_EQ(tess_blkdev_submit(dev, &reqs[i]), 0);
	}
	tess_blkdev_stats_get(dev, &after);
	EXPECT_EQ(after.in_flight, 20);
	tess_sched_timer_init(&timer, complete_all, NULL);
	ASSERT_EQ(tess_sched_timer_start(&timer, tess_plat_monotonic_ns()), 0);
	while (held_count)
		tess_sched_sleep_ns(1000000);
	for (int i = 0; i < 20; i++)
		EXPECT_EQ(completions[i], 1);
	EXPECT_EQ((unsigned char)bufs[0][0], 0x5a);
	tess_blkdev_stats_get(dev, &after);
	EXPECT_EQ(after.in_flight, 0);
	EXPECT_GE(after.in_flight_max, 20);
	EXPECT_EQ_U(after.reads - before.reads, 10);
	EXPECT_EQ_U(after.writes - before.writes, 10);
}

/* Completes the held requests a little later, from a thread. */
static void *completer(void *arg)
{
	(void)arg;
	while (!held_count)
		tess_sched_sleep_ns(1000000);
	complete_all(NULL);
	return NULL;
}

TESS_TEST(blkdev, synchronous_calls_wait_for_the_completion)
{
	static char buf[2 * 512];
	struct tess_thread *t;

	ensure_device();
	ASSERT_NOT_NULL(dev);
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, completer, NULL), 0);
	EXPECT_EQ(tess_blkdev_read(dev, 5, 2, buf), 0);
	EXPECT_EQ((unsigned char)buf[1023], 0x5a);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, completer, NULL), 0);
	EXPECT_EQ(tess_blkdev_flush(dev), 0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
}
