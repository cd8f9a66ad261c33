/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the preemptive backend: strict priorities, round-robin slices
 * between busy threads that never yield, prompt preemption by a woken
 * higher-priority thread, no tick while one thread runs, and no
 * preemption while interrupts are masked. Every busy loop has a bail-out
 * deadline, so a broken scheduler fails the test instead of hanging it.
 *
 * Stated bounds: a slice ends no earlier than its length, at the first
 * timer interrupt after it (counted); a woken thread of higher priority
 * runs at most TOLERANCE after the timer interrupt that woke it. Nothing
 * is bounded by wall time alone: a host that stalls the guest (a loaded
 * CI machine) delays interrupts, which is the host's doing; counters and
 * stamps on both sides keep the checks about the scheduler.
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/sched_preempt.h>
#include <tess/test.h>
#include <tess/test_util.h>

#define MS	  1000000ULL
#define TOLERANCE (20 * MS)
#define BAIL_OUT  (2000 * MS) /* no busy loop runs longer */

static uint64_t now_ns(void)
{
	return tess_plat_monotonic_ns();
}

static struct tess_thread *spawn(void *(*fn)(void *), void *arg, int priority)
{
	struct tess_sched_thread_attr attr = {.priority = priority};
	struct tess_thread *t = NULL;

	if (tess_sched_thread_create(&t, &attr, fn, arg) != 0)
		return NULL;
	return t;
}

static char seq[16];
static volatile unsigned int seq_len;

static void *append_letter(void *arg)
{
	seq[seq_len++] = (char)(uintptr_t)arg;
	return NULL;
}

TESS_TEST(sched_preempt, higher_priority_runs_first_fifo_within_a_level)
{
	static const int prio[4] = {-2, -1, -2, -1};
	struct tess_thread *t[5];

	seq_len = 0;
	for (int i = 0; i < 4; i++)
		ASSERT_NOT_NULL(t[i] = spawn(append_letter,
					     (void *)(uintptr_t)('a' + i),
					     prio[i]));
	/* Below main's priority: no slice ever gives them the CPU. */
	tess_test_busy_until(now_ns() + 3 * tess_sched_preempt_slice_get());
	EXPECT_EQ(seq_len, 0);
	/* Above it: runs before its creation returns. */
	ASSERT_NOT_NULL(t[4] = spawn(append_letter, (void *)'e', 3));
	EXPECT_EQ(seq_len, 1);
	for (int i = 0; i < 5; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	seq[seq_len] = '\0';
	EXPECT_STREQ(seq, "ebdac");
}

TESS_TEST(sched_preempt, priority_out_of_range_is_einval)
{
	struct tess_sched_thread_attr attr = {
		.priority = TESS_SCHED_PRIORITY_MAX + 1};
	struct tess_thread *t;

	EXPECT_EQ(tess_sched_thread_create(&t, &attr, append_letter, NULL),
		  -EINVAL);
	attr.priority = TESS_SCHED_PRIORITY_MIN - 1;
	EXPECT_EQ(tess_sched_thread_create(&t, &attr, append_letter, NULL),
		  -EINVAL);
	EXPECT_EQ(tess_sched_thread_priority(tess_sched_current()), 0);
}

TESS_TEST(sched_preempt, slice_outside_its_range_is_einval)
{
	uint64_t slice = tess_sched_preempt_slice_get();

	EXPECT_EQ(tess_sched_preempt_slice_set(0), -EINVAL);
	EXPECT_EQ(tess_sched_preempt_slice_set(TESS_SCHED_PREEMPT_SLICE_MIN_NS -
					       1),
		  -EINVAL);
	EXPECT_EQ(tess_sched_preempt_slice_set(TESS_SCHED_PREEMPT_SLICE_MAX_NS +
					       1),
		  -EINVAL);
	EXPECT_EQ(tess_sched_preempt_slice_get(), slice);
	EXPECT_EQ(tess_sched_preempt_slice_set(2 * MS), 0);
	EXPECT_EQ(tess_sched_preempt_slice_get(), 2 * MS);
	EXPECT_EQ(tess_sched_preempt_slice_set(slice), 0);
}

/* Round-robin: three busy threads at one level record each time the CPU
 * passes to another of them. A thread stamps the time on each loop, so a
 * turn's true start lies between the previous thread's last stamp
 * (rr_seen_before[i]) and the new thread's first (rr_at[i]). Bounding a
 * turn by those outer and inner stamps keeps the check true whatever the
 * host does to our timing (a stalled process or vCPU only widens the gap
 * between them), so the test fails only when the scheduler is wrong. */
#define RR_THREADS 3
#define RR_TURNS   9
static char rr_seq[RR_TURNS + 1];
static uint64_t rr_at[RR_TURNS], rr_seen_before[RR_TURNS];
static volatile uint64_t rr_seen;
static volatile unsigned int rr_len;
static volatile int rr_last;
static uint64_t rr_start;

/* How much earlier than its length a slice may end: the scheduler reads
 * the clock for the slice just before it switches threads. */
#define EARLY_SLACK (100 * 1000ULL)

static void *rr_thread(void *arg)
{
	int id = (int)(uintptr_t)arg;

	tess_sched_sleep_until(rr_start);
	while (rr_len < RR_TURNS && now_ns() < rr_start + BAIL_OUT) {
		bool was = tess_plat_irq_save();
		uint64_t now = now_ns();

		if (rr_last != id && rr_len < RR_TURNS) {
			rr_seen_before[rr_len] = rr_seen;
			rr_at[rr_len] = now;
			rr_seq[rr_len++] = (char)('a' + id);
			rr_last = id;
		}
		rr_seen = now;
		tess_plat_irq_restore(was);
	}
	return NULL;
}

TESS_TEST(sched_preempt, busy_threads_of_one_level_take_turns_by_slices)
{
	uint64_t slice = tess_sched_preempt_slice_get();
	struct tess_sched_stats s0, s1;
	struct tess_thread *t[RR_THREADS];

	rr_len = 0;
	rr_last = -1;
	/* Above main: each runs at once and sleeps until the common start;
	 * their timers fire in one interrupt, in start order. No turn starts
	 * before rr_start, so it bounds the first turn's start. */
	rr_start = now_ns() + 10 * MS;
	rr_seen = rr_start;
	tess_sched_stats_get(&s0);
	for (int i = 0; i < RR_THREADS; i++)
		ASSERT_NOT_NULL(
			t[i] = spawn(rr_thread, (void *)(uintptr_t)i, 1));
	for (int i = 0; i < RR_THREADS; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	tess_sched_stats_get(&s1);
	rr_seq[rr_len] = '\0';
	EXPECT_STREQ(rr_seq, "abcabcabc");
	/* Each turn lasts one slice: never shorter (its widest bound reaches
	 * the slice), and it ends at the first timer interrupt after the
	 * slice: one interrupt per turn, plus the start's wake-up and the
	 * one spurious tick the lazy slice timer may cost at each end. */
	for (unsigned int i = 0; i + 1 < rr_len; i++)
		EXPECT_GE_U(rr_at[i + 1] - rr_seen_before[i],
			    slice - EARLY_SLACK);
	EXPECT_GE_U(s1.preemptions - s0.preemptions, RR_TURNS - 1);
	EXPECT_LE_U(s1.timer_interrupts - s0.timer_interrupts,
		    RR_TURNS + RR_THREADS + 3);
}

/* A thread that never yields: spins until told to stop (or bails out),
 * counting its loops and any loop it found interrupts masked in. */
static volatile bool spin_stop;
static volatile unsigned long spin_loops, spin_masked;

static void *spinner(void *arg)
{
	uint64_t bail = now_ns() + BAIL_OUT;

	(void)arg;
	while (!spin_stop && now_ns() < bail) {
		bool was = tess_plat_irq_save();

		if (!was)
			spin_masked++;
		tess_plat_irq_restore(was);
		spin_loops++;
	}
	return NULL;
}

static struct tess_thread *spinner_start(int priority)
{
	spin_stop = false;
	spin_loops = 0;
	spin_masked = 0;
	return spawn(spinner, NULL, priority);
}

TESS_TEST(sched_preempt, a_busy_thread_does_not_starve_one_of_its_priority)
{
	struct tess_sched_stats s0, s1;
	unsigned long loops_before;
	unsigned int turns = 0;
	uint64_t bail = now_ns() + BAIL_OUT;
	struct tess_thread *t;

	ASSERT_NOT_NULL(t = spinner_start(0));
	/* main busy too, never yielding, until the spinner has had five
	 * turns between main's: counted as the spinner's loop count moving
	 * while main did not run. */
	tess_sched_stats_get(&s0);
	loops_before = spin_loops;
	while (turns < 5 && now_ns() < bail) {
		if (spin_loops != loops_before) {
			turns++;
			loops_before = spin_loops;
		}
	}
	tess_sched_stats_get(&s1);
	spin_stop = true;
	EXPECT_EQ(turns, 5);
	/* Every turn was a preemption at a slice's end, not a yield. */
	EXPECT_GE_U(s1.preemptions - s0.preemptions, 2 * 5 - 1);
	/* The spinner, switched in by interrupts, ran with them enabled. */
	EXPECT_EQ_U(spin_masked, 0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
}

static uint64_t high_deadline, high_irq_at;
static volatile uint64_t high_woke_at;

static void *high_sleeper(void *arg)
{
	struct tess_sched_stats s;
	uint64_t woke;

	(void)arg;
	high_deadline = now_ns() + 20 * MS;
	tess_sched_sleep_until(high_deadline);
	woke = now_ns();
	tess_sched_stats_get(&s);
	high_irq_at = s.last_timer_irq_ns;
	high_woke_at = woke;
	return NULL;
}

TESS_TEST(sched_preempt, a_woken_higher_priority_thread_preempts_a_busy_one)
{
	struct tess_sched_stats before, after;
	struct tess_thread *t;
	uint64_t bail = now_ns() + BAIL_OUT;

	high_woke_at = 0;
	tess_sched_stats_get(&before);
	/* It runs at once, sleeps 20 ms; main spins, never yielding. */
	ASSERT_NOT_NULL(t = spawn(high_sleeper, NULL, 2));
	while (high_woke_at == 0 && now_ns() < bail)
		;
	tess_sched_stats_get(&after);
	ASSERT_NE_U(high_woke_at, 0);
	EXPECT_GE_U(high_woke_at, high_deadline);
	/* It ran right after the interrupt that woke it (the interrupt's
	 * own lateness is the host's). */
	EXPECT_LE_U(high_irq_at, high_woke_at);
	EXPECT_LE_U(high_woke_at - high_irq_at, TOLERANCE);
	/* Preempted at the timer interrupt: no slice was involved (nothing
	 * else at main's level). */
	EXPECT_GE_U(after.preemptions - before.preemptions, 1);
	EXPECT_EQ_U(after.slices_started, before.slices_started);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
}

TESS_TEST(sched_preempt, no_timer_interrupt_while_one_thread_runs)
{
	uint64_t slice = tess_sched_preempt_slice_get();
	struct tess_sched_stats before, after;
	struct tess_thread *t;

	/* Idle once, which stops a slice timer left by earlier tests (the
	 * one spurious tick the lazy slice timer may cost after threads
	 * stop competing); woken alone, main runs with no timer armed. */
	tess_sched_sleep_ns(1 * MS);
	tess_sched_stats_get(&before);
	tess_test_busy_until(now_ns() + 5 * slice);
	tess_sched_stats_get(&after);
	EXPECT_EQ_U(after.timer_interrupts - before.timer_interrupts, 0);
	/* Against a busy thread of the same priority, slices tick. */
	ASSERT_NOT_NULL(t = spinner_start(0));
	tess_sched_stats_get(&before);
	tess_test_busy_until(now_ns() + 5 * slice);
	tess_sched_stats_get(&after);
	spin_stop = true;
	EXPECT_GE_U(after.timer_interrupts - before.timer_interrupts, 3);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
}

TESS_TEST(sched_preempt, nothing_is_preempted_while_interrupts_are_masked)
{
	uint64_t slice = tess_sched_preempt_slice_get();
	unsigned long during;
	struct tess_thread *t;
	bool was;

	ASSERT_NOT_NULL(t = spinner_start(0));
	was = tess_plat_irq_save();
	tess_test_busy_until(now_ns() + 3 * slice);
	during = spin_loops;
	tess_plat_irq_restore(was);
	/* The slice ended long ago: unmasking gives the spinner its turn. */
	tess_test_busy_until(now_ns() + 2 * slice);
	spin_stop = true;
	EXPECT_EQ_U(during, 0);
	EXPECT_GT_U(spin_loops, 0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
}

/* Busy threads run until the scheduler has preempted them target times
 * (counted by lib/sched, so a loaded host only makes it take longer), or
 * until the bail-out deadline. */
static uint64_t busy_preemptions_target, busy_bail_out;

static bool busy_enough(void)
{
	struct tess_sched_stats s;

	tess_sched_stats_get(&s);
	return s.preemptions >= busy_preemptions_target ||
	       now_ns() >= busy_bail_out;
}

static void busy_begin(unsigned long preemptions)
{
	struct tess_sched_stats s;

	tess_sched_stats_get(&s);
	busy_preemptions_target = s.preemptions + preemptions;
	busy_bail_out = now_ns() + 10 * BAIL_OUT;
}

/* Two busy threads share the default heap across a hundred preemptions
 * (200 us slices): a switch inside a heap operation would corrupt it
 * (checked to fail, by crash or bad stats, without lib/alloc's
 * masking). */
#define HEAP_BLOCKS 16
static volatile unsigned long heap_bad;

static void *heap_churn(void *arg)
{
	unsigned char id = (unsigned char)(uintptr_t)arg;
	unsigned char *blocks[HEAP_BLOCKS] = {0};
	size_t sizes[HEAP_BLOCKS] = {0};
	unsigned int seed = id;

	while (!busy_enough()) {
		unsigned int i = (seed = seed * 1103515245u + 12345u) >> 16;

		i %= HEAP_BLOCKS;
		if (blocks[i] != NULL) {
			for (size_t j = 0; j < sizes[i]; j++)
				if (blocks[i][j] != id)
					heap_bad++;
			tess_free(tess_alloc_default(), blocks[i]);
			blocks[i] = NULL;
			continue;
		}
		sizes[i] = 16 + (seed >> 8) % 256;
		blocks[i] = tess_malloc(tess_alloc_default(), sizes[i]);
		if (blocks[i] == NULL) {
			heap_bad++;
			continue;
		}
		memset(blocks[i], id, sizes[i]);
	}
	for (unsigned int i = 0; i < HEAP_BLOCKS; i++)
		tess_free(tess_alloc_default(), blocks[i]);
	return NULL;
}

TESS_TEST(sched_preempt, busy_threads_share_the_heap_across_preemptions)
{
	struct tess_alloc_stats before, after;
	struct tess_sched_stats s0, s1;
	uint64_t slice = tess_sched_preempt_slice_get();
	struct tess_thread *t[2];

	heap_bad = 0;
	ASSERT_EQ(tess_sched_preempt_slice_set(200000), 0);
	busy_begin(100);
	tess_alloc_stats_get(tess_alloc_default(), &before);
	tess_sched_stats_get(&s0);
	for (int i = 0; i < 2; i++)
		ASSERT_NOT_NULL(t[i] = spawn(heap_churn,
					     (void *)(uintptr_t)(0xa0 + i), 0));
	for (int i = 0; i < 2; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	tess_sched_stats_get(&s1);
	tess_alloc_stats_get(tess_alloc_default(), &after);
	EXPECT_EQ(tess_sched_preempt_slice_set(slice), 0);
	EXPECT_GE_U(s1.preemptions - s0.preemptions, 100);
	EXPECT_EQ_U(heap_bad, 0);
	EXPECT_EQ_U(after.live_blocks, before.live_blocks);
	EXPECT_EQ_U(after.in_use_bytes, before.in_use_bytes);
}

/* Two busy threads each write their own errno value and check it, across
 * fifty preemptions: errno is per thread (lib/sched's word for nolibc,
 * musl's own in its thread structure). */
static volatile unsigned long errno_bad, errno_checks[2];

static void *errno_keeper(void *arg)
{
	int mine = (int)(uintptr_t)arg;

	while (!busy_enough()) {
		errno = mine;
		for (volatile int spin = 0; spin < 100; spin++)
			;
		if (errno != mine)
			errno_bad++;
		errno_checks[mine - 1]++;
	}
	return NULL;
}

TESS_TEST(sched_preempt, preempted_threads_never_see_each_others_errno)
{
	uint64_t slice = tess_sched_preempt_slice_get();
	struct tess_sched_stats s0, s1;
	struct tess_thread *t[2];
	int main_errno = 77;

	errno_bad = 0;
	errno_checks[0] = errno_checks[1] = 0;
	errno = main_errno;
	ASSERT_EQ(tess_sched_preempt_slice_set(200000), 0);
	busy_begin(50);
	tess_sched_stats_get(&s0);
	for (int i = 0; i < 2; i++)
		ASSERT_NOT_NULL(t[i] = spawn(errno_keeper,
					     (void *)(uintptr_t)(i + 1), 0));
	for (int i = 0; i < 2; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	tess_sched_stats_get(&s1);
	EXPECT_EQ(tess_sched_preempt_slice_set(slice), 0);
	EXPECT_GE_U(s1.preemptions - s0.preemptions, 50);
	EXPECT_EQ_U(errno_bad, 0);
	EXPECT_GT_U(errno_checks[0], 0);
	EXPECT_GT_U(errno_checks[1], 0);
	EXPECT_EQ(errno, main_errno);
}
