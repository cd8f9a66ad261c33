/* SPDX-License-Identifier: BSD-3-Clause */
/* Counting semaphores; a post hands its unit to the longest waiter. */
#include <errno.h>
#include <limits.h>
#include <tess/lock.h>
#include <tess/plat/irq.h>

#include "lock_impl.h"

void tess_lock_sem_init(struct tess_lock_sem *s, unsigned long count)
{
	s->count = count;
	tess_sched_waitq_init(&s->waiters);
}

static int sem_take(struct tess_lock_sem *s, uint64_t deadline_ns,
		    bool may_wait)
{
	bool was = tess_plat_irq_save();
	int err = 0;

	if (s->count > 0)
		s->count--;
	else if (!may_wait)
		err = -EAGAIN;
	else /* a woken waiter got the unit straight from the post */
		err = tess_sched_waitq_wait(&s->waiters, deadline_ns,
					   "semaphore");
	tess_plat_irq_restore(was);
	return err;
}

int tess_lock_sem_wait(struct tess_lock_sem *s)
{
	return sem_take(s, TESS_SCHED_FOREVER, true);
}

int tess_lock_sem_trywait(struct tess_lock_sem *s)
{
	return sem_take(s, TESS_SCHED_FOREVER, false);
}

int tess_lock_sem_timedwait(struct tess_lock_sem *s, uint64_t timeout_ns)
{
	return sem_take(s, tess_sched_deadline_after(timeout_ns), true);
}

int tess_lock_sem_post(struct tess_lock_sem *s)
{
	bool was = tess_plat_irq_save();
	int err = 0;

	if (tess_sched_waitq_wake_one(&s->waiters) == NULL) {
		if (s->count == ULONG_MAX)
			err = -EOVERFLOW;
		else
			s->count++;
	}
	tess_plat_irq_restore(was);
	return err;
}

unsigned long tess_lock_sem_count(const struct tess_lock_sem *s)
{
	return s->count;
}
