/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Time conversions: nanoseconds, timespec/timeval, civil dates, ISO 8601
 * and human-written durations.
 *
 * Provides conversions between a count of nanoseconds and second-plus-
 * fraction pairs, between seconds since the Unix epoch (1970-01-01
 * 00:00:00 UTC, leap seconds not counted, as in POSIX) and civil dates in
 * the proleptic Gregorian calendar (every int64_t second maps to a date,
 * including years before 1 and after 9999), an ISO 8601 formatter and a
 * duration parser ("1.5s", "250us", "1h30m"). Needs nothing but string.h
 * and errno.h: no clock is read here.
 *
 * Promises: every function is pure (no state, no allocation), so it is
 * safe from any thread and from interrupt context. Conversions are O(1);
 * formatting and parsing are linear in the length of the text. Errors are
 * negative errno values and leave the outputs untouched: -EINVAL for
 * invalid input, -ERANGE when the result does not fit, -ENOSPC when a
 * buffer is too small. Arithmetic never overflows (no undefined
 * behaviour) for any input.
 */
#ifndef TESS_TIMECONV_H
#define TESS_TIMECONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Normalised form: 0 <= nsec < 1000000000, also for times before 1970
 * (-0.5 s is { -1, 500000000 }). */
struct tess_timespec {
	int64_t sec;
	int64_t nsec;
};

/* Normalised form: 0 <= usec < 1000000. */
struct tess_timeval {
	int64_t sec;
	int64_t usec;
};

/* A civil (calendar) time in UTC. Unlike C's struct tm, fields are not
 * offset: month 1 is January and the year is the year. */
struct tess_tm {
	int64_t year; /* astronomical: 0 is 1 BC, -1 is 2 BC */
	int month;    /* 1-12 */
	int day;      /* 1-31 */
	int hour;     /* 0-23 */
	int min;      /* 0-59 */
	int sec;      /* 0-59; leap seconds do not exist in epoch time */
	int weekday;  /* 0 = Sunday ... 6 = Saturday */
	int yearday;  /* 1 = January 1st ... 366 */
};

/* ---- nanoseconds, timespec, timeval ---------------------------------- */

/* Splits ns into seconds and nanoseconds, rounding toward the past; never
 * fails (every int64_t count of nanoseconds fits). */
void tess_time_timespec_from_ns(int64_t ns, struct tess_timespec *ts);
/* Joins a timespec (normalised first, so any nsec is accepted) into
 * nanoseconds; -ERANGE when the result does not fit in int64_t. */
int tess_time_ns_from_timespec(const struct tess_timespec *ts, int64_t *ns);
/* Carries nsec into sec until 0 <= nsec < 1e9; -ERANGE (and ts unchanged)
 * when sec would overflow. */
int tess_time_timespec_normalize(struct tess_timespec *ts);

/* The same for microseconds. timeval_from_ns drops the nanoseconds below
 * one microsecond, rounding toward the past. */
void tess_time_timeval_from_ns(int64_t ns, struct tess_timeval *tv);
int tess_time_ns_from_timeval(const struct tess_timeval *tv, int64_t *ns);
int tess_time_timeval_normalize(struct tess_timeval *tv);

/* ---- civil dates ------------------------------------------------------ */

bool tess_time_is_leap_year(int64_t year);
/* Days in a month (28-31), or -EINVAL when month is not 1-12. */
int tess_time_days_in_month(int64_t year, int month);

/* Converts seconds since the epoch into a civil date, all fields set;
 * never fails. */
void tess_time_civil_from_epoch(int64_t secs, struct tess_tm *tm);
/*
 * Converts year, month, day, hour, min and sec (weekday and yearday are
 * ignored) into seconds since the epoch. -EINVAL when a field is out of
 * range (month 13, February 30th, February 29th of a common year, hour
 * 24, sec 60, ...); -ERANGE when the date lies outside int64_t seconds.
 */
int tess_time_epoch_from_civil(const struct tess_tm *tm, int64_t *secs);

/* ---- text ------------------------------------------------------------- */

/* Buffer size for "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" with a 4-digit year,
 * and for any int64_t seconds (year "-292277022657"). */
#define TESS_TIME_ISO8601_SIZE	   31
#define TESS_TIME_ISO8601_MAX_SIZE 40

/*
 * Writes secs + nsec as an ISO 8601 UTC time with nine fraction digits,
 * e.g. "2026-11-23T12:00:00.123456789Z", NUL-terminated. Years 0-9999
 * have four digits; others a sign and at least four digits ("-0001",
 * "+10000"; ISO 8601 expanded form). Returns the length written (without
 * the NUL), -EINVAL when nsec >= 1e9, or -ENOSPC when buf cannot hold the
 * text and its NUL (buf then holds "" if len > 0).
 */
int tess_time_format_iso8601(char *buf, size_t len, int64_t secs,
			     uint32_t nsec);

/*
 * Parses a duration into nanoseconds: one or more terms "<digits>[.<digits>]
 * <unit>" with no spaces, units ns, us, ms, s, m (minutes), h, e.g. "10ms",
 * "1.5s", "1h30m". Fractions below one nanosecond are dropped. Returns 0,
 * -EINVAL for anything else (empty text, a sign, a missing unit or
 * digit, spaces, trailing junk) or -ERANGE when the total exceeds
 * UINT64_MAX nanoseconds (about 584 years). *ns is set only on success.
 */
int tess_time_parse_duration(const char *text, uint64_t *ns);

#endif /* TESS_TIMECONV_H */
