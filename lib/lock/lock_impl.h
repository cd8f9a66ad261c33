/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/lock internals: deadlines and misuse reports. */
#ifndef TESS_LOCK_IMPL_H
#define TESS_LOCK_IMPL_H

#include <tess/debug.h>
#include <tess/plat/time.h>
#include <tess/sched.h>


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
