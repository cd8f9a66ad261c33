/* SPDX-License-Identifier: BSD-3-Clause */
/* nanosleep and clock_nanosleep: block the thread, or idle without lib/sched. */
#include <errno.h>
#include <stddef.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/posix-time.h>
#include <tess/syscall.h>
#ifdef CONFIG_TESS_SCHED
#include <tess/sched.h>
#endif
#ifdef CONFIG_TESS_POSIX_THREAD
#include <tess/posix-thread.h>
#endif

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

#ifndef CONFIG_TESS_SCHED
static volatile bool sleep_timer_fired;

static void sleep_timer(enum tess_irq irq, void *arg)
{
	(void)irq, (void)arg;
	sleep_timer_fired = true;
}
#endif

/* Sleeps until the monotonic clock reaches deadline: 0, or -EINTR when a
 * signal sent to the thread (lib/posix-thread) ended the sleep early. */
static long sleep_until_monotonic(uint64_t deadline)
{
#if defined(CONFIG_TESS_POSIX_THREAD)
	return tess_posix_thread_sleep_until(deadline);
#elif defined(CONFIG_TESS_SCHED)
	tess_sched_sleep_until(deadline);
	return 0;
#else
	/* One CPU, no other thread: the timer line is ours while we sleep. */
	int err = tess_plat_irq_register(TESS_IRQ_TIMER, sleep_timer, NULL);
	bool was;

	while (tess_plat_monotonic_ns() < deadline) {
		if (err) {
			/* Another user holds the line: poll the clock. */
			continue;
		}
		sleep_timer_fired = false;
		tess_plat_timer_set(deadline);
		/* Checked and idled masked: unmasked, the interrupt could land
		 * between the check and the idle, which then waits forever. */
		was = tess_plat_irq_save();
		while (!sleep_timer_fired) {
			tess_plat_idle();
			tess_plat_irq_restore(was);
			was = tess_plat_irq_save();
		}
		tess_plat_irq_restore(was);
	}
	if (!err)
		tess_plat_irq_unregister(TESS_IRQ_TIMER);
	return 0;
#endif
}

TESS_SYSCALL_DEFINE4(clock_nanosleep, int, id, int, flags,
		     const struct tess_timespec *, req, struct tess_timespec *,
		     rem)
{
	uint64_t ns, now, monotonic_now, deadline;
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
	monotonic_now = tess_plat_monotonic_ns();
	if (flags & TESS_TIMER_ABSTIME) {
		/* A wall-clock deadline, converted once: the wall clock does
		 * not jump here (nothing sets it). */
		if (ns <= now)
			return 0;
		ns -= now;
	}
	deadline = ns > UINT64_MAX - monotonic_now ? UINT64_MAX
						   : monotonic_now + ns;
	err = sleep_until_monotonic(deadline);
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
