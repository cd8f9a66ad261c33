/* SPDX-License-Identifier: BSD-3-Clause */
/* Nanoseconds <-> timespec/timeval conversions of lib/timeconv. */
#include <errno.h>
#include <tess/test.h>
#include <tess/timeconv.h>

TESS_TEST(timespec, from_ns_rounds_toward_the_past)
{
	struct tess_timespec ts;

	tess_time_timespec_from_ns(0, &ts);
	EXPECT_EQ(ts.sec, 0);
	EXPECT_EQ(ts.nsec, 0);
	tess_time_timespec_from_ns(1500000000, &ts);
	EXPECT_EQ(ts.sec, 1);
	EXPECT_EQ(ts.nsec, 500000000);
	tess_time_timespec_from_ns(-1, &ts);
	EXPECT_EQ(ts.sec, -1);
	EXPECT_EQ(ts.nsec, 999999999);
	tess_time_timespec_from_ns(-1500000000, &ts);
	EXPECT_EQ(ts.sec, -2);
	EXPECT_EQ(ts.nsec, 500000000);
	tess_time_timespec_from_ns(INT64_MAX, &ts);
	EXPECT_EQ(ts.sec, 9223372036);
	EXPECT_EQ(ts.nsec, 854775807);
	tess_time_timespec_from_ns(INT64_MIN, &ts);
	EXPECT_EQ(ts.sec, -9223372037);
	EXPECT_EQ(ts.nsec, 145224192);
}

TESS_TEST(timespec, every_ns_value_round_trips)
{
	static const int64_t values[] = {
		0,
		1,
		-1,
		999999999,
		1000000000,
		-1000000000,
		-1000000001,
		1700000000123456789,
		-1700000000123456789,
		INT64_MAX,
		INT64_MAX - 1,
		INT64_MIN,
		INT64_MIN + 1,
	};
	struct tess_timespec ts;
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		int64_t back = 42;

		tess_time_timespec_from_ns(values[i], &ts);
		EXPECT_GE(ts.nsec, 0);
		EXPECT_LT(ts.nsec, 1000000000);
		ASSERT_EQ(tess_time_ns_from_timespec(&ts, &back), 0);
		EXPECT_EQ(back, values[i]);
	}
}

TESS_TEST(timespec, to_ns_accepts_unnormalised_and_checks_overflow)
{
	struct tess_timespec ts;
	int64_t ns = 42;

	ts = (struct tess_timespec){0, 2500000000};
	EXPECT_EQ(tess_time_ns_from_timespec(&ts, &ns), 0);
	EXPECT_EQ(ns, 2500000000);
	ts = (struct tess_timespec){3, -1};
	EXPECT_EQ(tess_time_ns_from_timespec(&ts, &ns), 0);
	EXPECT_EQ(ns, 2999999999);

	ns = 42;
	ts = (struct tess_timespec){9223372036, 854775808};
	EXPECT_EQ(tess_time_ns_from_timespec(&ts, &ns), -ERANGE);
	ts = (struct tess_timespec){-9223372037, 145224191};
	EXPECT_EQ(tess_time_ns_from_timespec(&ts, &ns), -ERANGE);
	ts = (struct tess_timespec){INT64_MAX, 0};
	EXPECT_EQ(tess_time_ns_from_timespec(&ts, &ns), -ERANGE);
	ts = (struct tess_timespec){INT64_MIN, INT64_MIN};
	EXPECT_EQ(tess_time_ns_from_timespec(&ts, &ns), -ERANGE);
	EXPECT_EQ(ns, 42);
}

TESS_TEST(timespec, normalize_carries_and_refuses_overflow)
{
	struct tess_timespec ts;

	ts = (struct tess_timespec){1, 1500000000};
	EXPECT_EQ(tess_time_timespec_normalize(&ts), 0);
	EXPECT_EQ(ts.sec, 2);
	EXPECT_EQ(ts.nsec, 500000000);
	ts = (struct tess_timespec){0, -1};
	EXPECT_EQ(tess_time_timespec_normalize(&ts), 0);
	EXPECT_EQ(ts.sec, -1);
	EXPECT_EQ(ts.nsec, 999999999);
	ts = (struct tess_timespec){5, INT64_MIN};
	EXPECT_EQ(tess_time_timespec_normalize(&ts), 0);
	EXPECT_EQ(ts.sec, 5 - 9223372037);
	EXPECT_EQ(ts.nsec, 145224192);

	ts = (struct tess_timespec){INT64_MAX, 1000000000};
	EXPECT_EQ(tess_time_timespec_normalize(&ts), -ERANGE);
	EXPECT_EQ(ts.sec, INT64_MAX);
	EXPECT_EQ(ts.nsec, 1000000000);
	ts = (struct tess_timespec){INT64_MIN, -1};
	EXPECT_EQ(tess_time_timespec_normalize(&ts), -ERANGE);
	EXPECT_EQ(ts.sec, INT64_MIN);
	EXPECT_EQ(ts.nsec, -1);
}

TESS_TEST(timeval, from_ns_drops_sub_microseconds_toward_the_past)
{
	struct tess_timeval tv;

	tess_time_timeval_from_ns(1999, &tv);
	EXPECT_EQ(tv.sec, 0);
	EXPECT_EQ(tv.usec, 1);
	tess_time_timeval_from_ns(-1, &tv);
	EXPECT_EQ(tv.sec, -1);
	EXPECT_EQ(tv.usec, 999999);
	tess_time_timeval_from_ns(-1001, &tv);
	EXPECT_EQ(tv.sec, -1);
	EXPECT_EQ(tv.usec, 999998);
	tess_time_timeval_from_ns(INT64_MIN, &tv);
	EXPECT_EQ(tv.sec, -9223372037);
	EXPECT_EQ(tv.usec, 145224);
}

TESS_TEST(timeval, to_ns_and_normalize)
{
	struct tess_timeval tv;
	int64_t ns = 42;

	tv = (struct tess_timeval){1, 500000};
	EXPECT_EQ(tess_time_ns_from_timeval(&tv, &ns), 0);
	EXPECT_EQ(ns, 1500000000);
	tv = (struct tess_timeval){0, -1};
	EXPECT_EQ(tess_time_ns_from_timeval(&tv, &ns), 0);
	EXPECT_EQ(ns, -1000);
	tv = (struct tess_timeval){9223372036, 854775};
	EXPECT_EQ(tess_time_ns_from_timeval(&tv, &ns), 0);
	EXPECT_EQ(ns, 9223372036854775000);
	tv = (struct tess_timeval){-9223372037, 145225};
	EXPECT_EQ(tess_time_ns_from_timeval(&tv, &ns), 0);
	EXPECT_EQ(ns, -9223372036854775000);

	ns = 42;
	tv = (struct tess_timeval){9223372036, 854776};
	EXPECT_EQ(tess_time_ns_from_timeval(&tv, &ns), -ERANGE);
	tv = (struct tess_timeval){-9223372037, 145224};
	EXPECT_EQ(tess_time_ns_from_timeval(&tv, &ns), -ERANGE);
	EXPECT_EQ(ns, 42);

	tv = (struct tess_timeval){0, 1000000};
	EXPECT_EQ(tess_time_timeval_normalize(&tv), 0);
	EXPECT_EQ(tv.sec, 1);
	EXPECT_EQ(tv.usec, 0);
	tv = (struct tess_timeval){INT64_MAX, 1000000};
	EXPECT_EQ(tess_time_timeval_normalize(&tv), -ERANGE);
	EXPECT_EQ(tv.sec, INT64_MAX);
	EXPECT_EQ(tv.usec, 1000000);
}
