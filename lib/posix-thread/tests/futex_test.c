/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-thread futexes: value checks, timeouts, wake counts, bitsets, requeue. */
#include <errno.h>
#include <tess/plat/time.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>
#include <tess/syscall.h>
#include <tess/test.h>

struct lts {
	long tv_sec, tv_nsec;
};

static long futex(int *uaddr, int op, int val, const struct lts *ts,
		  int *uaddr2, int val3)
{
	return tess_syscall(TESS_SYS_futex, (long)uaddr, op, val, (long)ts,
			    (long)uaddr2, val3);
}

TESS_TEST(posix_futex, wait_on_a_changed_word_is_eagain)
{
	int word = 5;

	EXPECT_EQ(futex(&word, TESS_FUTEX_WAIT, 4, NULL, NULL, 0), -EAGAIN);
	EXPECT_EQ(futex(&word, TESS_FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	EXPECT_EQ(futex((int *)((char *)&word + 1), TESS_FUTEX_WAKE, 1, NULL, NULL, 0),
		  -EINVAL);
	EXPECT_EQ(futex(&word, 77, 0, NULL, NULL, 0), -ENOSYS);
	EXPECT_EQ(futex(&word, TESS_FUTEX_WAIT_BITSET, 5, NULL, NULL, 0), -EINVAL);
}

TESS_TEST(posix_futex, wait_times_out_no_earlier_than_asked)
{
	int word = 0;
	struct lts rel = { 0, 3000000 };
	uint64_t start = tess_plat_monotonic_ns();

	EXPECT_EQ(futex(&word, TESS_FUTEX_WAIT | TESS_FUTEX_PRIVATE_FLAG, 0, &rel,
			NULL, 0), -ETIMEDOUT);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 3000000);
	/* Late only by what the host did to the timer interrupt. */
	EXPECT_LT_U(tess_sched_lateness_ns(start + 3000000,
					   tess_plat_monotonic_ns()),
		    20000000);
}

static int word_a, word_b;
static volatile int woken_count;

static void *waiter(void *arg)
{
	int op = (int)(intptr_t)arg;
	long r = op == TESS_FUTEX_WAIT_BITSET ?
			 futex(&word_a, op, 0, NULL, NULL, 2) :
			 futex(&word_a, TESS_FUTEX_WAIT, 0, NULL, NULL, 0);

	if (r == 0)
		woken_count++;
	return (void *)r;
}

TESS_TEST(posix_futex, wake_wakes_as_many_as_asked_in_order)
{
	struct tess_thread *t[3];
	void *r;

	word_a = 0;
	woken_count = 0;
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_create(&t[i], NULL, waiter, NULL), 0);
	tess_sched_yield(); /* all three now wait */
	EXPECT_EQ(futex(&word_a, TESS_FUTEX_WAKE, 2, NULL, NULL, 0), 2);
	tess_sched_yield();
	EXPECT_EQ(woken_count, 2);
	EXPECT_EQ(futex(&word_a, TESS_FUTEX_WAKE, 5, NULL, NULL, 0), 1);
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(tess_sched_thread_join(t[i], &r), 0);
		EXPECT_EQ((long)r, 0);
	}
	EXPECT_EQ(woken_count, 3);
}

TESS_TEST(posix_futex, bitsets_select_waiters)
{
	struct tess_thread *t;

	word_a = 0;
	woken_count = 0;
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, waiter,
					   (void *)(intptr_t)TESS_FUTEX_WAIT_BITSET), 0);
	tess_sched_yield();
	EXPECT_EQ(futex(&word_a, TESS_FUTEX_WAKE_BITSET, 1, NULL, NULL, 1), 0);
	EXPECT_EQ(futex(&word_a, TESS_FUTEX_WAKE_BITSET, 1, NULL, NULL, 2), 1);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	EXPECT_EQ(woken_count, 1);
}

TESS_TEST(posix_futex, requeue_moves_waiters_to_the_second_word)
{
	struct tess_thread *t[3];

	word_a = 0;
	word_b = 0;
	woken_count = 0;
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_create(&t[i], NULL, waiter, NULL), 0);
	tess_sched_yield();
	EXPECT_EQ(futex(&word_a, TESS_FUTEX_CMP_REQUEUE, 1, (struct lts *)1,
			&word_b, 1), -EAGAIN);
	/* Wake 1, move 1 to word_b; 1 stays on word_a. */
	EXPECT_EQ(futex(&word_a, TESS_FUTEX_CMP_REQUEUE, 1, (struct lts *)1,
			&word_b, 0), 2);
	EXPECT_EQ(futex(&word_a, TESS_FUTEX_WAKE, 5, NULL, NULL, 0), 1);
	EXPECT_EQ(futex(&word_b, TESS_FUTEX_WAKE, 5, NULL, NULL, 0), 1);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	EXPECT_EQ(woken_count, 3);
}
