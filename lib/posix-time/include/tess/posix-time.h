/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-time: Linux's clock and sleep system calls, in lib/syscall's table
 * and as direct tess_sys_<name> functions.
 *
 * CLOCK_REALTIME(_COARSE) is the platform's wall clock; CLOCK_MONOTONIC,
 * _RAW, _COARSE and CLOCK_BOOTTIME its monotonic clock (ns resolution,
 * from the TSC on kvm). CLOCK_PROCESS_CPUTIME_ID reads the monotonic clock
 * too: the image is the only process and is never descheduled by another
 * (idle time counts, unlike on Linux); CLOCK_THREAD_CPUTIME_ID is not
 * kept (-EINVAL). Sleeps never end early but for a signal: with lib/sched
 * they block only the calling thread, without it they idle the CPU. With
 * lib/posix-thread, a signal sent to the sleeping thread from another
 * (tkill; pthread_cancel) ends the sleep with -EINTR, and a relative
 * sleep's rem says what was left; without it sleeps are never
 * interrupted. Not for interrupt context.
 */
#ifndef TESS_POSIX_TIME_H
#define TESS_POSIX_TIME_H

#include <stdint.h>

struct tess_timespec {
	long tv_sec;
	long tv_nsec;
};

struct tess_timeval {
	long tv_sec;
	long tv_usec;
};

#define TESS_CLOCK_REALTIME	      0
#define TESS_CLOCK_MONOTONIC	      1
#define TESS_CLOCK_PROCESS_CPUTIME_ID 2
#define TESS_CLOCK_THREAD_CPUTIME_ID  3
#define TESS_CLOCK_MONOTONIC_RAW      4
#define TESS_CLOCK_REALTIME_COARSE    5
#define TESS_CLOCK_MONOTONIC_COARSE   6
#define TESS_CLOCK_BOOTTIME	      7
#define TESS_TIMER_ABSTIME	      1

long tess_sys_clock_gettime(int id, struct tess_timespec *ts);
long tess_sys_clock_getres(int id, struct tess_timespec *res);
long tess_sys_gettimeofday(struct tess_timeval *tv, void *tz);
long tess_sys_time(long *t);
long tess_sys_nanosleep(const struct tess_timespec *req,
			struct tess_timespec *rem);
long tess_sys_clock_nanosleep(int id, int flags,
			      const struct tess_timespec *req,
			      struct tess_timespec *rem);

#endif /* TESS_POSIX_TIME_H */
