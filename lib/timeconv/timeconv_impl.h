/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by the sources of lib/timeconv (not public). */
#ifndef TESS_TIMECONV_IMPL_H
#define TESS_TIMECONV_IMPL_H

#include <stdint.h>

#define TIME_NSEC_PER_SEC  1000000000LL
#define TIME_USEC_PER_SEC  1000000LL
#define TIME_NSEC_PER_USEC 1000LL
#define TIME_SECS_PER_DAY  86400LL

/* Division rounding toward minus infinity; divisor > 0. C division
 * truncates toward zero, which is wrong for times before 1970. */
static inline int64_t time_floor_div(int64_t value, int64_t divisor)
{
	int64_t quotient = value / divisor;

	if (value % divisor < 0)
		quotient--;
	return quotient;
}

/* The matching remainder, always in [0, divisor). */
static inline int64_t time_floor_mod(int64_t value, int64_t divisor)
{
	int64_t remainder = value % divisor;

	if (remainder < 0)
		remainder += divisor;
	return remainder;
}

#endif /* TESS_TIMECONV_IMPL_H */
