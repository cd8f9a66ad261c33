/* SPDX-License-Identifier: BSD-3-Clause */
/* A futex wait is interruptible: an interrupt (a signal) ends it with
 * -EINTR, or stays pending and ends the next one. (The interrupt itself is
 * lib/sched's and has its own tests.) */
#include <errno.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>
#include <tess/syscall.h>
#include <tess/test.h>

#define MS 1000000ULL

static int interrupt_word;

static void *futex_waiter(void *arg)
{
	(void)arg;
	return (void *)tess_sys_futex(&interrupt_word, TESS_FUTEX_WAIT, 0, NULL,
				      NULL, 0);
}

TESS_TEST(posix_interrupt, a_signal_ends_a_futex_wait_with_eintr)
{
	struct tess_thread *t;
	void *result = NULL;

	interrupt_word = 0;
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, futex_waiter, NULL), 0);
	/* It runs, and blocks (however long a slow host takes). */
	while (tess_sched_thread_state(t) != TESS_THREAD_BLOCKED)
		tess_sched_yield();
	EXPECT_TRUE(tess_sched_thread_interrupt(t, false));
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, -EINTR);
}

TESS_TEST(posix_interrupt, a_pending_interrupt_ends_the_next_futex_wait)
{
	struct tess_thread *self = tess_sched_current();
	int word = 0;
	struct {
		long tv_sec, tv_nsec;
	} short_wait = {0, (long)MS};

	/* A word that changed starts no wait and leaves it pending. */
	tess_sched_thread_interrupt(self, true);
	EXPECT_EQ(tess_sys_futex(&word, TESS_FUTEX_WAIT, 1, NULL, NULL, 0),
		  -EAGAIN);
	EXPECT_EQ(tess_sys_futex(&word, TESS_FUTEX_WAIT, 0, NULL, NULL, 0),
		  -EINTR);
	/* Taken: the next wait runs to its timeout. */
	EXPECT_EQ(tess_sys_futex(&word, TESS_FUTEX_WAIT, 0, (void *)&short_wait,
				 NULL, 0),
		  -ETIMEDOUT);
}
