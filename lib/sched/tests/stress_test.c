/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stress tests of lib/sched: 1000 threads alive at once, created and
 * joined, interleaving through yields; 100 sleepers with scattered
 * deadlines, none woken early, each running within the tolerance after
 * the timer interrupt that woke it (a stalled host delays the interrupt,
 * which is not the scheduler's lateness: see timer_test.c).
 */
#include <tess/alloc.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>
#include <tess/test_util.h>

#define THREADS	     1000
#define TOLERANCE_NS 20000000ULL

static struct tess_thread *threads[THREADS];
static volatile uint64_t sum;

static void *add_index_in_steps(void *arg)
{
	uintptr_t i = (uintptr_t)arg;

	sum += i;
	tess_sched_yield();
	sum += i * 1000;
	tess_sched_yield();
	return (void *)(i * 3);
}

TESS_TEST(sched_stress, thousand_threads_created_and_joined)
{
	struct tess_sched_thread_attr attr = {
		.stack_size = TESS_SCHED_STACK_MIN,
	};
	struct tess_alloc_stats before, after;
	unsigned int bad = 0;

	tess_alloc_stats_get(tess_alloc_default(), &before);
	sum = 0;
	for (uintptr_t i = 0; i < THREADS; i++)
		ASSERT_EQ(tess_sched_thread_create(&threads[i], &attr,
						   add_index_in_steps,
						   (void *)i),
			  0);
	for (uintptr_t i = 0; i < THREADS; i++) {
		void *ret;

		ASSERT_EQ(tess_sched_thread_join(threads[i], &ret), 0);
		if ((uintptr_t)ret != i * 3)
			bad++;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ_U(sum, 1001ULL * (THREADS - 1) * THREADS / 2);
	tess_alloc_stats_get(tess_alloc_default(), &after);
	EXPECT_EQ_U(after.live_blocks, before.live_blocks);
}

#define SLEEPERS 100
static uint64_t deadlines[SLEEPERS];

static uint64_t began_at[SLEEPERS], woken_at[SLEEPERS], lateness[SLEEPERS];

static void *sleep_until_own_deadline(void *arg)
{
	uintptr_t i = (uintptr_t)arg;

	began_at[i] = tess_plat_monotonic_ns();
	tess_sched_sleep_until(deadlines[i]);
	woken_at[i] = tess_plat_monotonic_ns();
	lateness[i] = tess_sched_lateness_ns(deadlines[i], woken_at[i]);
	return NULL;
}

TESS_TEST(sched_stress, hundred_sleepers_each_woken_within_tolerance)
{
	struct tess_sched_thread_attr attr = {
		.stack_size = TESS_SCHED_STACK_MIN,
	};
	struct tess_test_rng rng;
	uint64_t start = tess_plat_monotonic_ns();
	unsigned int early = 0, late = 0, measured = 0;

	tess_test_rng_seed(&rng, 0x5eed);
	for (uintptr_t i = 0; i < SLEEPERS; i++) {
		deadlines[i] =
			start + 1000000 + tess_test_rng_below(&rng, 30000000);
		ASSERT_EQ(tess_sched_thread_create(&threads[i], &attr,
						   sleep_until_own_deadline,
						   (void *)i),
			  0);
	}
	for (uintptr_t i = 0; i < SLEEPERS; i++) {
		ASSERT_EQ(tess_sched_thread_join(threads[i], NULL), 0);
		if (woken_at[i] < deadlines[i])
			early++;
		/* A thread that first ran after its deadline (a loaded
		 * host slows the 100 creations) never slept: its delay is
		 * the start's, not a wake-up's. */
		if (began_at[i] >= deadlines[i])
			continue;
		measured++;
		if (lateness[i] >= TOLERANCE_NS)
			late++;
	}
	EXPECT_GT(measured, 0);
	EXPECT_EQ(early, 0);
	EXPECT_EQ(late, 0);
}
