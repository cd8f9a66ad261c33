/* SPDX-License-Identifier: BSD-3-Clause */
/* Conversions between nanoseconds and timespec/timeval pairs. */
#include "timeconv_impl.h"
#include <errno.h>
#include <tess/timeconv.h>

/* Moves whole seconds out of *fraction (units_per_sec per second) into
 * *sec; both are left unchanged on overflow. */
static int carry_fraction(int64_t *sec, int64_t *fraction,
			  int64_t units_per_sec)
{
	int64_t carried;

	if (__builtin_add_overflow(
		    *sec, time_floor_div(*fraction, units_per_sec), &carried))
		return -ERANGE;
	*sec = carried;
	*fraction = time_floor_mod(*fraction, units_per_sec);
	return 0;
}

/* sec * 1e9 + nsec for 0 <= nsec < 1e9, without intermediate overflow. */
static int join_ns(int64_t sec, int64_t nsec, int64_t *ns)
{
	int64_t result;

	/*
	 * INT64_MIN ns is -9223372037 s + 145224192 ns: the product alone
	 * would not fit. For negative seconds borrow one second into the
	 * (then negative) fraction so the product stays in range.
	 */
	if (sec < 0) {
		sec += 1;
		nsec -= TIME_NSEC_PER_SEC;
	}
	if (__builtin_mul_overflow(sec, TIME_NSEC_PER_SEC, &result) ||
	    __builtin_add_overflow(result, nsec, &result))
		return -ERANGE;
	*ns = result;
	return 0;
}

void tess_time_timespec_from_ns(int64_t ns, struct tess_timespec *ts)
{
	ts->sec = time_floor_div(ns, TIME_NSEC_PER_SEC);
	ts->nsec = time_floor_mod(ns, TIME_NSEC_PER_SEC);
}

int tess_time_timespec_normalize(struct tess_timespec *ts)
{
	return carry_fraction(&ts->sec, &ts->nsec, TIME_NSEC_PER_SEC);
}

int tess_time_ns_from_timespec(const struct tess_timespec *ts, int64_t *ns)
{
	struct tess_timespec normal = *ts;
	int rc;

	rc = tess_time_timespec_normalize(&normal);
	if (rc < 0)
		return rc;
	return join_ns(normal.sec, normal.nsec, ns);
}

void tess_time_timeval_from_ns(int64_t ns, struct tess_timeval *tv)
{
	tv->sec = time_floor_div(ns, TIME_NSEC_PER_SEC);
	tv->usec = time_floor_mod(ns, TIME_NSEC_PER_SEC) / TIME_NSEC_PER_USEC;
}

int tess_time_timeval_normalize(struct tess_timeval *tv)
{
	return carry_fraction(&tv->sec, &tv->usec, TIME_USEC_PER_SEC);
}

int tess_time_ns_from_timeval(const struct tess_timeval *tv, int64_t *ns)
{
	struct tess_timeval normal = *tv;
	int rc;

	rc = tess_time_timeval_normalize(&normal);
	if (rc < 0)
		return rc;
	return join_ns(normal.sec, normal.usec * TIME_NSEC_PER_USEC, ns);
}
