/* SPDX-License-Identifier: BSD-3-Clause */
/* Interruptible waits and wait queues, on tess_sched_block_until. */
#include <errno.h>
#include <tess/plat/irq.h>

#include "sched_impl.h"

bool tess_sched_thread_interrupt(struct tess_thread *t, bool keep)
{
	bool was, waiting;

	if (t == NULL || t->magic != THREAD_MAGIC)
		return false;
	was = tess_plat_irq_save();
	waiting = t->state == TESS_THREAD_BLOCKED && t->interruptible;
	if (waiting || (keep && t->state != TESS_THREAD_EXITED))
		t->interrupt_pending = true;
	if (waiting)
		sched_make_ready(t);
	tess_plat_irq_restore(was);
	return waiting;
}

/* Takes the calling thread's pending interrupt, if any. Masked. */
static bool interrupt_take(struct tess_thread *self)
{
	bool pending = self->interrupt_pending;

	self->interrupt_pending = false;
	return pending;
}

int tess_sched_block_interruptible(uint64_t deadline_ns, const char *what)
{
	struct tess_thread *self = sched.current;
	int err;

	if (interrupt_take(self))
		return -EINTR;
	self->interruptible = true;
	err = tess_sched_block_until(deadline_ns, what);
	self->interruptible = false;
	return interrupt_take(self) ? -EINTR : err;
}

int tess_sched_sleep_interruptible(uint64_t deadline_ns)
{
	bool was = tess_plat_irq_save();
	int err;

	do
		err = tess_sched_block_interruptible(deadline_ns, "sleep");
	while (err == 0);
	tess_plat_irq_restore(was);
	return err == -EINTR ? tess_sched_interrupted() : 0;
}

/* One blocked thread; lives on its stack while it waits. */
struct waiter {
	struct tess_list link;
	struct tess_thread *thread;
	bool woken;
};

void tess_sched_waitq_init(struct tess_sched_waitq *wq)
{
	tess_list_init(&wq->waiters);
}

/* The entry lives on the waiter's stack only while it waits: every way
 * out unlinks it (the waker, or the timeout and interrupt paths below),
 * which GCC cannot see through the switch inside the block. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
static int waitq_wait(struct tess_sched_waitq *wq, uint64_t deadline_ns,
		      const char *what, bool interruptible)
{
	struct waiter w = {.thread = tess_sched_current(), .woken = false};

	tess_list_push_back(&wq->waiters, &w.link);
	for (;;) {
		int err = interruptible ? tess_sched_block_interruptible(
						  deadline_ns, what)
					: tess_sched_block_until(deadline_ns,
								 what);

		if (w.woken) {
			/* The waker unlinked us and counts us as woken; an
			 * interrupt that came too stays pending. */
			if (err == -EINTR)
				w.thread->interrupt_pending = true;
			return 0;
		}
		if (err == -ETIMEDOUT || err == -EINTR) {
			tess_list_remove(&w.link);
			return err;
		}
		/* Woken by someone else (spurious here): wait on. */
	}
}
#pragma GCC diagnostic pop

int tess_sched_waitq_wait(struct tess_sched_waitq *wq, uint64_t deadline_ns,
			  const char *what)
{
	return waitq_wait(wq, deadline_ns, what, false);
}

int tess_sched_waitq_wait_interruptible(struct tess_sched_waitq *wq,
					uint64_t deadline_ns, const char *what)
{
	return waitq_wait(wq, deadline_ns, what, true);
}

struct tess_thread *tess_sched_waitq_wake_one(struct tess_sched_waitq *wq)
{
	bool was = tess_plat_irq_save();
	struct waiter *w = tess_list_first_entry_or_null(&wq->waiters,
							 struct waiter, link);
	struct tess_thread *t = NULL;

	if (w != NULL) {
		tess_list_remove(&w->link);
		w->woken = true;
		t = w->thread;
		tess_sched_thread_wake(t);
	}
	tess_plat_irq_restore(was);
	return t;
}

unsigned long tess_sched_waitq_wake_all(struct tess_sched_waitq *wq)
{
	bool was = tess_plat_irq_save();
	unsigned long n = 0;

	while (tess_sched_waitq_wake_one(wq) != NULL)
		n++;
	tess_plat_irq_restore(was);
	return n;
}

bool tess_sched_waitq_empty(const struct tess_sched_waitq *wq)
{
	return tess_list_empty(&wq->waiters);
}
