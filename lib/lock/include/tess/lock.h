/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Synchronisation: mutexes, recursive mutexes, semaphores,
 * condition variables and reader-writer locks.
 *
 * Provides sleeping locks built on lib/sched's block/wake: a thread that
 * cannot proceed blocks (the CPU runs others or halts), it never spins.
 * Every blocking call has a timed variant taking a relative timeout in
 * nanoseconds and returning -ETIMEDOUT, and a try variant returning
 * -EBUSY / -EAGAIN at once. Objects are plain structs owned by the caller:
 * initialise them with the _init function or the static initialiser; they
 * allocate nothing.
 *
 * Needs: lib/sched (a running scheduler), the platform interrupt mask.
 *
 * Promises:
 * - One CPU; each operation runs with interrupts masked, so it is atomic
 *   with respect to other threads and interrupt handlers.
 * - Wait queues are lib/sched's (struct tess_sched_waitq), which every
 *   lock here is built on.
 * - From interrupt context only the wake-up side may be used:
 *   tess_lock_sem_post/_trywait,
 *   tess_lock_cond_signal/_broadcast. They only move threads to the ready
 *   queue. Everything that may block is for threads only.
 * - Fairness: mutexes and semaphores hand over to the longest waiter
 *   (FIFO); rwlocks prefer writers (new readers wait while a writer does).
 * - Misuse is reported: unlocking a mutex the caller does not own gives
 *   -EPERM, locking one it already owns -EDEADLK; with
 *   CONFIG_TESS_LOCK_DEBUG both panic naming the lock and the threads.
 */
#ifndef TESS_LOCK_H
#define TESS_LOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <tess/list.h>
#include <tess/sched.h>

/* A mutex: one owner at a time, handed to the longest waiter on unlock. */
struct tess_lock_mutex {
	struct tess_thread *owner;
	struct tess_sched_waitq waiters;
};
#define TESS_LOCK_MUTEX_INIT(name)                                             \
	{                                                                      \
		NULL, TESS_SCHED_WAITQ_INIT((name).waiters)                     \
	}

void tess_lock_mutex_init(struct tess_lock_mutex *m);
/* 0, or -EDEADLK when the caller owns it already. */
int tess_lock_mutex_lock(struct tess_lock_mutex *m);
/* 0, -EBUSY (owned by another thread) or -EDEADLK. */
int tess_lock_mutex_trylock(struct tess_lock_mutex *m);
/* 0, -ETIMEDOUT or -EDEADLK. */
int tess_lock_mutex_timedlock(struct tess_lock_mutex *m, uint64_t timeout_ns);
/* 0, or -EPERM when the caller is not the owner. */
int tess_lock_mutex_unlock(struct tess_lock_mutex *m);
/* The owner, NULL when unlocked (for assertions and listings). */
struct tess_thread *tess_lock_mutex_owner(const struct tess_lock_mutex *m);

/* A recursive mutex: its owner may lock it again; it is released when
 * unlocked as many times as it was locked. */
struct tess_lock_rmutex {
	struct tess_lock_mutex mutex;
	unsigned long depth;
};
#define TESS_LOCK_RMUTEX_INIT(name)                                            \
	{                                                                      \
		TESS_LOCK_MUTEX_INIT((name).mutex), 0                          \
	}

void tess_lock_rmutex_init(struct tess_lock_rmutex *m);
int tess_lock_rmutex_lock(struct tess_lock_rmutex *m);
/* 0 or -EBUSY. */
int tess_lock_rmutex_trylock(struct tess_lock_rmutex *m);
/* 0 or -ETIMEDOUT. */
int tess_lock_rmutex_timedlock(struct tess_lock_rmutex *m, uint64_t timeout_ns);
/* 0, or -EPERM when the caller is not the owner. */
int tess_lock_rmutex_unlock(struct tess_lock_rmutex *m);

/* A counting semaphore. */
struct tess_lock_sem {
	unsigned long count;
	struct tess_sched_waitq waiters;
};
#define TESS_LOCK_SEM_INIT(name, n)                                            \
	{                                                                      \
		(n), TESS_SCHED_WAITQ_INIT((name).waiters)                      \
	}

void tess_lock_sem_init(struct tess_lock_sem *s, unsigned long count);
/* Takes one unit, blocking while there is none. Returns 0. */
int tess_lock_sem_wait(struct tess_lock_sem *s);
/* 0 or -EAGAIN (no unit); safe from interrupt context. */
int tess_lock_sem_trywait(struct tess_lock_sem *s);
/* 0 or -ETIMEDOUT. */
int tess_lock_sem_timedwait(struct tess_lock_sem *s, uint64_t timeout_ns);
/* Gives one unit (to the longest waiter if any). 0, or -EOVERFLOW when
 * the count is at ULONG_MAX. Safe from interrupt context. */
int tess_lock_sem_post(struct tess_lock_sem *s);
unsigned long tess_lock_sem_count(const struct tess_lock_sem *s);

/* A condition variable, used with a struct tess_lock_mutex. */
struct tess_lock_cond {
	struct tess_sched_waitq waiters;
};
#define TESS_LOCK_COND_INIT(name)                                              \
	{                                                                      \
		TESS_SCHED_WAITQ_INIT((name).waiters)                           \
	}

void tess_lock_cond_init(struct tess_lock_cond *c);
/* Releases m (which the caller must own: else -EPERM), waits for a
 * signal and takes m again before returning 0. Spurious wake-ups are
 * possible: re-check the predicate in a loop. */
int tess_lock_cond_wait(struct tess_lock_cond *c, struct tess_lock_mutex *m);
/* The same with a timeout: -ETIMEDOUT (m is held again then too). */
int tess_lock_cond_timedwait(struct tess_lock_cond *c,
			     struct tess_lock_mutex *m, uint64_t timeout_ns);
/* Wake one / every waiter; safe from interrupt context. */
void tess_lock_cond_signal(struct tess_lock_cond *c);
void tess_lock_cond_broadcast(struct tess_lock_cond *c);

/* A reader-writer lock: many readers or one writer; writers first. */
struct tess_lock_rwlock {
	unsigned long readers;
	unsigned long writers_waiting;
	struct tess_thread *writer;
	struct tess_sched_waitq readq;
	struct tess_sched_waitq writeq;
};
#define TESS_LOCK_RWLOCK_INIT(name)                                            \
	{                                                                      \
		0, 0, NULL, TESS_SCHED_WAITQ_INIT((name).readq),                \
			TESS_SCHED_WAITQ_INIT((name).writeq)                    \
	}

void tess_lock_rwlock_init(struct tess_lock_rwlock *l);
/* 0, or -EDEADLK when the caller holds it for writing. */
int tess_lock_rwlock_rdlock(struct tess_lock_rwlock *l);
int tess_lock_rwlock_tryrdlock(struct tess_lock_rwlock *l); /* or -EBUSY */
int tess_lock_rwlock_timedrdlock(struct tess_lock_rwlock *l,
				 uint64_t timeout_ns); /* or -ETIMEDOUT */
int tess_lock_rwlock_wrlock(struct tess_lock_rwlock *l);
int tess_lock_rwlock_trywrlock(struct tess_lock_rwlock *l);
int tess_lock_rwlock_timedwrlock(struct tess_lock_rwlock *l,
				 uint64_t timeout_ns);
/* Releases the caller's read or write hold: 0, or -EPERM when it is
 * neither the writer nor can be a reader (no reader holds it). Readers
 * are counted, not tracked: a thread that never read-locked can release
 * another's read hold unnoticed. */
int tess_lock_rwlock_unlock(struct tess_lock_rwlock *l);

#endif /* TESS_LOCK_H */
