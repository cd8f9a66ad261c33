/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interface between lib/sched and a scheduling backend.
 *
 * lib/sched owns threads, stacks, switching, blocking and deadlines; a
 * backend (lib/sched-coop, ...) owns only the ready queue: which ready
 * thread runs next. Every operation is called with interrupts masked and
 * must not block, allocate or print. A backend's boot init (at
 * TESS_INIT_SCHED) calls tess_sched_start() with its operations.
 */
#ifndef TESS_SCHED_BACKEND_H
#define TESS_SCHED_BACKEND_H

#include <tess/arch.h>
#include <tess/sched.h>

struct tess_sched_ops {
	const char *name;
	/* t has become ready: queue it (its run_link is free). */
	void (*enqueue)(struct tess_thread *t);
	/* Removes and returns the thread to run next, NULL when none. */
	struct tess_thread *(*dequeue)(void);
};

/* The thread as lib/sched and backends see it; other code uses the
 * functions of tess/sched.h. */
struct tess_thread {
	struct tess_arch_context context;
	struct tess_list run_link;	    /* the backend's ready queue */
	struct tess_list all_link;	    /* every thread, for listings */
	struct tess_sched_timer wake_timer; /* deadline of a timed block */
	unsigned long magic; /* THREAD_MAGIC while the thread exists */
	unsigned long id;
	enum tess_sched_thread_state state;
	int priority;
	bool detached;
	bool timed_out;		 /* the last block ended at its deadline */
	const char *waiting_for; /* what it blocks on, for listings */
	void *(*fn)(void *);
	void *arg;
	void *retval;
	struct tess_thread *joiner;
	void *stack_base;   /* guard page, then the stack; NULL for main */
	size_t stack_bytes; /* guard page included */
	bool stack_guarded; /* the guard page is really inaccessible */
	uintptr_t tls;
	uint64_t switches_in; /* times it was switched to */
	char name[TESS_SCHED_NAME_MAX + 1];
};

/* Starts scheduling with ops: the calling (boot) thread becomes "main".
 * Returns 0, -EINVAL (incomplete ops) or -EBUSY (already started). */
int tess_sched_start(const struct tess_sched_ops *ops);

#endif /* TESS_SCHED_BACKEND_H */
