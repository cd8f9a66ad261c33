/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of lib/lock: mutual exclusion under contention, FIFO hand-over,
 * owner checks, recursion depth, semaphore counting and posts from
 * interrupt context, condition signal/broadcast, rwlock sharing and
 * writer preference (wait queues: lib/sched's tests).
 */
#include <errno.h>
#include <limits.h>
#include <tess/lock.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/test.h>

#define MS 1000000ULL

static struct tess_lock_mutex mutex = TESS_LOCK_MUTEX_INIT(mutex);
static volatile unsigned long counter;
static volatile unsigned int inside, overlap;

/* Increments the counter with a yield inside the critical section: any
 * other thread that got in meanwhile shows up as an overlap. */
static void *count_under_mutex(void *arg)
{
	for (int i = 0; i < 100; i++) {
		tess_lock_mutex_lock(&mutex);
		if (inside++)
			overlap++;
		unsigned long v = counter;
		tess_sched_yield();
		counter = v + 1;
		inside--;
		tess_lock_mutex_unlock(&mutex);
		(void)arg;
	}
	return NULL;
}

TESS_TEST(lock_mutex, excludes_threads_that_yield_inside)
{
	struct tess_thread *t[5];

	counter = 0;
	overlap = 0;
	for (int i = 0; i < 5; i++)
		ASSERT_EQ(tess_sched_thread_create(&t[i], NULL,
						   count_under_mutex, NULL),
			  0);
	for (int i = 0; i < 5; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	EXPECT_EQ(overlap, 0);
	EXPECT_EQ_U(counter, 500);
	EXPECT_NULL(tess_lock_mutex_owner(&mutex));
}

static void *try_and_report(void *arg)
{
	int err = tess_lock_mutex_trylock(arg);

	if (err == 0)
		tess_lock_mutex_unlock(arg);
	return (void *)(intptr_t)err;
}

static void *unlock_foreign(void *arg)
{
	return (void *)(intptr_t)tess_lock_mutex_unlock(arg);
}

TESS_TEST(lock_mutex, owner_checks_and_trylock)
{
	struct tess_lock_mutex m;
	struct tess_thread *t;
	void *ret;

	tess_lock_mutex_init(&m);
	EXPECT_EQ(tess_lock_mutex_unlock(&m), -EPERM);
	ASSERT_EQ(tess_lock_mutex_lock(&m), 0);
	EXPECT_TRUE(tess_lock_mutex_owner(&m) == tess_sched_current());
	EXPECT_EQ(tess_lock_mutex_lock(&m), -EDEADLK);
	EXPECT_EQ(tess_lock_mutex_trylock(&m), -EDEADLK);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, try_and_report, &m), 0);
	ASSERT_EQ(tess_sched_thread_join(t, &ret), 0);
	EXPECT_EQ((intptr_t)ret, -EBUSY);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, unlock_foreign, &m), 0);
	ASSERT_EQ(tess_sched_thread_join(t, &ret), 0);
	EXPECT_EQ((intptr_t)ret, -EPERM);
	EXPECT_EQ(tess_lock_mutex_unlock(&m), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, try_and_report, &m), 0);
	ASSERT_EQ(tess_sched_thread_join(t, &ret), 0);
	EXPECT_EQ((intptr_t)ret, 0);
}

static char handover[8];
static volatile unsigned int handover_len;

static void *lock_and_note(void *arg)
{
	tess_lock_mutex_lock(&mutex);
	handover[handover_len++] = (char)(uintptr_t)arg;
	tess_lock_mutex_unlock(&mutex);
	return NULL;
}

TESS_TEST(lock_mutex, is_handed_to_waiters_in_arrival_order)
{
	struct tess_thread *t[4];

	handover_len = 0;
	ASSERT_EQ(tess_lock_mutex_lock(&mutex), 0);
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(
			tess_sched_thread_create(&t[i], NULL, lock_and_note,
						 (void *)(uintptr_t)('a' + i)),
			0);
	tess_sched_yield(); /* all four queue up on the mutex */
	/* Unlocking hands the mutex to 'a' before main could take it back. */
	ASSERT_EQ(tess_lock_mutex_unlock(&mutex), 0);
	EXPECT_EQ(tess_lock_mutex_trylock(&mutex), -EBUSY);
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	handover[handover_len] = '\0';
	EXPECT_STREQ(handover, "abcd");
}

TESS_TEST(lock_rmutex, owner_relocks_and_releases_at_depth_zero)
{
	struct tess_lock_rmutex r = TESS_LOCK_RMUTEX_INIT(r);
	struct tess_thread *t;
	void *ret;

	EXPECT_EQ(tess_lock_rmutex_unlock(&r), -EPERM);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_lock_rmutex_lock(&r), 0);
	EXPECT_EQ(tess_lock_rmutex_trylock(&r), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_lock_rmutex_unlock(&r), 0);
	/* Still held once: another thread cannot take it. */
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, try_and_report, &r.mutex),
		  0);
	ASSERT_EQ(tess_sched_thread_join(t, &ret), 0);
	EXPECT_EQ((intptr_t)ret, -EBUSY);
	ASSERT_EQ(tess_lock_rmutex_unlock(&r), 0);
	EXPECT_NULL(tess_lock_mutex_owner(&r.mutex));
	EXPECT_EQ(tess_lock_rmutex_unlock(&r), -EPERM);
}

static struct tess_lock_sem sem;
static volatile unsigned int sem_taken;

static void *take_sem(void *arg)
{
	(void)arg;
	tess_lock_sem_wait(&sem);
	sem_taken++;
	return NULL;
}

TESS_TEST(lock_sem, counts_units_and_blocks_at_zero)
{
	struct tess_thread *t[3];

	tess_lock_sem_init(&sem, 2);
	EXPECT_EQ(tess_lock_sem_trywait(&sem), 0);
	EXPECT_EQ(tess_lock_sem_count(&sem), 1);
	sem_taken = 0;
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_create(&t[i], NULL, take_sem, NULL),
			  0);
	tess_sched_yield();
	EXPECT_EQ(sem_taken, 1); /* the one unit left */
	EXPECT_EQ(tess_lock_sem_trywait(&sem), -EAGAIN);
	EXPECT_EQ(tess_lock_sem_post(&sem), 0);
	EXPECT_EQ(tess_lock_sem_count(&sem), 0); /* handed to a waiter */
	EXPECT_EQ(tess_lock_sem_post(&sem), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	EXPECT_EQ(sem_taken, 3);
	tess_lock_sem_init(&sem, ULONG_MAX);
	EXPECT_EQ(tess_lock_sem_post(&sem), -EOVERFLOW);
}

static void post_from_irq(void *arg)
{
	tess_lock_sem_post(arg);
}

TESS_TEST(lock_sem, post_from_interrupt_context_wakes_the_waiter)
{
	struct tess_sched_timer timer;
	uint64_t start = tess_plat_monotonic_ns();

	tess_lock_sem_init(&sem, 0);
	tess_sched_timer_init(&timer, post_from_irq, &sem);
	ASSERT_EQ(tess_sched_timer_start(&timer, start + 2 * MS), 0);
	/* main alone blocks; the timer interrupt's post wakes it. */
	EXPECT_EQ(tess_lock_sem_wait(&sem), 0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 2 * MS);
}

static struct tess_lock_cond cond = TESS_LOCK_COND_INIT(cond);
static volatile unsigned int ready_flag, cond_woken, cond_waiting;

static void *wait_for_flag(void *arg)
{
	(void)arg;
	tess_lock_mutex_lock(&mutex);
	cond_waiting++; /* under the mutex, which only the wait gives up */
	while (!ready_flag)
		tess_lock_cond_wait(&cond, &mutex);
	cond_woken++;
	tess_lock_mutex_unlock(&mutex);
	return NULL;
}

TESS_TEST(lock_cond, signal_wakes_one_broadcast_wakes_all)
{
	struct tess_thread *t[3];

	ready_flag = 0;
	cond_woken = 0;
	cond_waiting = 0;
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_create(&t[i], NULL, wait_for_flag,
						   NULL),
			  0);
	/* Until all three wait: holding the mutex with the count at 3
	 * means each has given it up inside its wait (a preempted thread
	 * may not have got there after one yield). */
	for (;;) {
		tess_lock_mutex_lock(&mutex);
		if (cond_waiting == 3)
			break;
		tess_lock_mutex_unlock(&mutex);
		tess_sched_yield();
	}
	ready_flag = 1;
	tess_lock_cond_signal(&cond);
	tess_lock_mutex_unlock(&mutex);
	tess_sched_yield();
	tess_sched_yield();
	EXPECT_EQ(cond_woken, 1);
	tess_lock_cond_broadcast(&cond);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	EXPECT_EQ(cond_woken, 3);
}

TESS_TEST(lock_cond, wait_without_the_mutex_is_refused)
{
	struct tess_lock_mutex m = TESS_LOCK_MUTEX_INIT(m);

	EXPECT_EQ(tess_lock_cond_wait(&cond, &m), -EPERM);
}

static struct tess_lock_rwlock rw = TESS_LOCK_RWLOCK_INIT(rw);
static volatile unsigned int readers_in, max_readers_in, writer_in_with;
static char rw_order[8];
static volatile unsigned int rw_len;

static void *reader(void *arg)
{
	tess_lock_rwlock_rdlock(&rw);
	rw_order[rw_len++] = (char)(uintptr_t)arg;
	readers_in++;
	if (readers_in > max_readers_in)
		max_readers_in = readers_in;
	tess_sched_yield();
	readers_in--;
	tess_lock_rwlock_unlock(&rw);
	return NULL;
}

static void *writer(void *arg)
{
	tess_lock_rwlock_wrlock(&rw);
	rw_order[rw_len++] = (char)(uintptr_t)arg;
	if (readers_in)
		writer_in_with++;
	tess_sched_yield();
	tess_lock_rwlock_unlock(&rw);
	return NULL;
}

TESS_TEST(lock_rwlock, readers_share_writers_exclude_and_go_first)
{
	struct tess_thread *t[4];

	readers_in = max_readers_in = writer_in_with = rw_len = 0;
	ASSERT_EQ(tess_lock_rwlock_rdlock(&rw), 0); /* main reads */
	ASSERT_EQ(tess_sched_thread_create(&t[0], NULL, reader,
					   (void *)(uintptr_t)'r'),
		  0);
	ASSERT_EQ(tess_sched_thread_create(&t[1], NULL, writer,
					   (void *)(uintptr_t)'W'),
		  0);
	ASSERT_EQ(tess_sched_thread_create(&t[2], NULL, reader,
					   (void *)(uintptr_t)'s'),
		  0);
	tess_sched_yield();
	/* 'r' shares with main; 'W' waits for both; 's' queues behind W. */
	EXPECT_EQ(rw_len, 1);
	EXPECT_EQ(tess_lock_rwlock_trywrlock(&rw), -EBUSY);
	EXPECT_EQ(tess_lock_rwlock_tryrdlock(&rw), -EBUSY); /* W waits */
	ASSERT_EQ(tess_lock_rwlock_unlock(&rw), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	rw_order[rw_len] = '\0';
	EXPECT_STREQ(rw_order, "rWs");
	EXPECT_EQ(writer_in_with, 0);
	EXPECT_EQ(max_readers_in, 1);
	EXPECT_EQ(tess_lock_rwlock_unlock(&rw), -EPERM);
	ASSERT_EQ(tess_lock_rwlock_wrlock(&rw), 0);
	EXPECT_EQ(tess_lock_rwlock_rdlock(&rw), -EDEADLK);
	EXPECT_EQ(tess_lock_rwlock_wrlock(&rw), -EDEADLK);
	EXPECT_EQ(tess_lock_rwlock_unlock(&rw), 0);
}

TESS_TEST(lock_rwlock, many_readers_hold_it_at_once)
{
	struct tess_thread *t[4];

	readers_in = max_readers_in = rw_len = 0;
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(
			tess_sched_thread_create(&t[i], NULL, reader,
						 (void *)(uintptr_t)('a' + i)),
			0);
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	EXPECT_EQ(max_readers_in, 4);
}
