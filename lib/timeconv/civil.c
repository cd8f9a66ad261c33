/* SPDX-License-Identifier: BSD-3-Clause */
/* Epoch seconds <-> proleptic Gregorian civil dates. */
#include "timeconv_impl.h"
#include <errno.h>
#include <tess/timeconv.h>

/*
 * The calculation counts years from March 1st, so that the leap day is
 * the last day of such a "March year" and month lengths do not depend on
 * the year until the very end. The Gregorian calendar repeats every 400
 * years (146097 days, a whole number of weeks); inside one cycle, a
 * century has 36524 days except the last, which has one more, and four
 * years have 1461 days except the last four of the first three
 * centuries, which have 1460.
 */
#define DAYS_PER_400_YEARS 146097
#define DAYS_PER_100_YEARS 36524
#define DAYS_PER_4_YEARS   1461
#define DAYS_PER_YEAR	   365
/* From 0000-03-01, the start of a 400-year cycle, to 1970-01-01. */
#define DAYS_FROM_0000_03_01_TO_EPOCH 719468
/* 1970-01-01 was a Thursday. */
#define EPOCH_WEEKDAY 4

/*
 * Far beyond the years int64_t seconds can reach (about +-2.9e11), yet
 * small enough that day counts cannot overflow; the final conversion to
 * seconds checks the exact limit.
 */
#define YEAR_LIMIT 1000000000000LL

/* Days before each month of a March year (March = index 0). */
static const int days_before_march_month[12] = {
	0, 31, 61, 92, 122, 153, 184, 214, 245, 275, 306, 337,
};

/* Days before each month of a common January year. */
static const int days_before_month[12] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
};

bool tess_time_is_leap_year(int64_t year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int tess_time_days_in_month(int64_t year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return -EINVAL;
	if (month == 2 && tess_time_is_leap_year(year))
		return 29;
	return days[month - 1];
}

void tess_time_civil_from_epoch(int64_t secs, struct tess_tm *tm)
{
	int64_t days = time_floor_div(secs, TIME_SECS_PER_DAY);
	int64_t sec_of_day = time_floor_mod(secs, TIME_SECS_PER_DAY);
	int64_t since_0000_03_01 = days + DAYS_FROM_0000_03_01_TO_EPOCH;
	int64_t cycle = time_floor_div(since_0000_03_01, DAYS_PER_400_YEARS);
	int64_t day_of_cycle, day_of_century, day_of_4_years, day_of_year;
	int64_t century, group_of_4, year_of_group, year;
	int month_index;

	day_of_cycle = since_0000_03_01 - cycle * DAYS_PER_400_YEARS;
	century = day_of_cycle / DAYS_PER_100_YEARS;
	if (century == 4) /* Feb 29th ending the 400-year cycle */
		century = 3;
	day_of_century = day_of_cycle - century * DAYS_PER_100_YEARS;
	group_of_4 = day_of_century / DAYS_PER_4_YEARS;
	day_of_4_years = day_of_century - group_of_4 * DAYS_PER_4_YEARS;
	year_of_group = day_of_4_years / DAYS_PER_YEAR;
	if (year_of_group == 4) /* Feb 29th ending the 4 years */
		year_of_group = 3;
	day_of_year = day_of_4_years - year_of_group * DAYS_PER_YEAR;
	year = cycle * 400 + century * 100 + group_of_4 * 4 + year_of_group;

	month_index = 11;
	while (days_before_march_month[month_index] > day_of_year)
		month_index--;

	tm->day = (int)(day_of_year - days_before_march_month[month_index]) + 1;
	if (month_index < 10) {
		tm->month = month_index + 3;
	} else {
		/* January and February belong to the next calendar year. */
		tm->month = month_index - 9;
		year++;
	}
	tm->year = year;
	tm->hour = (int)(sec_of_day / 3600);
	tm->min = (int)(sec_of_day / 60 % 60);
	tm->sec = (int)(sec_of_day % 60);
	tm->weekday = (int)time_floor_mod(days + EPOCH_WEEKDAY, 7);
	tm->yearday = days_before_month[tm->month - 1] + tm->day;
	if (tm->month > 2 && tess_time_is_leap_year(year))
		tm->yearday++;
}

/* Days since the epoch of a valid date with |year| <= YEAR_LIMIT. */
static int64_t days_from_civil(int64_t year, int month, int day)
{
	int64_t march_year = month <= 2 ? year - 1 : year;
	int64_t cycle = time_floor_div(march_year, 400);
	int64_t year_of_cycle = march_year - cycle * 400;
	int month_index = month <= 2 ? month + 9 : month - 3;
	int64_t day_of_cycle;

	/* One leap day per 4 March years before this one, none for the
	 * years ending the first three centuries of the cycle. */
	day_of_cycle = year_of_cycle * DAYS_PER_YEAR + year_of_cycle / 4 -
		       year_of_cycle / 100 +
		       days_before_march_month[month_index] + day - 1;
	return cycle * DAYS_PER_400_YEARS + day_of_cycle -
	       DAYS_FROM_0000_03_01_TO_EPOCH;
}

int tess_time_epoch_from_civil(const struct tess_tm *tm, int64_t *secs)
{
	int64_t days, sec_of_day, result;
	int month_days;

	month_days = tess_time_days_in_month(tm->year, tm->month);
	if (month_days < 0)
		return month_days;
	if (tm->day < 1 || tm->day > month_days || tm->hour < 0 ||
	    tm->hour > 23 || tm->min < 0 || tm->min > 59 || tm->sec < 0 ||
	    tm->sec > 59)
		return -EINVAL;
	if (tm->year < -YEAR_LIMIT || tm->year > YEAR_LIMIT)
		return -ERANGE;

	days = days_from_civil(tm->year, tm->month, tm->day);
	sec_of_day = tm->hour * 3600 + tm->min * 60 + tm->sec;
	/*
	 * The midnight starting the day of INT64_MIN seconds is below
	 * INT64_MIN: for days before 1970 borrow one day into the (then
	 * negative) time of day so the product stays in range.
	 */
	if (days < 0) {
		days += 1;
		sec_of_day -= TIME_SECS_PER_DAY;
	}
	if (__builtin_mul_overflow(days, TIME_SECS_PER_DAY, &result) ||
	    __builtin_add_overflow(result, sec_of_day, &result))
		return -ERANGE;
	*secs = result;
	return 0;
}
