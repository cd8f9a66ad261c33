/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-thread interrupts: a signal to a thread ends its futex wait or its
 * sleep with -EINTR, or stays pending for its next one. */
#include <errno.h>
#include <tess/plat/time.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>
#include <tess/syscall.h>
#include <tess/test.h>

#define MS 1000000ULL

static volatile long sleeper_tid;
static int interrupt_word;

/* Records its tid, then waits as arg says: a futex wait or a sleep, both
 * far longer than any test; returns the wait's result. */
static void *interruptible_sleeper(void *arg)
{
	bool futex = arg != NULL;

	sleeper_tid = tess_sys_gettid();
	if (futex)
		return (void *)tess_sys_futex(&interrupt_word, TESS_FUTEX_WAIT,
					      0, NULL, NULL, 0);
	return (void *)tess_posix_thread_sleep_until(tess_plat_monotonic_ns() +
						     60000 * MS);
}

/* Starts a sleeper, lets it block, interrupts it and joins it: its
 * result, and how long the whole took in *took. */
static long interrupt_a_waiting_thread(bool futex, uint64_t *took)
{
	uint64_t start = tess_plat_monotonic_ns();
	struct tess_thread *t;
	void *result = NULL;
	bool was_waiting;

	sleeper_tid = 0;
	interrupt_word = 0;
	if (tess_sched_thread_create(&t, NULL, interruptible_sleeper,
				     futex ? (void *)1 : NULL))
		return 1;
	tess_sched_sleep_ns(5 * MS); /* it runs, and blocks */
	was_waiting = tess_posix_thread_interrupt(sleeper_tid, true);
	tess_sched_thread_join(t, &result);
	*took = tess_plat_monotonic_ns() - start;
	return was_waiting ? (long)result : 2;
}

TESS_TEST(posix_interrupt, a_signal_ends_a_futex_wait_with_eintr)
{
	uint64_t took;

	EXPECT_EQ(interrupt_a_waiting_thread(true, &took), -EINTR);
	EXPECT_LT_U(took, 10000 * MS);
}

TESS_TEST(posix_interrupt, a_signal_ends_a_sleep_with_eintr)
{
	uint64_t took;

	EXPECT_EQ(interrupt_a_waiting_thread(false, &took), -EINTR);
	EXPECT_LT_U(took, 10000 * MS);
}

TESS_TEST(posix_interrupt, one_interrupt_waits_for_the_next_wait_and_ends_it)
{
	long self = tess_sys_gettid();
	int word = 0;
	struct {
		long tv_sec, tv_nsec;
	} short_wait = {0, (long)MS};

	/* Not waiting: pending. Twice is still one. */
	EXPECT_FALSE(tess_posix_thread_interrupt(self, true));
	EXPECT_FALSE(tess_posix_thread_interrupt(self, true));
	EXPECT_EQ(tess_posix_thread_sleep_until(tess_plat_monotonic_ns() +
						60000 * MS),
		  -EINTR);
	/* Taken: the next waits run to their end. */
	EXPECT_EQ(tess_posix_thread_sleep_until(tess_plat_monotonic_ns() + MS),
		  0);
	EXPECT_EQ(tess_sys_futex(&word, TESS_FUTEX_WAIT, 0, (void *)&short_wait,
				 NULL, 0),
		  -ETIMEDOUT);
	/* Without keep, a thread that is not waiting is left alone. */
	EXPECT_FALSE(tess_posix_thread_interrupt(self, false));
	EXPECT_EQ(tess_sys_futex(&word, TESS_FUTEX_WAIT, 0, (void *)&short_wait,
				 NULL, 0),
		  -ETIMEDOUT);
	/* A futex wait takes a pending interrupt too; a word that changed
	 * does not (no wait started). */
	tess_posix_thread_interrupt(self, true);
	EXPECT_EQ(tess_sys_futex(&word, TESS_FUTEX_WAIT, 1, NULL, NULL, 0),
		  -EAGAIN);
	EXPECT_EQ(tess_sys_futex(&word, TESS_FUTEX_WAIT, 0, NULL, NULL, 0),
		  -EINTR);
}
