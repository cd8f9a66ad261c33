/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of lib/pool: exhaustion and refill, alignment, LIFO reuse, bulk
 * all-or-nothing, refused foreign and double puts, interrupt context,
 * destroy only when every object is back, memory returned. */
#include <errno.h>
#include <stdint.h>
#include <tess/alloc.h>
#include <tess/plat/time.h>
#include <tess/pool.h>
#include <tess/sched.h>
#include <tess/test.h>

TESS_TEST(pool, every_object_once_then_empty_then_refilled)
{
	struct tess_pool *p;
	struct tess_pool_stats st;
	void *objs[8];

	ASSERT_EQ(tess_pool_create(&p, "t", 100, 8, 64), 0);
	EXPECT_EQ(tess_pool_available(p), 8);
	for (int i = 0; i < 8; i++) {
		objs[i] = tess_pool_get(p);
		ASSERT_NOT_NULL(objs[i]);
		EXPECT_EQ_U((uintptr_t)objs[i] % 64, 0);
		for (int j = 0; j < i; j++) /* distinct, apart by >= size */
			EXPECT_GE_U((uintptr_t)objs[i] > (uintptr_t)objs[j]
					    ? (uintptr_t)objs[i] - (uintptr_t)objs[j]
					    : (uintptr_t)objs[j] - (uintptr_t)objs[i],
				    100);
	}
	EXPECT_NULL(tess_pool_get(p));
	for (int i = 0; i < 8; i++)
		EXPECT_EQ(tess_pool_put(p, objs[i]), 0);
	EXPECT_EQ(tess_pool_available(p), 8);
	tess_pool_stats_get(p, &st);
	EXPECT_EQ_U(st.gets, 8);
	EXPECT_EQ_U(st.puts, 8);
	EXPECT_EQ_U(st.empty, 1);
	EXPECT_EQ(st.min_free, 0);
	EXPECT_EQ_U(st.stride, 128);
	EXPECT_EQ(tess_pool_destroy(p), 0);
}

TESS_TEST(pool, the_last_returned_is_handed_out_first)
{
	struct tess_pool *p;
	void *a, *b;

	ASSERT_EQ(tess_pool_create(&p, "lifo", 32, 4, 0), 0);
	a = tess_pool_get(p);
	b = tess_pool_get(p);
	EXPECT_EQ(tess_pool_put(p, a), 0);
	EXPECT_TRUE(tess_pool_get(p) == a);
	EXPECT_EQ(tess_pool_put(p, a), 0);
	EXPECT_EQ(tess_pool_put(p, b), 0);
	EXPECT_EQ(tess_pool_destroy(p), 0);
}

TESS_TEST(pool, bulk_gets_all_or_nothing)
{
	struct tess_pool *p;
	void *objs[6] = {0};

	ASSERT_EQ(tess_pool_create(&p, "bulk", 16, 5, 0), 0);
	EXPECT_EQ(tess_pool_get_bulk(p, objs, 6), 0);
	EXPECT_NULL(objs[0]);
	EXPECT_EQ(tess_pool_available(p), 5);
	EXPECT_EQ(tess_pool_get_bulk(p, objs, 5), 5);
	EXPECT_EQ(tess_pool_available(p), 0);
	EXPECT_EQ(tess_pool_put_bulk(p, objs, 5), 5);
	EXPECT_EQ(tess_pool_available(p), 5);
	EXPECT_EQ(tess_pool_destroy(p), 0);
}

TESS_TEST(pool, foreign_and_double_puts_are_refused_and_change_nothing)
{
	struct tess_pool *p, *other;
	struct tess_pool_stats st;
	char *obj, *theirs;
	void *mixed[3];

	ASSERT_EQ(tess_pool_create(&p, "strict", 48, 3, 0), 0);
	ASSERT_EQ(tess_pool_create(&other, "other", 48, 3, 0), 0);
	obj = tess_pool_get(p);
	theirs = tess_pool_get(other);
	EXPECT_TRUE(tess_pool_owns(p, obj));
	EXPECT_FALSE(tess_pool_owns(p, obj + 1));
	EXPECT_FALSE(tess_pool_owns(p, theirs));
	EXPECT_EQ(tess_pool_put(p, obj + 1), -EINVAL);
	EXPECT_EQ(tess_pool_put(p, theirs), -EINVAL);
	EXPECT_EQ(tess_pool_put(p, NULL), -EINVAL);
	EXPECT_EQ(tess_pool_available(p), 2);
	EXPECT_EQ(tess_pool_put(p, obj), 0);
	EXPECT_EQ(tess_pool_put(p, obj), -EALREADY);
	EXPECT_EQ(tess_pool_available(p), 3);
	/* In bulk, the bad ones are skipped and the good one is taken. */
	obj = tess_pool_get(p);
	mixed[0] = theirs, mixed[1] = obj, mixed[2] = obj;
	EXPECT_EQ(tess_pool_put_bulk(p, mixed, 3), 1);
	EXPECT_EQ(tess_pool_available(p), 3);
	tess_pool_stats_get(p, &st);
	EXPECT_EQ_U(st.bad_puts, 6);
	EXPECT_EQ(tess_pool_put(other, theirs), 0);
	EXPECT_EQ(tess_pool_destroy(p), 0);
	EXPECT_EQ(tess_pool_destroy(other), 0);
}

TESS_TEST(pool, bad_arguments_are_einval)
{
	struct tess_pool *p;

	EXPECT_EQ(tess_pool_create(NULL, "x", 8, 8, 0), -EINVAL);
	EXPECT_EQ(tess_pool_create(&p, "x", 0, 8, 0), -EINVAL);
	EXPECT_EQ(tess_pool_create(&p, "x", 8, 0, 0), -EINVAL);
	EXPECT_EQ(tess_pool_create(&p, "x", 8, 8, 48), -EINVAL);
	EXPECT_EQ(tess_pool_create(&p, "x", 8, 8, 8192), -EINVAL);
	EXPECT_EQ(tess_pool_create(&p, "x", TESS_POOL_SIZE_MAX + 1, 8, 0),
		  -EINVAL);
	EXPECT_EQ(tess_pool_create(&p, "x", 8, TESS_POOL_COUNT_MAX + 1, 0),
		  -EINVAL);
	/* An absurd but valid size: the heap says no, nothing leaks. */
	EXPECT_EQ(tess_pool_create(&p, "x", TESS_POOL_SIZE_MAX,
				   TESS_POOL_COUNT_MAX, 0),
		  -ENOMEM);
	EXPECT_NULL(tess_pool_get(NULL));
	EXPECT_EQ(tess_pool_destroy(NULL), 0);
}

TESS_TEST(pool, destroy_waits_for_every_object_and_returns_the_memory)
{
	struct tess_alloc_stats before, after;
	struct tess_pool *p;
	void *obj;

	tess_alloc_stats_get(tess_alloc_default(), &before);
	ASSERT_EQ(tess_pool_create(&p, "mem", 2048, 100, 0), 0);
	obj = tess_pool_get(p);
	EXPECT_EQ(tess_pool_destroy(p), -EBUSY);
	EXPECT_EQ(tess_pool_put(p, obj), 0);
	EXPECT_EQ(tess_pool_destroy(p), 0);
	tess_alloc_stats_get(tess_alloc_default(), &after);
	EXPECT_EQ_U(after.in_use_bytes, before.in_use_bytes);
}

/* A timer callback (interrupt context) takes and gives back objects. */
static struct tess_pool *irq_pool;
static volatile int irq_ok;

static void from_interrupt(void *arg)
{
	void *objs[2];

	(void)arg;
	if (tess_pool_get_bulk(irq_pool, objs, 2) == 2 &&
	    tess_pool_put(irq_pool, objs[0]) == 0 &&
	    tess_pool_put(irq_pool, objs[1]) == 0)
		irq_ok = 1;
	else
		irq_ok = -1;
}

TESS_TEST(pool, works_from_interrupt_context)
{
	struct tess_sched_timer timer;

	ASSERT_EQ(tess_pool_create(&irq_pool, "irq", 64, 2, 0), 0);
	irq_ok = 0;
	tess_sched_timer_init(&timer, from_interrupt, NULL);
	ASSERT_EQ(tess_sched_timer_start(&timer,
					 tess_plat_monotonic_ns() + 1000000),
		  0);
	while (irq_ok == 0)
		tess_sched_sleep_ns(1000000);
	EXPECT_EQ(irq_ok, 1);
	EXPECT_EQ(tess_pool_available(irq_pool), 2);
	EXPECT_EQ(tess_pool_destroy(irq_pool), 0);
}
