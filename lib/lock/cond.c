/* SPDX-License-Identifier: BSD-3-Clause */
/* Condition variables over lib/lock mutexes. */
#include <errno.h>
#include <tess/lock.h>
#include <tess/plat/irq.h>

#include "lock_impl.h"

void tess_lock_cond_init(struct tess_lock_cond *c)
{
	tess_sched_waitq_init(&c->waiters);
}

int tess_lock_cond_timedwait(struct tess_lock_cond *c,
			     struct tess_lock_mutex *m, uint64_t timeout_ns)
{
	uint64_t deadline = tess_sched_deadline_after(timeout_ns);
	bool was;
	int err;

	if (m->owner != tess_sched_current())
		return lock_misuse(-EPERM, "condition wait without the mutex",
				   m, m->owner);
	/* Unlock and queue with interrupts masked: a signal sent after the
	 * unlock finds us on the queue. */
	was = tess_plat_irq_save();
	tess_lock_mutex_unlock(m);
	err = tess_sched_waitq_wait(&c->waiters, deadline, "condition");
	tess_plat_irq_restore(was);
	tess_lock_mutex_lock(m);
	return err;
}

int tess_lock_cond_wait(struct tess_lock_cond *c, struct tess_lock_mutex *m)
{
	return tess_lock_cond_timedwait(c, m, TESS_SCHED_FOREVER);
}

void tess_lock_cond_signal(struct tess_lock_cond *c)
{
	tess_sched_waitq_wake_one(&c->waiters);
}

void tess_lock_cond_broadcast(struct tess_lock_cond *c)
{
	tess_sched_waitq_wake_all(&c->waiters);
}
