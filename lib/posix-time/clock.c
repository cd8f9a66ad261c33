/* SPDX-License-Identifier: BSD-3-Clause */
/* clock_gettime, clock_getres, gettimeofday and time over the platform clocks. */
#include <errno.h>
#include <stddef.h>
#include <tess/plat/time.h>
#include <tess/posix-time.h>
#include <tess/syscall.h>

#include "posix_time_impl.h"

#define NS_PER_S 1000000000ULL

/* Nanoseconds on clock id, or -EINVAL for a clock this system does not
 * keep. Shared with sleep.c through clock_ns_read(). */
long clock_ns_read(int id, uint64_t *ns)
{
	switch (id) {
	case TESS_CLOCK_REALTIME:
	case TESS_CLOCK_REALTIME_COARSE: *ns = tess_plat_wall_ns(); return 0;
	case TESS_CLOCK_MONOTONIC:
	case TESS_CLOCK_MONOTONIC_RAW:
	case TESS_CLOCK_MONOTONIC_COARSE:
	case TESS_CLOCK_BOOTTIME:
	case TESS_CLOCK_PROCESS_CPUTIME_ID:
		*ns = tess_plat_monotonic_ns();
		return 0;
	default: return -EINVAL;
	}
}

TESS_SYSCALL_DEFINE2(clock_gettime, int, id, struct tess_timespec *, ts)
{
	uint64_t ns;
	long err = clock_ns_read(id, &ns);

	if (err)
		return err;
	if (!ts)
		return -EFAULT;
	ts->tv_sec = (long)(ns / NS_PER_S);
	ts->tv_nsec = (long)(ns % NS_PER_S);
	return 0;
}

TESS_SYSCALL_DEFINE2(clock_getres, int, id, struct tess_timespec *, res)
{
	uint64_t ns;
	long err = clock_ns_read(id, &ns);

	if (err)
		return err;
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

TESS_SYSCALL_DEFINE2(gettimeofday, struct tess_timeval *, tv, void *, tz)
{
	uint64_t ns = tess_plat_wall_ns();

	/* The kernel's timezone is UTC with no DST: zeroes. */
	if (tz)
		((int *)tz)[0] = ((int *)tz)[1] = 0;
	if (tv) {
		tv->tv_sec = (long)(ns / NS_PER_S);
		tv->tv_usec = (long)(ns % NS_PER_S / 1000);
	}
	return 0;
}

TESS_SYSCALL_DEFINE1(time, long *, t)
{
	long now = (long)(tess_plat_wall_ns() / NS_PER_S);

	if (t)
		*t = now;
	return now;
}
