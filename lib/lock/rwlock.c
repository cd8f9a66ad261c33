/* SPDX-License-Identifier: BSD-3-Clause */
/* Reader-writer locks, writers preferred so that readers cannot starve them. */
#include <errno.h>
#include <tess/lock.h>
#include <tess/plat/irq.h>

#include "lock_impl.h"

void tess_lock_rwlock_init(struct tess_lock_rwlock *l)
{
	l->readers = 0;
	l->writers_waiting = 0;
	l->writer = NULL;
	tess_sched_waitq_init(&l->readq);
	tess_sched_waitq_init(&l->writeq);
}

static int read_acquire(struct tess_lock_rwlock *l, uint64_t deadline_ns,
			bool may_wait)
{
	bool was = tess_plat_irq_save();
	int err = 0;

	if (l->writer == tess_sched_current()) {
		err = lock_misuse(-EDEADLK, "rwlock read-locked by its writer",
				  l, l->writer);
		goto out;
	}
	while (l->writer != NULL || l->writers_waiting > 0) {
		if (!may_wait) {
			err = -EBUSY;
			goto out;
		}
		err = tess_sched_waitq_wait(&l->readq, deadline_ns, "rwlock");
		if (err)
			goto out;
	}
	l->readers++;
out:
	tess_plat_irq_restore(was);
	return err;
}

static int write_acquire(struct tess_lock_rwlock *l, uint64_t deadline_ns,
			 bool may_wait)
{
	struct tess_thread *self = tess_sched_current();
	bool was = tess_plat_irq_save();
	int err = 0;

	if (l->writer == self) {
		err = lock_misuse(-EDEADLK, "rwlock write-locked again", l,
				  self);
		goto out;
	}
	l->writers_waiting++;
	while (l->writer != NULL || l->readers > 0) {
		err = may_wait ? tess_sched_waitq_wait(&l->writeq, deadline_ns,
						      "rwlock")
			       : -EBUSY;
		if (err)
			break;
	}
	l->writers_waiting--;
	if (err == 0)
		l->writer = self;
	else if (l->writers_waiting == 0 && l->writer == NULL)
		/* Readers held back only by this writer may go now. */
		tess_sched_waitq_wake_all(&l->readq);
out:
	tess_plat_irq_restore(was);
	return err;
}

int tess_lock_rwlock_rdlock(struct tess_lock_rwlock *l)
{
	return read_acquire(l, TESS_SCHED_FOREVER, true);
}

int tess_lock_rwlock_tryrdlock(struct tess_lock_rwlock *l)
{
	return read_acquire(l, TESS_SCHED_FOREVER, false);
}

int tess_lock_rwlock_timedrdlock(struct tess_lock_rwlock *l,
				 uint64_t timeout_ns)
{
	return read_acquire(l, tess_sched_deadline_after(timeout_ns), true);
}

int tess_lock_rwlock_wrlock(struct tess_lock_rwlock *l)
{
	return write_acquire(l, TESS_SCHED_FOREVER, true);
}

int tess_lock_rwlock_trywrlock(struct tess_lock_rwlock *l)
{
	return write_acquire(l, TESS_SCHED_FOREVER, false);
}

int tess_lock_rwlock_timedwrlock(struct tess_lock_rwlock *l,
				 uint64_t timeout_ns)
{
	return write_acquire(l, tess_sched_deadline_after(timeout_ns), true);
}

int tess_lock_rwlock_unlock(struct tess_lock_rwlock *l)
{
	bool was = tess_plat_irq_save();
	int err = 0;

	if (l->writer == tess_sched_current())
		l->writer = NULL;
	else if (l->writer == NULL && l->readers > 0)
		l->readers--;
	else
		err = lock_misuse(-EPERM, "rwlock unlocked", l, l->writer);
	if (err == 0 && l->writer == NULL && l->readers == 0) {
		if (l->writers_waiting > 0)
			tess_sched_waitq_wake_one(&l->writeq);
		else
			tess_sched_waitq_wake_all(&l->readq);
	}
	tess_plat_irq_restore(was);
	return err;
}
