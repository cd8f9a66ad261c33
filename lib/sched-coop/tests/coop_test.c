/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the cooperative backend: a thread keeps the CPU until it
 * yields or blocks, and ready threads run in the order they became ready.
 */
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>
#include <tess/test_util.h>

static volatile unsigned int runs;

static void *count_run(void *arg)
{
	(void)arg;
	runs++;
	return NULL;
}

TESS_TEST(sched_coop, new_thread_does_not_run_until_the_creator_yields)
{
	struct tess_thread *t;

	runs = 0;
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, count_run, NULL), 0);
	/* Busy for 5 ms: without preemption nothing else runs. */
	tess_test_busy_until(tess_plat_monotonic_ns() + 5000000);
	EXPECT_EQ(runs, 0);
	tess_sched_yield();
	EXPECT_EQ(runs, 1);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
}

static char seq[8];
static volatile unsigned int seq_len;

static void *append_letter(void *arg)
{
	seq[seq_len++] = (char)(uintptr_t)arg;
	return NULL;
}

TESS_TEST(sched_coop, threads_run_in_the_order_they_became_ready)
{
	struct tess_thread *t[4];

	seq_len = 0;
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(
			tess_sched_thread_create(&t[i], NULL, append_letter,
						 (void *)(uintptr_t)('w' + i)),
			0);
	for (int i = 3; i >= 0; i--)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	seq[seq_len] = '\0';
	EXPECT_STREQ(seq, "wxyz");
}
