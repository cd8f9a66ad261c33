/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Futexes on lib/sched: one list of waiters, each a blocked thread, the
 * word it waits on and a bitset. Checks and list changes happen with
 * interrupts masked, so a wake-up cannot slip between a waiter's check of
 * the word and its blocking (one CPU).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>
#include <tess/syscall.h>

struct linux_timespec {
	long tv_sec;
	long tv_nsec;
};

struct futex_waiter {
	struct futex_waiter *next;
	struct tess_thread *thread;
	const int *uaddr;
	uint32_t bitset;
	bool woken;
};

/* Waiters in arrival order; each entry lives on its waiter's stack. */
static struct futex_waiter *waiters;
static struct futex_waiter **waiters_tail = &waiters;

static void waiter_remove(struct futex_waiter *w)
{
	struct futex_waiter **link = &waiters;

	while (*link && *link != w)
		link = &(*link)->next;
	if (!*link)
		return;
	*link = w->next;
	if (waiters_tail == &w->next)
		waiters_tail = link;
}

static void waiter_append(struct futex_waiter *w)
{
	w->next = NULL;
	*waiters_tail = w;
	waiters_tail = &w->next;
}

static long futex_wait(const int *uaddr, int val, uint64_t deadline,
		       uint32_t bitset)
{
	struct futex_waiter w = {.thread = tess_sched_current(),
				 .uaddr = uaddr,
				 .bitset = bitset};
	bool was;
	int err = 0;

	if (!bitset)
		return -EINVAL;
	was = tess_plat_irq_save();
	if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val) {
		tess_plat_irq_restore(was);
		return -EAGAIN;
	}
	waiter_append(&w);
	while (!w.woken && err != -ETIMEDOUT && err != -EINTR)
		err = tess_sched_block_interruptible(deadline, "futex");
	if (!w.woken)
		waiter_remove(&w);
	tess_plat_irq_restore(was);
	/* Woken and interrupted both: the wake-up counts (the waker was
	 * told it woke this thread), and the signal is handled on the way
	 * out, as Linux handles it on the way back to user space. */
	if (w.woken) {
		if (err == -EINTR)
			tess_sched_interrupted();
		return 0;
	}
	return err == -EINTR ? tess_sched_interrupted() : -ETIMEDOUT;
}

/* Wakes up to count waiters on uaddr whose bitset meets bitset and, for
 * requeue, moves up to requeue_max more to uaddr2. Returns how many were
 * woken (plus moved, for requeue, as Linux counts). */
static long futex_wake_requeue(const int *uaddr, int count, uint32_t bitset,
			       const int *uaddr2, int requeue_max)
{
	struct futex_waiter *w, *next;
	long woken = 0, moved = 0;
	bool was;

	if (!bitset)
		return -EINVAL;
	was = tess_plat_irq_save();
	for (w = waiters; w; w = next) {
		next = w->next;
		if (w->uaddr != uaddr || !(w->bitset & bitset))
			continue;
		if (woken < count) {
			waiter_remove(w);
			w->woken = true;
			tess_sched_thread_wake(w->thread);
			woken++;
		} else if (uaddr2 && moved < requeue_max) {
			w->uaddr = uaddr2;
			moved++;
		} else {
			break;
		}
	}
	tess_plat_irq_restore(was);
	return woken + moved;
}

int tess_futex_wake(const int *uaddr, int count)
{
	return (int)futex_wake_requeue(uaddr, count,
				       TESS_FUTEX_BITSET_MATCH_ANY, NULL, 0);
}

TESS_SYSCALL_DEFINE6(futex, int *, uaddr, int, op, int, val,
		     const struct linux_timespec *, timeout, int *, uaddr2, int,
		     val3)
{
	int cmd = op & ~(TESS_FUTEX_PRIVATE_FLAG | TESS_FUTEX_CLOCK_REALTIME);
	uint64_t deadline = TESS_SCHED_FOREVER, ns;
	long err;

	if (!uaddr || ((uintptr_t)uaddr & 3))
		return -EINVAL;
	switch (cmd) {
	case TESS_FUTEX_WAIT:
		if (timeout) {
			err = tess_syscall_timespec_ns(timeout->tv_sec,
						       timeout->tv_nsec, &ns);
			if (err)
				return err;
			deadline = tess_sched_deadline_after(ns);
		}
		return futex_wait(uaddr, val, deadline,
				  TESS_FUTEX_BITSET_MATCH_ANY);
	case TESS_FUTEX_WAIT_BITSET:
		if (timeout) {
			err = tess_syscall_timespec_ns(timeout->tv_sec,
						       timeout->tv_nsec, &ns);
			if (err)
				return err;
			/* An absolute time on the monotonic clock, or on the
			 * wall clock with FUTEX_CLOCK_REALTIME. */
			if (op & TESS_FUTEX_CLOCK_REALTIME) {
				uint64_t wall = tess_plat_wall_ns();

				ns = ns > wall ? tess_plat_monotonic_ns() +
							 (ns - wall)
					       : 0;
			}
			deadline = ns;
		}
		return futex_wait(uaddr, val, deadline, (uint32_t)val3);
	case TESS_FUTEX_WAKE:
		return futex_wake_requeue(uaddr, val,
					  TESS_FUTEX_BITSET_MATCH_ANY, NULL, 0);
	case TESS_FUTEX_WAKE_BITSET:
		return futex_wake_requeue(uaddr, val, (uint32_t)val3, NULL, 0);
	case TESS_FUTEX_CMP_REQUEUE:
		if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val3)
			return -EAGAIN;
		/* fall through */
	case TESS_FUTEX_REQUEUE:
		if (!uaddr2 || ((uintptr_t)uaddr2 & 3))
			return -EINVAL;
		/* The timeout argument carries the requeue limit. */
		return futex_wake_requeue(uaddr, val,
					  TESS_FUTEX_BITSET_MATCH_ANY, uaddr2,
					  (int)(intptr_t)timeout);
	default: {
		static bool logged;

		if (!logged) {
			logged = true;
			tess_pr_warn("futex: operation %d is not implemented "
				     "(-ENOSYS)",
				     cmd);
		}
		return -ENOSYS;
	}
	}
}
