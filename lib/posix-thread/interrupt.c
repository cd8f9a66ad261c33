/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interruptible waits: a futex wait or a sleep that a signal sent to the
 * thread ends with -EINTR. An interrupt for a thread that is not in such
 * a wait stays pending until its next one, which then ends at once: the
 * thread may have checked for a cancellation request just before it
 * blocked (musl's cancellation points do), and a signal that slipped in
 * between must not be lost, as it is not on Linux.
 */
#include <errno.h>
#include <tess/alloc.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>

#include "posix_thread_impl.h"

/* Threads in an interruptible wait; each entry lives on its thread's
 * stack. Changed with interrupts masked. */
static struct interruptible *waiting;

/* Threads not in a wait when they were interrupted. */
struct pending_interrupt {
	struct pending_interrupt *next;
	long tid;
};
static struct pending_interrupt *pending;

long posix_thread_tid(const struct tess_thread *t)
{
	return (long)tess_sched_thread_id(t) + 1;
}

/* Takes tid's pending interrupt, if there is one. Masked. */
static bool pending_take(long tid)
{
	for (struct pending_interrupt **link = &pending; *link;
	     link = &(*link)->next) {
		struct pending_interrupt *p = *link;

		if (p->tid == tid) {
			*link = p->next;
			tess_free(tess_alloc_default(), p);
			return true;
		}
	}
	return false;
}

bool interruptible_begin(struct interruptible *w)
{
	w->thread = tess_sched_current();
	w->interrupted = false;
	if (pending_take(posix_thread_tid(w->thread)))
		return false;
	w->next = waiting;
	waiting = w;
	return true;
}

void interruptible_end(struct interruptible *w)
{
	struct interruptible **link = &waiting;

	while (*link && *link != w)
		link = &(*link)->next;
	if (*link)
		*link = w->next;
}

void interruptible_forget(long tid)
{
	bool was = tess_plat_irq_save();

	pending_take(tid);
	tess_plat_irq_restore(was);
}

/* Leaves an interrupt pending for tid. One is enough: it ends one wait,
 * as one pending signal does on Linux. Masked (the heap masks itself
 * too, so it may be used here). */
static void pending_add(long tid)
{
	struct pending_interrupt *p;

	for (p = pending; p; p = p->next)
		if (p->tid == tid)
			return;
	p = tess_malloc(tess_alloc_default(), sizeof(*p));
	if (!p) {
		tess_pr_err("no memory to keep an interrupt for thread %ld "
			    "pending: it is lost",
			    tid);
		return;
	}
	p->tid = tid;
	p->next = pending;
	pending = p;
}

bool tess_posix_thread_interrupt(long tid, bool keep)
{
	struct interruptible *w;
	bool was = tess_plat_irq_save();

	for (w = waiting; w && posix_thread_tid(w->thread) != tid; w = w->next)
		;
	if (w) {
		interruptible_end(w);
		w->interrupted = true;
		tess_sched_thread_wake(w->thread);
	} else if (keep) {
		pending_add(tid);
	}
	tess_plat_irq_restore(was);
	return w != NULL;
}

/* Set once at boot (lib/posix-process), read by interrupted threads. */
static void (*interrupt_hook)(void);

void tess_posix_thread_interrupt_hook(void (*fn)(void))
{
	interrupt_hook = fn;
}

long interrupted(void)
{
	if (interrupt_hook)
		interrupt_hook();
	return -EINTR;
}

long tess_posix_thread_sleep_until(uint64_t deadline)
{
	struct interruptible w;
	bool was = tess_plat_irq_save();
	int err = 0;

	if (!interruptible_begin(&w)) {
		tess_plat_irq_restore(was);
		return interrupted();
	}
	while (!w.interrupted && err != -ETIMEDOUT)
		err = tess_sched_block_until(deadline, "sleep");
	interruptible_end(&w);
	tess_plat_irq_restore(was);
	return w.interrupted ? interrupted() : 0;
}
