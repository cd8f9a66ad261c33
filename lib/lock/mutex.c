/* SPDX-License-Identifier: BSD-3-Clause */
/* Mutexes with owner checks and FIFO hand-over, and recursive mutexes. */
#include <errno.h>
#include <limits.h>
#include <tess/lock.h>
#include <tess/plat/irq.h>

#include "lock_impl.h"

void tess_lock_mutex_init(struct tess_lock_mutex *m)
{
	m->owner = NULL;
	tess_sched_waitq_init(&m->waiters);
}

/* Locks m for the caller; -EBUSY when it must wait and may not. */
static int mutex_acquire(struct tess_lock_mutex *m, uint64_t deadline_ns,
			 bool may_wait)
{
	struct tess_thread *self = tess_sched_current();
	bool was = tess_plat_irq_save();
	int err = 0;

	if (m->owner == NULL) {
		m->owner = self;
	} else if (m->owner == self) {
		err = lock_misuse(-EDEADLK, "mutex locked again", m, self);
	} else if (!may_wait) {
		err = -EBUSY;
	} else {
		/* On success the unlocker has made us the owner. */
		err = tess_sched_waitq_wait(&m->waiters, deadline_ns, "mutex");
	}
	tess_plat_irq_restore(was);
	return err;
}

int tess_lock_mutex_lock(struct tess_lock_mutex *m)
{
	return mutex_acquire(m, TESS_SCHED_FOREVER, true);
}

int tess_lock_mutex_trylock(struct tess_lock_mutex *m)
{
	return mutex_acquire(m, TESS_SCHED_FOREVER, false);
}

int tess_lock_mutex_timedlock(struct tess_lock_mutex *m, uint64_t timeout_ns)
{
	return mutex_acquire(m, tess_sched_deadline_after(timeout_ns), true);
}

int tess_lock_mutex_unlock(struct tess_lock_mutex *m)
{
	bool was = tess_plat_irq_save();
	int err = 0;

	if (m->owner != tess_sched_current())
		err = lock_misuse(-EPERM, "mutex unlocked", m, m->owner);
	else
		m->owner = tess_sched_waitq_wake_one(&m->waiters);
	tess_plat_irq_restore(was);
	return err;
}

struct tess_thread *tess_lock_mutex_owner(const struct tess_lock_mutex *m)
{
	return m->owner;
}

void tess_lock_rmutex_init(struct tess_lock_rmutex *m)
{
	tess_lock_mutex_init(&m->mutex);
	m->depth = 0;
}

static int rmutex_acquire(struct tess_lock_rmutex *m, uint64_t deadline_ns,
			  bool may_wait)
{
	int err;

	/* Only the owner itself can see itself as the owner: no race. */
	if (m->mutex.owner == tess_sched_current()) {
		if (m->depth == ULONG_MAX)
			return -EOVERFLOW;
		m->depth++;
		return 0;
	}
	err = mutex_acquire(&m->mutex, deadline_ns, may_wait);
	if (err == 0)
		m->depth = 1;
	return err;
}

int tess_lock_rmutex_lock(struct tess_lock_rmutex *m)
{
	return rmutex_acquire(m, TESS_SCHED_FOREVER, true);
}

int tess_lock_rmutex_trylock(struct tess_lock_rmutex *m)
{
	return rmutex_acquire(m, TESS_SCHED_FOREVER, false);
}

int tess_lock_rmutex_timedlock(struct tess_lock_rmutex *m, uint64_t timeout_ns)
{
	return rmutex_acquire(m, tess_sched_deadline_after(timeout_ns), true);
}

int tess_lock_rmutex_unlock(struct tess_lock_rmutex *m)
{
	if (m->mutex.owner != tess_sched_current())
		return lock_misuse(-EPERM, "recursive mutex unlocked", m,
				   m->mutex.owner);
	if (--m->depth > 0)
		return 0;
	return tess_lock_mutex_unlock(&m->mutex);
}
