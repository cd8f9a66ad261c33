/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interface between lib/sched and a scheduling backend.
 *
 * lib/sched owns threads, stacks, switching, blocking and deadlines; a
 * backend (lib/sched-coop, ...) owns only the ready queue: which ready
 * thread runs next. Every operation is called with interrupts masked and
 * must not block, allocate or print. A backend's boot init (at
 * TESS_INIT_SCHED) calls tess_sched_start() with its operations.
 *
 * A preemptive backend also gives verdict and slice_ns; lib/sched then
 * preempts on the way back from interrupts and at tess_plat_irq_restore
 * (tess_plat_irq_return_hook_set), and keeps a slice timer on its timer
 * list (merged with every other deadline into the one platform timer)
 * only while the verdict is TESS_SCHED_SHARE.
 */
#ifndef TESS_SCHED_BACKEND_H
#define TESS_SCHED_BACKEND_H

#include <tess/arch.h>
#include <tess/sched.h>

/* A preemptive backend's judgement of the running thread. */
enum tess_sched_verdict {
	TESS_SCHED_RUN_ON,  /* no ready thread may take its place: no slice */
	TESS_SCHED_SHARE,   /* one may, when its time slice ends */
	TESS_SCHED_PREEMPT, /* one must, now (a higher priority) */
};

struct tess_sched_ops {
	const char *name;
	/* t has become ready: queue it (its run_link is free). */
	void (*enqueue)(struct tess_thread *t);
	/* Removes and returns the thread to run next, NULL when none. */
	struct tess_thread *(*dequeue)(void);
	/* Preemptive backends only (NULL: cooperative, never preempted):
	 * running (not queued) against the ready threads. */
	enum tess_sched_verdict (*verdict)(const struct tess_thread *running);
	/* With verdict: the time slice in ns (> 0). */
	uint64_t (*slice_ns)(void);
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
	bool service;		 /* the OS's own, not the program's */
	bool timed_out;		 /* the last block ended at its deadline */
	bool interruptible;	 /* blocked in an interruptible wait */
	bool interrupt_pending;	 /* tess_sched_thread_interrupt, not yet taken */
	int errno_value;	 /* its C library's errno (nolibc's) */
	const char *waiting_for; /* what it blocks on, for listings */
	void *(*fn)(void *);
	void *arg;
	void *retval;
	struct tess_thread *joiner;
	void *stack_base;   /* guard page, then the stack; NULL for main */
	size_t stack_bytes; /* guard page included */
	bool stack_guarded; /* the guard page is really inaccessible */
	bool stack_foreign; /* runs on a stack of its own choosing (see
			     * tess_sched_thread_stack_foreign) */
	uintptr_t tls;
	uint64_t switches_in; /* times it was switched to */
	char *slots; /* the threads' slot data (tess_sched_slot_data) */
	char name[TESS_SCHED_NAME_MAX + 1];
};

/* Starts scheduling with ops: the calling (boot) thread becomes "main".
 * Returns 0, -EINVAL (incomplete ops: verdict without slice_ns) or
 * -EBUSY (already started). */
int tess_sched_start(const struct tess_sched_ops *ops);

#endif /* TESS_SCHED_BACKEND_H */
