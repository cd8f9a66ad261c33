/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of deadlines: sleeps and timed blocks end no earlier than their
 * deadline, and the thread runs no later than TOLERANCE_NS after the
 * timer interrupt that ended its wait; sleepers wake in deadline order,
 * software timers fire once or not at all when stopped, and the timer
 * line is released when nothing waits (tickless).
 *
 * Lateness is bounded by stamps on both sides, not by wall time alone: a
 * host that stalls the whole guest (a loaded CI machine) delays the
 * interrupt itself, which is the host's doing; what Tessera adds is the
 * time from the interrupt (lib/sched's stamp) to the thread running.
 * bench/ measures the lateness a quiet host gives.
 */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>

/* Stated tolerance: a deadline is met no earlier than asked, and the
 * thread runs at most 20 ms after the later of its deadline and the timer
 * interrupt that woke it (microseconds when the host is quiet). */
#define TOLERANCE_NS 20000000ULL
#define MS	     1000000ULL

TESS_TEST(sched_timer, sleep_ns_ends_within_the_tolerance)
{
	static const uint64_t lengths[] = {0, 1000, 100000, 2 * MS, 10 * MS};

	for (unsigned int i = 0; i < sizeof(lengths) / sizeof(lengths[0]);
	     i++) {
		uint64_t start = tess_plat_monotonic_ns();
		uint64_t woke;

		tess_sched_sleep_ns(lengths[i]);
		woke = tess_plat_monotonic_ns();
		EXPECT_GE_U(woke - start, lengths[i]);
		EXPECT_LT_U(tess_sched_lateness_ns(start + lengths[i], woke),
			    TOLERANCE_NS);
	}
}

TESS_TEST(sched_timer, timed_block_times_out_within_the_tolerance)
{
	uint64_t deadline = tess_plat_monotonic_ns() + 3 * MS, end;
	bool was = tess_plat_irq_save();
	int err = tess_sched_block_until(deadline, "test");

	end = tess_plat_monotonic_ns();
	tess_plat_irq_restore(was);
	EXPECT_EQ(err, -ETIMEDOUT);
	EXPECT_GE_U(end, deadline);
	EXPECT_LT_U(tess_sched_lateness_ns(deadline, end), TOLERANCE_NS);
}

#define SLEEPERS 4
static volatile unsigned int wake_order[SLEEPERS];
static volatile unsigned int woken;
static uint64_t sleep_start;

static void *sleep_for_arg_ms(void *arg)
{
	uint64_t ms = (uintptr_t)arg;

	tess_sched_sleep_until(sleep_start + ms * MS);
	wake_order[woken++] = (unsigned int)ms;
	return (void *)(uintptr_t)(tess_plat_monotonic_ns() - sleep_start);
}

TESS_TEST(sched_timer, sleepers_wake_in_deadline_order)
{
	/* Deadlines far enough apart that a slow host (QEMU without KVM,
	 * other load) cannot reorder the sleepers' starts past them. */
	static const unsigned int ms[SLEEPERS] = {48, 12, 32, 4};
	static const unsigned int sorted[SLEEPERS] = {4, 12, 32, 48};
	struct tess_thread *t[SLEEPERS];

	woken = 0;
	sleep_start = tess_plat_monotonic_ns();
	for (int i = 0; i < SLEEPERS; i++)
		ASSERT_EQ(tess_sched_thread_create(&t[i], NULL,
						   sleep_for_arg_ms,
						   (void *)(uintptr_t)ms[i]),
			  0);
	for (int i = 0; i < SLEEPERS; i++) {
		void *took;

		ASSERT_EQ(tess_sched_thread_join(t[i], &took), 0);
		/* Never early; how late is the other tests' business (with
		 * four threads, the interrupt stamp is another's). */
		EXPECT_GE_U((uintptr_t)took, ms[i] * MS);
	}
	for (int i = 0; i < SLEEPERS; i++)
		EXPECT_EQ(wake_order[i], sorted[i]);
}

static volatile unsigned int fired;
static volatile uint64_t fired_at;

static void count_fire(void *arg)
{
	(void)arg;
	fired_at = tess_plat_monotonic_ns();
	fired++;
}

TESS_TEST(sched_timer, software_timer_fires_once_after_its_deadline)
{
	struct tess_sched_timer timer;
	uint64_t deadline = tess_plat_monotonic_ns() + 2 * MS;

	fired = 0;
	tess_sched_timer_init(&timer, count_fire, NULL);
	ASSERT_EQ(tess_sched_timer_start(&timer, deadline), 0);
	tess_sched_sleep_ns(6 * MS);
	EXPECT_EQ(fired, 1);
	/* The callback runs in the interrupt: how late it comes is the
	 * platform's and the host's. */
	EXPECT_GE_U(fired_at, deadline);
	EXPECT_FALSE(tess_sched_timer_stop(&timer));
}

TESS_TEST(sched_timer, stopped_or_restarted_timer_does_not_fire_early)
{
	struct tess_sched_timer timer;
	uint64_t now = tess_plat_monotonic_ns();

	fired = 0;
	tess_sched_timer_init(&timer, count_fire, NULL);
	EXPECT_EQ(tess_sched_timer_start(NULL, now), -EINVAL);
	/* Deadlines tens of ms out, so that a slow host (QEMU without KVM)
	 * cannot let them pass between two calls. */
	ASSERT_EQ(tess_sched_timer_start(&timer, now + 30 * MS), 0);
	EXPECT_TRUE(tess_sched_timer_stop(&timer));
	tess_sched_sleep_ns(40 * MS);
	EXPECT_EQ(fired, 0);
	/* Restarting moves the deadline: the earlier one is gone (both
	 * starts masked, so a stalled host cannot let the first fire in
	 * between). It fires once, at the later deadline. */
	now = tess_plat_monotonic_ns();
	{
		bool was = tess_plat_irq_save();

		ASSERT_EQ(tess_sched_timer_start(&timer, now + 20 * MS), 0);
		ASSERT_EQ(tess_sched_timer_start(&timer, now + 80 * MS), 0);
		tess_plat_irq_restore(was);
	}
	tess_sched_sleep_ns(100 * MS);
	EXPECT_EQ(fired, 1);
	EXPECT_GE_U(fired_at, now + 80 * MS);
}

static void dummy_irq(enum tess_irq irq, void *arg)
{
	(void)irq, (void)arg;
}

TESS_TEST(sched_timer, timer_line_is_free_when_nothing_waits)
{
	struct tess_sched_timer timer;

	/* Tickless: once a sleep has ended with nothing else to run,
	 * lib/sched holds no timer (sched-preempt's slice timer, left
	 * pending after threads competed, is stopped when the CPU idles). */
	tess_sched_sleep_ns(1 * MS);
	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, dummy_irq, NULL), 0);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
	/* While a deadline is pending it is taken. */
	tess_sched_timer_init(&timer, count_fire, NULL);
	ASSERT_EQ(tess_sched_timer_start(&timer,
					 tess_plat_monotonic_ns() + 1000 * MS),
		  0);
	EXPECT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, dummy_irq, NULL),
		  -EBUSY);
	EXPECT_TRUE(tess_sched_timer_stop(&timer));
	EXPECT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, dummy_irq, NULL), 0);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}
