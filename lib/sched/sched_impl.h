/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/sched internals shared by its sources (not a public interface). */
#ifndef TESS_SCHED_IMPL_H
#define TESS_SCHED_IMPL_H

#include <tess/sched_backend.h>

#define THREAD_MAGIC 0x7448524541445321UL /* "tHREADS!" */

/* Scheduler state. Written only with interrupts masked, by threads and
 * (sched_timer's list, thread states) by the timer interrupt. */
struct sched_state {
	const struct tess_sched_ops *ops; /* NULL until tess_sched_start */
	struct tess_thread *current;
	struct tess_list all_threads;
	unsigned long next_id;
	unsigned long live_threads; /* program threads that have not exited */
	struct tess_thread *dead; /* detached, exited: freed after the switch */
	uintptr_t tls_loaded;	  /* the TLS base the CPU holds */
	/* Preemptive backends: the running thread must give way at the
	 * next unmask (set by wake-ups and the slice timer, cleared at each
	 * switch); the scheduler is looking for a thread (no preemption
	 * inside it); the running thread's slice ends then (0: none). */
	bool need_resched;
	bool choosing;
	uint64_t slice_end_ns;
	struct tess_sched_stats stats;
};
extern struct sched_state sched;
extern struct tess_thread sched_main_thread;

/* core.c: picks the next thread and switches to it; the caller has set
 * the current thread's state (RUNNING: it stays runnable). Interrupts
 * masked. */
void sched_schedule(void);
/* Makes a BLOCKED thread READY and queues it. Interrupts masked. */
void sched_make_ready(struct tess_thread *t);
/* Frees a dead detached thread left by the previous switch. */
void sched_reap(void);

/* thread.c */
void sched_thread_free(struct tess_thread *t);
void sched_stack_check(const struct tess_thread *t);
/* The entry of every new thread (through the arch trampoline). */
void sched_thread_start(void *arg) __attribute__((noreturn));

/* slot.c: the size of a thread's slot area; the slots' create hooks
 * (the first error), exit hooks. */
size_t sched_slots_size(void);
int sched_slots_create(struct tess_thread *t);
void sched_slots_exit(struct tess_thread *t);

/* timer.c: true while some timer is pending (the platform timer is then
 * armed for the earliest one). */
bool sched_timer_pending(void);

#endif /* TESS_SCHED_IMPL_H */
