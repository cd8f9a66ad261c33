/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-time: clocks advance and agree with the platform, sleeps are not early. */
#include <errno.h>
#include <tess/plat/time.h>
#include <tess/posix-time.h>
#include <tess/sched.h>
#include <tess/syscall.h>
#include <tess/test.h>

static uint64_t ts_ns(const struct tess_timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

TESS_TEST(posix_time, clocks_read_the_platform_clocks)
{
	struct tess_timespec a, b;
	uint64_t before = tess_plat_monotonic_ns();

	ASSERT_EQ(tess_syscall(TESS_SYS_clock_gettime, TESS_CLOCK_MONOTONIC,
			       (long)&a, 0, 0, 0, 0),
		  0);
	ASSERT_EQ(tess_sys_clock_gettime(TESS_CLOCK_MONOTONIC, &b), 0);
	EXPECT_GE_U(ts_ns(&a), before);
	EXPECT_GE_U(ts_ns(&b), ts_ns(&a));
	EXPECT_LT(a.tv_nsec, 1000000000);
	ASSERT_EQ(tess_sys_clock_gettime(TESS_CLOCK_REALTIME, &a), 0);
	EXPECT_GT(a.tv_sec, 1577836800); /* 2020-01-01 */
	EXPECT_EQ(tess_sys_clock_gettime(TESS_CLOCK_THREAD_CPUTIME_ID, &a),
		  -EINVAL);
	EXPECT_EQ(tess_sys_clock_gettime(42, &a), -EINVAL);
	EXPECT_EQ(tess_sys_clock_gettime(TESS_CLOCK_MONOTONIC, NULL), -EFAULT);
	ASSERT_EQ(tess_sys_clock_getres(TESS_CLOCK_MONOTONIC, &a), 0);
	EXPECT_EQ(a.tv_sec, 0);
	EXPECT_EQ(a.tv_nsec, 1);
}

TESS_TEST(posix_time, gettimeofday_and_time_follow_the_wall_clock)
{
	struct tess_timeval tv;
	long t = 0;

	ASSERT_EQ(tess_sys_gettimeofday(&tv, NULL), 0);
	EXPECT_GT(tv.tv_sec, 1577836800);
	EXPECT_LT(tv.tv_usec, 1000000);
	EXPECT_GE(tess_sys_time(&t), tv.tv_sec);
	EXPECT_GE(t, tv.tv_sec);
}

TESS_TEST(posix_time, nanosleep_is_never_early)
{
	struct tess_timespec req = {0, 2000000}; /* 2 ms */
	uint64_t start = tess_plat_monotonic_ns();

	ASSERT_EQ(tess_syscall(TESS_SYS_nanosleep, (long)&req, 0, 0, 0, 0, 0),
		  0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 2000000);
	/* Late only by what the host did to the timer interrupt. */
	EXPECT_LT_U(tess_sched_lateness_ns(start + 2000000,
					   tess_plat_monotonic_ns()),
		    20000000);
}

TESS_TEST(posix_time, absolute_sleeps_in_the_past_return_at_once)
{
	struct tess_timespec past = {1, 0};
	uint64_t start = tess_plat_monotonic_ns();

	EXPECT_EQ(tess_sys_clock_nanosleep(TESS_CLOCK_REALTIME,
					   TESS_TIMER_ABSTIME, &past, NULL),
		  0);
	/* At once: no wait at all (the bound only catches one). */
	EXPECT_LT_U(tess_plat_monotonic_ns() - start, 500000000);
}

TESS_TEST(posix_time, bad_sleep_requests_are_refused)
{
	struct tess_timespec bad = {0, 1000000000}, neg = {-1, 0};

	EXPECT_EQ(tess_sys_nanosleep(&bad, NULL), -EINVAL);
	EXPECT_EQ(tess_sys_nanosleep(&neg, NULL), -EINVAL);
	EXPECT_EQ(tess_sys_nanosleep(NULL, NULL), -EFAULT);
	EXPECT_EQ(tess_sys_clock_nanosleep(TESS_CLOCK_MONOTONIC, 2, &bad, NULL),
		  -EINVAL);
	EXPECT_EQ(tess_sys_clock_nanosleep(99, 0, &bad, NULL), -EINVAL);
}

static volatile bool napper_started;
static struct tess_timespec napper_rem;

static void *napper(void *arg)
{
	struct tess_timespec req = {10, 0};

	(void)arg;
	napper_started = true;
	return (void *)tess_sys_nanosleep(&req, &napper_rem);
}

TESS_TEST(posix_time, a_signal_ends_nanosleep_with_eintr_and_what_remains)
{
	struct tess_thread *t;
	void *result = NULL;

	napper_started = false;
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, napper, NULL), 0);
	while (tess_sched_thread_state(t) != TESS_THREAD_BLOCKED)
		tess_sched_yield();
	ASSERT_TRUE(napper_started);
	EXPECT_TRUE(tess_sched_thread_interrupt(t, true));
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, -EINTR);
	/* Of 10 s, at least 5 s remain whatever the host did to our timing,
	 * and never more than was asked. */
	EXPECT_GE(napper_rem.tv_sec, 5);
	EXPECT_TRUE(napper_rem.tv_sec < 10 ||
		    (napper_rem.tv_sec == 10 && napper_rem.tv_nsec == 0));
	EXPECT_TRUE(napper_rem.tv_nsec >= 0 && napper_rem.tv_nsec < 1000000000);
}
