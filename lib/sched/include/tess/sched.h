/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads: create, exit, join, detach, yield, sleep, block and wake, timers.
 *
 * Provides the scheduler interface every backend (lib/sched-coop,
 * lib/sched-preempt) runs behind: threads with their own stack, name and
 * TLS base; blocking with an optional deadline and waking from thread or
 * interrupt context; wait queues; interrupting a thread's wait (what a
 * signal does to it); per-thread slots other libraries register, with
 * create, exit and interrupt hooks, so that nothing else keeps a side
 * list of threads; software timers whose callbacks run in interrupt
 * context; a listing of every thread and its state (also printed in panic
 * and fault reports). The boot thread (id 1) becomes the thread "main"
 * when the backend starts (TESS_INIT_SCHED); main() runs in it.
 *
 * Needs: the platform (context switch through arch, the one-shot timer and
 * the TESS_IRQ_TIMER line, idle, TLS base, page guards), lib/alloc's
 * default heap for thread structures and stacks, lib/debug.
 *
 * Promises:
 * - Tickless: the platform timer is armed only for the earliest pending
 *   deadline (a sleeping thread, a timed wait, a struct tess_sched_timer)
 *   and the TESS_IRQ_TIMER line is held only while such a deadline
 *   exists, so nothing interrupts a CPU with nothing to wait for. When no
 *   thread can run, the CPU halts in tess_plat_idle() until the next
 *   deadline. With no runnable thread and no pending deadline nothing can
 *   ever run again: the scheduler prints every thread and panics with
 *   "deadlock: every thread is blocked and no timer is armed".
 * - Stacks: TESS_PAGE_SIZE-granular, from the default heap, with a guard
 *   page below each one. Where the platform can protect pages (linuxu)
 *   the guard is inaccessible and an overflow faults; otherwise (kvm, for
 *   now) canary words at the bottom of the stack are checked whenever the
 *   thread is switched out, and a stack overflow panics naming the thread.
 * - Errors are negative errno values; bad arguments never crash.
 * - Thread and interrupt safety: one CPU. tess_sched_thread_wake() and the
 *   tess_sched_timer functions may be called from interrupt handlers;
 *   everything else only from threads. A timer callback runs in interrupt
 *   context with interrupts masked and must not block.
 * - Preemption (sched-preempt): a thread may be switched out wherever
 *   interrupts are enabled. Code that must not be (shared structures
 *   without a lock of their own: lib/sched's, lib/lock's, the heap, stdio
 *   buffers) runs between tess_plat_irq_save() and _restore(): a software
 *   flag, no trap. Nothing is ever preempted with interrupts masked.
 */
#ifndef TESS_SCHED_H
#define TESS_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/debug.h>
#include <tess/list.h>

struct tess_thread;

/* A deadline that never comes: block without a timeout. */
#define TESS_SCHED_FOREVER UINT64_MAX
/* Longest thread name kept (longer names are truncated). */
#define TESS_SCHED_NAME_MAX 31
/* Thread priorities: 32 levels, higher runs first (sched-preempt; coop
 * ignores them but checks the range too); 0 is the default and main's. */
#define TESS_SCHED_PRIORITY_MIN (-16)
#define TESS_SCHED_PRIORITY_MAX 15
/* Smallest and largest stack tess_sched_thread_create accepts. */
#define TESS_SCHED_STACK_MIN (8 * 1024)
#define TESS_SCHED_STACK_MAX (64 * 1024 * 1024)

enum tess_sched_thread_state {
	TESS_THREAD_RUNNING, /* on the CPU */
	TESS_THREAD_READY,   /* runnable, waiting for the CPU */
	TESS_THREAD_BLOCKED, /* waiting to be woken or for a deadline */
	TESS_THREAD_EXITED,  /* finished; waits for join (or is freed) */
};

/* How to create a thread; a NULL attr or zero fields mean the defaults. */
struct tess_sched_thread_attr {
	const char *name;  /* copied; default "thread-<id>" */
	size_t stack_size; /* bytes, rounded up to pages; 0: Kconfig default */
	int priority;	   /* TESS_SCHED_PRIORITY_MIN..MAX; coop ignores it */
	uintptr_t tls;	   /* TLS base (FS); 0: none */
	bool detached;	   /* freed at exit; cannot be joined */
	/* A thread of the OS itself (a network stack's, a driver's), not
	 * one of the program's: the program's signals never run on it, and
	 * it does not keep the image alive (as a kernel thread on Linux). */
	bool service;
};

/*
 * Creates a thread that runs fn(arg) and is runnable at once (it first
 * runs when the current thread yields or blocks, as the backend decides).
 * Returning from fn is tess_sched_thread_exit(fn's value). Stores the
 * thread in *out (may be NULL only for a detached thread). Returns 0,
 * -EINVAL (NULL fn, out NULL for a joinable thread, stack size or
 * priority out of range), -ENOMEM, -ENOSYS (a TLS base on a platform without one) or
 * -EAGAIN (the scheduler has not started).
 */
int tess_sched_thread_create(struct tess_thread **out,
			     const struct tess_sched_thread_attr *attr,
			     void *(*fn)(void *), void *arg);

/* Ends the calling thread with retval for its joiner. When main exits
 * this way the other threads go on; the image ends (status 0) when the
 * last thread has exited. */
void tess_sched_thread_exit(void *retval) __attribute__((noreturn));

/* Waits for t to exit, stores its value in *retval (when not NULL) and
 * frees it. Returns 0, -EINVAL (NULL, not a live thread, detached, or
 * already being joined) or -EDEADLK (t is the caller). */
int tess_sched_thread_join(struct tess_thread *t, void **retval);

/* Makes t free itself at exit (at once if it has exited). Returns 0 or
 * -EINVAL (NULL, not a live thread, already detached or being joined). */
int tess_sched_thread_detach(struct tess_thread *t);

/* Whether t was made as a service thread (see the attribute). */
bool tess_sched_thread_is_service(const struct tess_thread *t);

/* The calling thread (main before any other exists). */
struct tess_thread *tess_sched_current(void);

/* Lets every other ready thread run before the caller continues. */
void tess_sched_yield(void);

/* Sleeps at least ns nanoseconds / until the monotonic clock reaches
 * deadline_ns; wakes are not early (tess_sched_thread_wake does not cut a
 * sleep short). */
void tess_sched_sleep_ns(uint64_t ns);
void tess_sched_sleep_until(uint64_t deadline_ns);

/*
 * Blocks the calling thread until tess_sched_thread_wake() or until the
 * monotonic clock reaches deadline_ns (TESS_SCHED_FOREVER: no deadline).
 * Must be called with interrupts masked (tess_plat_irq_save()), after the
 * caller checked under that mask the condition it waits for, so that a
 * wake-up from an interrupt handler cannot be lost; returns with them
 * still masked. Wake-ups may be spurious: callers re-check in a loop.
 * what (a static string, may be NULL) is shown in thread listings.
 * Returns 0 when woken, -ETIMEDOUT when the deadline passed (at once for
 * a deadline already past).
 */
int tess_sched_block_until(uint64_t deadline_ns, const char *what);

/* The absolute deadline timeout_ns from now: TESS_SCHED_FOREVER for
 * TESS_SCHED_FOREVER, or for a sum that would overflow. */
uint64_t tess_sched_deadline_after(uint64_t timeout_ns);

/* Says that the calling thread now runs on a stack lib/sched did not give
 * it (a trapped clone's child continues on the stack its program chose):
 * the switch-time check of the stack pointer against the thread's stack
 * is off for it; its own stack's canaries are still checked. */
void tess_sched_thread_stack_foreign(void);

/* Makes a blocked thread runnable; returns whether it was blocked. Safe
 * from interrupt context. */
bool tess_sched_thread_wake(struct tess_thread *t);

/*
 * Interrupting a wait (what a signal does to the thread it is for). An
 * interruptible wait is a block that an interrupt ends early with -EINTR;
 * every other block is left alone. An interrupt for a thread that is not
 * in such a wait stays pending (one at most, as one pending signal ends
 * one wait on Linux) and ends its next interruptible wait at once: the
 * thread may have checked for a cancellation request just before it
 * blocked, and a signal that came in between must not be lost. Nothing
 * is allocated, so an interrupt is never lost either.
 */

/* Interrupts t: ends its interruptible wait, or (with keep, or when it is
 * in one) leaves the interrupt pending. Returns whether t was in an
 * interruptible wait. Safe from interrupt context. */
bool tess_sched_thread_interrupt(struct tess_thread *t, bool keep);

/* tess_sched_block_until, interruptible: -EINTR (the pending interrupt
 * taken) when one was pending or came during the wait, else as
 * tess_sched_block_until. Interrupts masked, as there. */
int tess_sched_block_interruptible(uint64_t deadline_ns, const char *what);

/* Called by the thread whose interruptible wait ended with -EINTR, with
 * interrupts enabled, before its own caller sees -EINTR: runs every
 * slot's on_interrupt hook for it (lib/posix-process delivers its
 * signals there, as Linux runs handlers before the system call returns).
 * Returns -EINTR. */
int tess_sched_interrupted(void);

/* Sleeps until deadline_ns (TESS_SCHED_FOREVER: until interrupted): 0, or
 * tess_sched_interrupted()'s -EINTR when interrupted first. */
int tess_sched_sleep_interruptible(uint64_t deadline_ns);

/*
 * Wait queues: threads blocked until another thread or an interrupt
 * handler wakes them, in FIFO order. Plain structs owned by the caller;
 * they allocate nothing (each waiter's entry lives on its stack).
 */
struct tess_sched_waitq {
	struct tess_list waiters;
};
#define TESS_SCHED_WAITQ_INIT(name)                                            \
	{                                                                      \
		TESS_LIST_INIT((name).waiters)                                 \
	}

void tess_sched_waitq_init(struct tess_sched_waitq *wq);
/*
 * Blocks the caller on wq until woken or until the monotonic clock
 * reaches deadline_ns (TESS_SCHED_FOREVER: no deadline). Call with
 * interrupts masked, after checking the condition under that mask, as
 * tess_sched_block_until() requires. Returns 0 when woken (a wake that
 * races with the deadline or an interrupt counts as a wake), -ETIMEDOUT
 * otherwise; the _interruptible form also -EINTR (interrupted, see
 * above: the caller unmasks and calls tess_sched_interrupted()).
 */
int tess_sched_waitq_wait(struct tess_sched_waitq *wq, uint64_t deadline_ns,
			  const char *what);
int tess_sched_waitq_wait_interruptible(struct tess_sched_waitq *wq,
					uint64_t deadline_ns, const char *what);
/* Wakes the longest waiter / every waiter; returns the thread woken
 * (NULL when none) / how many. Safe from interrupt context. */
struct tess_thread *tess_sched_waitq_wake_one(struct tess_sched_waitq *wq);
unsigned long tess_sched_waitq_wake_all(struct tess_sched_waitq *wq);
bool tess_sched_waitq_empty(const struct tess_sched_waitq *wq);

/*
 * Per-thread slots: data another library keeps for every thread, zeroed
 * when the thread is made and gone with it, so that no library keeps a
 * list of threads of its own. TESS_SCHED_SLOT(name, type, hooks...)
 * declares one at file scope: `static const struct tess_sched_slot name`
 * with a `type` per thread, and optional hooks (designated initialisers):
 *   .on_create(t, data): on the creating thread, interrupts masked, when
 *       t exists but has not run; a negative errno fails the creation.
 *   .on_exit(t, data): on t itself as it exits, interrupts enabled.
 *   .on_interrupt(t, data): on t when its interruptible wait was ended
 *       by an interrupt (tess_sched_interrupted), interrupts enabled.
 * The boot thread's data exists from the first instruction (static), so
 * slots work before the scheduler starts.
 */
struct tess_sched_slot {
	const char *name;
	void *main_data; /* the boot thread's; its place gives the offset */
	int (*on_create)(struct tess_thread *t, void *data);
	void (*on_exit)(struct tess_thread *t, void *data);
	void (*on_interrupt)(struct tess_thread *t, void *data);
};
#define TESS_SCHED_SLOT(name, type, ...)                                       \
	static type name##_main_data __attribute__((                           \
		used, section("tess_sched_slot_area"), aligned(16)));          \
	static const struct tess_sched_slot name = {#name, &name##_main_data,  \
						    __VA_ARGS__};              \
	static const struct tess_sched_slot *const name##_rec                  \
		__attribute__((used, retain, section("tess_sched_slots"),      \
			       aligned(sizeof(void *)))) = &name
extern char __start_tess_sched_slot_area[] __attribute__((weak));
extern char __stop_tess_sched_slot_area[] __attribute__((weak));
extern const struct tess_sched_slot *const __start_tess_sched_slots[]
	__attribute__((weak));
extern const struct tess_sched_slot *const __stop_tess_sched_slots[]
	__attribute__((weak));

/* Thread t's data in slot (t valid; safe from interrupt context). */
void *tess_sched_slot_data(const struct tess_thread *t,
			   const struct tess_sched_slot *slot);
/* The calling thread's. */
void *tess_sched_slot_self(const struct tess_sched_slot *slot);

/* The thread's name (never NULL) / sets it (copied, truncated to
 * TESS_SCHED_NAME_MAX; -EINVAL for NULL arguments). */
const char *tess_sched_thread_name(const struct tess_thread *t);
int tess_sched_thread_name_set(struct tess_thread *t, const char *name);
/* The priority it was created with (main: 0). */
int tess_sched_thread_priority(const struct tess_thread *t);
/* A number unique to the thread: main is 1, later threads count up (a
 * POSIX thread id as Linux gives it: main's equals the process id). */
unsigned long tess_sched_thread_id(const struct tess_thread *t);
/* The thread with that id that has not exited, or NULL. */
struct tess_thread *tess_sched_thread_find(unsigned long id);
/* How many of the program's threads have not exited (main included;
 * service threads are not counted). */
unsigned long tess_sched_threads_live(void);
enum tess_sched_thread_state
tess_sched_thread_state(const struct tess_thread *t);
/* "running", "ready", "blocked", "exited". */
const char *tess_sched_state_name(enum tess_sched_thread_state state);

/* Calls fn for every thread (exited ones not yet joined included) until fn
 * returns non-zero; returns that value, or 0. fn must not create, exit,
 * join or block. */
int tess_sched_thread_foreach(int (*fn)(struct tess_thread *t, void *arg),
			      void *arg);

/* Prints one line per thread (id, name, state, what it waits for and
 * until when, stack range) at the given log level. Also run by panic and
 * fault reports. */
void tess_sched_threads_print(enum tess_log_level level);

/* The calling thread's errno word, for a C library that keeps none of its
 * own per thread (nolibc; musl keeps its own in its thread structure).
 * Valid from the first instruction (main's). */
int *tess_errno_location(void);

/* Counters since boot, for tests and benchmarks. */
struct tess_sched_stats {
	uint64_t switches;	   /* thread switches, of any cause */
	uint64_t preemptions;	   /* switches forced on a running thread */
	uint64_t timer_interrupts; /* TESS_IRQ_TIMER deliveries to lib/sched */
	uint64_t slices_started;   /* slice timers begun (sched-preempt) */
	/* Monotonic time at the start of the last TESS_IRQ_TIMER handler:
	 * tests bound how late a thread ran after the interrupt that woke
	 * it, which a host stalling the whole guest does not stretch. */
	uint64_t last_timer_irq_ns;
};
void tess_sched_stats_get(struct tess_sched_stats *out);

/* How late a thread that waited for deadline_ns and runs at now_ns is,
 * counted from the later of its deadline and the last timer interrupt
 * before now_ns: the lateness the scheduler added, which a host that
 * stalls the whole guest (and with it the interrupt) does not stretch.
 * For tests and benchmarks. */
uint64_t tess_sched_lateness_ns(uint64_t deadline_ns, uint64_t now_ns);

/* Sets the calling thread's TLS base and loads it; it follows the thread
 * across switches. Returns 0 or the platform's error. */
int tess_sched_tls_set(uintptr_t base);

/* The calling thread's TLS base (0: none set). */
uintptr_t tess_sched_tls_get(void);

/*
 * Software timers: fn(arg) runs in interrupt context once the monotonic
 * clock has reached the deadline. The struct belongs to the caller and
 * must stay valid while the timer is pending. Safe from interrupt context
 * (a callback may restart its own timer).
 */
struct tess_sched_timer {
	struct tess_list link; /* on the scheduler's deadline list */
	uint64_t deadline_ns;
	void (*fn)(void *arg);
	void *arg;
};

void tess_sched_timer_init(struct tess_sched_timer *timer,
			   void (*fn)(void *arg), void *arg);
/* Arms the timer for an absolute deadline (replacing an earlier one).
 * Returns 0 or -EINVAL (NULL timer or fn). */
int tess_sched_timer_start(struct tess_sched_timer *timer,
			   uint64_t deadline_ns);
/* Disarms it; returns whether it was pending. */
bool tess_sched_timer_stop(struct tess_sched_timer *timer);

#endif /* TESS_SCHED_H */
