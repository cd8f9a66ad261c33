/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/lock internals: deadlines and misuse reports. */
#ifndef TESS_LOCK_IMPL_H
#define TESS_LOCK_IMPL_H

#include <tess/debug.h>
#include <tess/plat/time.h>
#include <tess/sched.h>

/* The absolute deadline timeout_ns from now (TESS_SCHED_FOREVER for
 * TESS_SCHED_FOREVER or a sum that would overflow). */
static inline uint64_t lock_deadline(uint64_t timeout_ns)
{
	uint64_t now;

	if (timeout_ns == TESS_SCHED_FOREVER)
		return TESS_SCHED_FOREVER;
	now = tess_plat_monotonic_ns();
	return timeout_ns >= TESS_SCHED_FOREVER - now ? TESS_SCHED_FOREVER
						      : now + timeout_ns;
}

/* Reports a misuse (err is -EPERM or -EDEADLK): panics in debug builds,
 * otherwise returns err for the caller to hand back. */
static inline int lock_misuse(int err, const char *what, const void *lock,
			      const struct tess_thread *owner)
{
#ifdef CONFIG_TESS_LOCK_DEBUG
	tess_panic("%s %p by thread '%s', owned by '%s'", what, lock,
		   tess_sched_thread_name(tess_sched_current()),
		   owner ? tess_sched_thread_name(owner) : "nobody");
#else
	(void)what, (void)lock, (void)owner;
	return err;
#endif
}

#endif /* TESS_LOCK_IMPL_H */
