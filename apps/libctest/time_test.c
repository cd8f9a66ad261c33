/* SPDX-License-Identifier: BSD-3-Clause */
/* musl's clocks and sleeps on Tessera. */
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <tess/test.h>

static long long ns_between(struct timespec a, struct timespec b)
{
	return (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
}

TESS_TEST(libc_time, clocks_advance_and_the_wall_clock_is_now)
{
	struct timespec a, b;
	struct timeval tv;

	ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	EXPECT_GE(ns_between(a, b), 0);
	EXPECT_GT(time(NULL), 1577836800); /* 2020-01-01 */
	ASSERT_EQ(gettimeofday(&tv, NULL), 0);
	EXPECT_GT(tv.tv_sec, 1577836800);
	EXPECT_EQ(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a), -1);
}

TESS_TEST(libc_time, sleeps_are_not_early)
{
	struct timespec a, b, nap = { 0, 3000000 };

	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_EQ(nanosleep(&nap, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	EXPECT_GE(ns_between(a, b), 3000000);
	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_EQ(usleep(2000), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	EXPECT_GE(ns_between(a, b), 2000000);
	EXPECT_LT(ns_between(a, b), 200000000);
}

TESS_TEST(libc_time, calendar_conversions)
{
	time_t t = 1700000000; /* 2023-11-14 22:13:20 UTC */
	struct tm tm;
	char buf[32];

	ASSERT_NOT_NULL(gmtime_r(&t, &tm));
	EXPECT_EQ(tm.tm_year + 1900, 2023);
	EXPECT_EQ(tm.tm_mon + 1, 11);
	EXPECT_EQ(tm.tm_mday, 14);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	EXPECT_TRUE(buf[0] == '2' && buf[10] == ' ');
	EXPECT_EQ(timegm(&tm), t);
}
