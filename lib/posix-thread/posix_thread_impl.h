/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/posix-thread's own interfaces between its files. */
#ifndef POSIX_THREAD_IMPL_H
#define POSIX_THREAD_IMPL_H

#include <stdbool.h>
#include <tess/sched.h>

/* Thread t's id: lib/sched's id + 1, so the boot thread is 1. */
long posix_thread_tid(const struct tess_thread *t);

/* A thread in an interruptible wait (on its own stack). */
struct interruptible {
	struct interruptible *next;
	struct tess_thread *thread;
	bool interrupted; /* set by tess_posix_thread_interrupt */
};

/* With interrupts masked: the calling thread starts an interruptible wait
 * (true), or has an interrupt pending, which this takes (false: the wait
 * ends with -EINTR before it starts). Every true is followed by
 * interruptible_end, also masked, once the wait is over. */
bool interruptible_begin(struct interruptible *w);
void interruptible_end(struct interruptible *w);

/* An interruptible wait that was interrupted ends here, unmasked, on the
 * thread itself: the hook delivers its signals (their handlers run on
 * it, as Linux runs them before the system call returns); -EINTR. */
long interrupted(void);

/* Drops a pending interrupt of thread tid (it exits). */
void interruptible_forget(long tid);

#endif /* POSIX_THREAD_IMPL_H */
