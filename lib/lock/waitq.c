/* SPDX-License-Identifier: BSD-3-Clause */
/* Wait queues: FIFO lists of blocked threads, woken from threads or interrupts. */
#include <errno.h>
#include <tess/lock.h>
#include <tess/plat/irq.h>

/* One blocked thread; lives on its stack while it waits. */
struct waiter {
	struct tess_list link;
	struct tess_thread *thread;
	bool woken;
};

void tess_lock_waitq_init(struct tess_lock_waitq *wq)
{
	tess_list_init(&wq->waiters);
}

int tess_lock_waitq_wait(struct tess_lock_waitq *wq, uint64_t deadline_ns,
			 const char *what)
{
	struct waiter w = {.thread = tess_sched_current(), .woken = false};

	tess_list_push_back(&wq->waiters, &w.link);
	for (;;) {
		int err = tess_sched_block_until(deadline_ns, what);

		if (w.woken)
			return 0; /* the waker unlinked us */
		if (err == -ETIMEDOUT) {
			tess_list_remove(&w.link);
			return -ETIMEDOUT;
		}
		/* Woken by someone else (spurious here): wait on. */
	}
}

struct tess_thread *tess_lock_waitq_wake_one(struct tess_lock_waitq *wq)
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

unsigned long tess_lock_waitq_wake_all(struct tess_lock_waitq *wq)
{
	bool was = tess_plat_irq_save();
	unsigned long n = 0;

	while (tess_lock_waitq_wake_one(wq) != NULL)
		n++;
	tess_plat_irq_restore(was);
	return n;
}

bool tess_lock_waitq_empty(const struct tess_lock_waitq *wq)
{
	return tess_list_empty(&wq->waiters);
}
