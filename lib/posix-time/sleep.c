/* SPDX-License-Identifier: BSD-3-Clause */
/* nanosleep and clock_nanosleep: an interruptible sleep of the thread. */
#include <errno.h>
#include <stddef.h>
#include <tess/plat/time.h>
#include <tess/posix-time.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "posix_time_impl.h"

#define NS_PER_S 1000000000ULL

/* A request's length: -EFAULT without one, else as lib/syscall converts
 * every Linux timespec (beyond ~584 years: "forever"). */
static long timespec_ns(const struct tess_timespec *ts, uint64_t *ns)
{
	if (!ts)
		return -EFAULT;
	return tess_syscall_timespec_ns(ts->tv_sec, ts->tv_nsec, ns);
}

TESS_SYSCALL_DEFINE4(clock_nanosleep, int, id, int, flags,
		     const struct tess_timespec *, req, struct tess_timespec *,
		     rem)
{
	uint64_t ns, now, deadline;
	long err;

	if (flags & ~TESS_TIMER_ABSTIME)
		return -EINVAL;
	if (id == TESS_CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	err = clock_ns_read(id, &now);
	if (err)
		return err;
	err = timespec_ns(req, &ns);
	if (err)
		return err;
	if (flags & TESS_TIMER_ABSTIME) {
		/* A wall-clock deadline, converted once: the wall clock does
		 * not jump here (nothing sets it). */
		if (ns <= now)
			return 0;
		ns -= now;
	}
	deadline = tess_sched_deadline_after(ns);
	/* A signal sent to the thread (lib/posix-process) ends the sleep
	 * early: -EINTR, after its handler ran. */
	err = tess_sched_sleep_interruptible(deadline);
	/* Interrupted: a relative sleep says how much of it remains. */
	if (err == -EINTR && rem && !(flags & TESS_TIMER_ABSTIME)) {
		uint64_t left = deadline - tess_plat_monotonic_ns();

		if ((int64_t)left < 0)
			left = 0;
		rem->tv_sec = (long)(left / NS_PER_S);
		rem->tv_nsec = (long)(left % NS_PER_S);
	}
	return err;
}

TESS_SYSCALL_DEFINE2(nanosleep, const struct tess_timespec *, req,
		     struct tess_timespec *, rem)
{
	return tess_sys_clock_nanosleep(TESS_CLOCK_MONOTONIC, 0, req, rem);
}
