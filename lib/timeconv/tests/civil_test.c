/* SPDX-License-Identifier: BSD-3-Clause */
/* Epoch seconds <-> civil dates of lib/timeconv. */
#include <errno.h>
#include <tess/test.h>
#include <tess/timeconv.h>

struct known_date {
	int64_t secs;
	struct tess_tm tm;
};

/* Computed independently (Python datetime, shifted by 400-year cycles
 * where outside its range). */
static const struct known_date known_dates[] = {
	{0, {1970, 1, 1, 0, 0, 0, 4, 1}},
	{951782400, {2000, 2, 29, 0, 0, 0, 2, 60}},
	{951868800, {2000, 3, 1, 0, 0, 0, 3, 61}},
	{-1, {1969, 12, 31, 23, 59, 59, 3, 365}},
	{2147483647, {2038, 1, 19, 3, 14, 7, 2, 19}},
	{2147483648, {2038, 1, 19, 3, 14, 8, 2, 19}},
	{1795435200, {2026, 11, 23, 12, 0, 0, 1, 327}},
	{4107542399, {2100, 2, 28, 23, 59, 59, 0, 59}},
	{13574563200, {2400, 2, 29, 0, 0, 0, 2, 60}},
	{253402300799, {9999, 12, 31, 23, 59, 59, 5, 365}},
	{-2203891200, {1900, 3, 1, 0, 0, 0, 4, 60}},
	{-11670953104, {1600, 2, 29, 12, 34, 56, 2, 60}},
	{-62135596800, {1, 1, 1, 0, 0, 0, 1, 1}},
	{-62162035200, {0, 3, 1, 0, 0, 0, 3, 61}},
	{-62167219200, {0, 1, 1, 0, 0, 0, 6, 1}},
	{-62167219201, {-1, 12, 31, 23, 59, 59, 5, 365}},
	{INT64_MAX, {292277026596, 12, 4, 15, 30, 7, 0, 339}},
	{INT64_MIN, {-292277022657, 1, 27, 8, 29, 52, 0, 27}},
};

static bool tm_equal(const struct tess_tm *a, const struct tess_tm *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->min == b->min && a->sec == b->sec &&
	       a->weekday == b->weekday && a->yearday == b->yearday;
}

TESS_TEST(civil, known_dates_convert_both_ways)
{
	size_t i;

	for (i = 0; i < sizeof(known_dates) / sizeof(known_dates[0]); i++) {
		const struct known_date *k = &known_dates[i];
		struct tess_tm tm;
		int64_t secs = 42;

		tess_time_civil_from_epoch(k->secs, &tm);
		if (!tm_equal(&tm, &k->tm))
			tess_test_fail(
				__FILE__, __LINE__,
				"%jd s gave %jd-%02d-%02d %02d:%02d:%02d "
				"weekday %d yearday %d, expected "
				"%jd-%02d-%02d weekday %d yearday %d",
				(intmax_t)k->secs, (intmax_t)tm.year, tm.month,
				tm.day, tm.hour, tm.min, tm.sec, tm.weekday,
				tm.yearday, (intmax_t)k->tm.year, k->tm.month,
				k->tm.day, k->tm.weekday, k->tm.yearday);
		EXPECT_EQ(tess_time_epoch_from_civil(&k->tm, &secs), 0);
		EXPECT_EQ(secs, k->secs);
	}
}

/* Whether next is the calendar day after prev (time of day ignored). */
static bool is_next_day(const struct tess_tm *prev, const struct tess_tm *next)
{
	int prev_month_days = tess_time_days_in_month(prev->year, prev->month);

	if (next->weekday != (prev->weekday + 1) % 7)
		return false;
	if (next->month == 1 && next->day == 1)
		return next->year == prev->year + 1 && prev->month == 12 &&
		       prev->day == 31 && next->yearday == 1;
	if (next->year != prev->year || next->yearday != prev->yearday + 1)
		return false;
	if (next->day == 1)
		return next->month == prev->month + 1 &&
		       prev->day == prev_month_days;
	return next->month == prev->month && next->day == prev->day + 1;
}

/*
 * Day by day over about +-2700 years around 1970 (years -768 to 4707):
 * each day is the calendar successor of the one before (weekday too), and
 * the conversion back gives the same second.
 */
TESS_TEST(civil, consecutive_days_round_trip_and_follow_the_calendar)
{
	struct tess_tm prev, tm;
	int64_t day;

	tess_time_civil_from_epoch(-1000001 * 86400LL, &prev);
	for (day = -1000000; day <= 1000000; day++) {
		/* A different, deterministic time of day on each day. */
		int64_t secs =
			day * 86400 + (day * 7919 % 86400 + 86400) % 86400;
		int64_t back = 0;

		tess_time_civil_from_epoch(secs, &tm);
		if (!is_next_day(&prev, &tm)) {
			tess_test_fail(__FILE__, __LINE__,
				       "day %jd: %jd-%02d-%02d (weekday %d, "
				       "yearday %d) does not follow "
				       "%jd-%02d-%02d (weekday %d, yearday %d)",
				       (intmax_t)day, (intmax_t)tm.year,
				       tm.month, tm.day, tm.weekday, tm.yearday,
				       (intmax_t)prev.year, prev.month,
				       prev.day, prev.weekday, prev.yearday);
			return;
		}
		ASSERT_EQ(tess_time_epoch_from_civil(&tm, &back), 0);
		ASSERT_EQ(back, secs);
		prev = tm;
	}
}

TESS_TEST(civil, extremes_round_trip_and_beyond_is_erange)
{
	static const int64_t edges[] = {INT64_MAX, INT64_MAX - 86400, INT64_MIN,
					INT64_MIN + 86400};
	struct tess_tm tm;
	int64_t secs;
	size_t i;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		tess_time_civil_from_epoch(edges[i], &tm);
		EXPECT_EQ(tess_time_epoch_from_civil(&tm, &secs), 0);
		EXPECT_EQ(secs, edges[i]);
	}

	secs = 42;
	tess_time_civil_from_epoch(INT64_MAX, &tm);
	tm.sec++; /* 15:30:08, one second too late */
	EXPECT_EQ(tess_time_epoch_from_civil(&tm, &secs), -ERANGE);
	tess_time_civil_from_epoch(INT64_MIN, &tm);
	tm.sec--; /* 08:29:51, one second too early */
	EXPECT_EQ(tess_time_epoch_from_civil(&tm, &secs), -ERANGE);
	tm = (struct tess_tm){.year = 2000000000000LL, .month = 1, .day = 1};
	EXPECT_EQ(tess_time_epoch_from_civil(&tm, &secs), -ERANGE);
	tm.year = INT64_MIN;
	EXPECT_EQ(tess_time_epoch_from_civil(&tm, &secs), -ERANGE);
	tm.year = INT64_MAX;
	EXPECT_EQ(tess_time_epoch_from_civil(&tm, &secs), -ERANGE);
	EXPECT_EQ(secs, 42);
}

TESS_TEST(civil, invalid_fields_are_einval)
{
	static const struct tess_tm invalid[] = {
		{2026, 0, 1, 0, 0, 0, 0, 0},
		{2026, 13, 1, 0, 0, 0, 0, 0},
		{2026, -1, 1, 0, 0, 0, 0, 0},
		{2026, 1, 0, 0, 0, 0, 0, 0},
		{2026, 1, 32, 0, 0, 0, 0, 0},
		{2024, 2, 30, 0, 0, 0, 0, 0},
		{2023, 2, 29, 0, 0, 0, 0, 0},
		{1900, 2, 29, 0, 0, 0, 0, 0},
		{2026, 4, 31, 0, 0, 0, 0, 0},
		{2026, 1, 1, 24, 0, 0, 0, 0},
		{2026, 1, 1, -1, 0, 0, 0, 0},
		{2026, 1, 1, 0, 60, 0, 0, 0},
		{2026, 1, 1, 0, -1, 0, 0, 0},
		{2026, 1, 1, 0, 0, 60, 0, 0},
		{2026, 1, 1, 0, 0, -1, 0, 0},
		/* An invalid field wins over an out-of-range year. */
		{2000000000000LL, 2, 30, 0, 0, 0, 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		int64_t secs = 42;

		EXPECT_EQ(tess_time_epoch_from_civil(&invalid[i], &secs),
			  -EINVAL);
		EXPECT_EQ(secs, 42);
	}
}

TESS_TEST(civil, weekday_and_yearday_are_ignored_on_input)
{
	struct tess_tm tm = {2000, 2, 29, 0, 0, 0, 6, 300};
	int64_t secs;

	EXPECT_EQ(tess_time_epoch_from_civil(&tm, &secs), 0);
	EXPECT_EQ(secs, 951782400);
}

TESS_TEST(civil, leap_years_and_month_lengths)
{
	EXPECT_TRUE(tess_time_is_leap_year(2000));
	EXPECT_TRUE(tess_time_is_leap_year(2024));
	EXPECT_TRUE(tess_time_is_leap_year(0));
	EXPECT_TRUE(tess_time_is_leap_year(-4));
	EXPECT_TRUE(tess_time_is_leap_year(-400));
	EXPECT_FALSE(tess_time_is_leap_year(1900));
	EXPECT_FALSE(tess_time_is_leap_year(2100));
	EXPECT_FALSE(tess_time_is_leap_year(2023));
	EXPECT_FALSE(tess_time_is_leap_year(-1));
	EXPECT_FALSE(tess_time_is_leap_year(-100));

	EXPECT_EQ(tess_time_days_in_month(2024, 2), 29);
	EXPECT_EQ(tess_time_days_in_month(2023, 2), 28);
	EXPECT_EQ(tess_time_days_in_month(2023, 1), 31);
	EXPECT_EQ(tess_time_days_in_month(2023, 4), 30);
	EXPECT_EQ(tess_time_days_in_month(2023, 12), 31);
	EXPECT_EQ(tess_time_days_in_month(2023, 0), -EINVAL);
	EXPECT_EQ(tess_time_days_in_month(2023, 13), -EINVAL);
}
