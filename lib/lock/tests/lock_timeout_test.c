/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timeouts of lib/lock: every timed call on a lock nobody releases fails
 * with -ETIMEDOUT no earlier than its timeout and at most TOLERANCE_NS
 * after the later of it and the timer interrupt that ended the wait (a
 * stalled host delays the interrupt: tess_sched_lateness_ns)
 * later, and leaves the lock usable.
 */
#include <errno.h>
#include <tess/lock.h>
#include <tess/plat/time.h>
#include <tess/test.h>

#define MS 1000000ULL
/* The stated tolerance (see lib/sched's timer tests). */
#define TOLERANCE_NS 20000000ULL
#define TIMEOUT	     (3 * MS)

static struct tess_lock_mutex held = TESS_LOCK_MUTEX_INIT(held);
static struct tess_lock_rwlock rw = TESS_LOCK_RWLOCK_INIT(rw);

struct timing {
	int err;
	uint64_t took; /* from the call to its return */
	uint64_t late; /* after the timeout (tess_sched_lateness_ns) */
};

/* Stamps the end of a wait for TIMEOUT that began at start. */
static void timing_end(struct timing *r, uint64_t start)
{
	uint64_t end = tess_plat_monotonic_ns();

	r->took = end - start;
	r->late = tess_sched_lateness_ns(start + TIMEOUT, end);
}

static void *timed_mutex(void *arg)
{
	struct timing *r = arg;
	uint64_t start = tess_plat_monotonic_ns();

	r->err = tess_lock_mutex_timedlock(&held, TIMEOUT);
	timing_end(r, start);
	return NULL;
}

static void *timed_rdlock(void *arg)
{
	struct timing *r = arg;
	uint64_t start = tess_plat_monotonic_ns();

	r->err = tess_lock_rwlock_timedrdlock(&rw, TIMEOUT);
	timing_end(r, start);
	return NULL;
}

static void expect_timed_out(const struct timing *r)
{
	EXPECT_EQ(r->err, -ETIMEDOUT);
	EXPECT_GE_U(r->took, TIMEOUT);
	EXPECT_LT_U(r->late, TOLERANCE_NS);
}

TESS_TEST(lock_timeout, mutex_timedlock_on_a_held_mutex)
{
	struct timing r;
	struct tess_thread *t;

	ASSERT_EQ(tess_lock_mutex_lock(&held), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, timed_mutex, &r), 0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	expect_timed_out(&r);
	/* The timed-out waiter left the queue: unlock frees the mutex. */
	ASSERT_EQ(tess_lock_mutex_unlock(&held), 0);
	EXPECT_NULL(tess_lock_mutex_owner(&held));
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, timed_mutex, &r), 0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	EXPECT_EQ(r.err, 0);
}

TESS_TEST(lock_timeout, semaphore_and_condition_time_out)
{
	struct tess_lock_sem s = TESS_LOCK_SEM_INIT(s, 0);
	struct tess_lock_cond c = TESS_LOCK_COND_INIT(c);
	struct timing r;
	uint64_t start = tess_plat_monotonic_ns();

	r.err = tess_lock_sem_timedwait(&s, TIMEOUT);
	timing_end(&r, start);
	expect_timed_out(&r);
	ASSERT_EQ(tess_lock_mutex_lock(&held), 0);
	start = tess_plat_monotonic_ns();
	r.err = tess_lock_cond_timedwait(&c, &held, TIMEOUT);
	timing_end(&r, start);
	expect_timed_out(&r);
	/* The mutex is held again after a timed-out wait. */
	EXPECT_TRUE(tess_lock_mutex_owner(&held) == tess_sched_current());
	ASSERT_EQ(tess_lock_mutex_unlock(&held), 0);
	/* A zero timeout on an available unit succeeds at once. */
	ASSERT_EQ(tess_lock_sem_post(&s), 0);
	EXPECT_EQ(tess_lock_sem_timedwait(&s, 0), 0);
}

TESS_TEST(lock_timeout, rwlock_timed_read_behind_a_writer)
{
	struct timing r;
	struct tess_thread *t;

	ASSERT_EQ(tess_lock_rwlock_wrlock(&rw), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, timed_rdlock, &r), 0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	expect_timed_out(&r);
	ASSERT_EQ(tess_lock_rwlock_unlock(&rw), 0);
	EXPECT_EQ(tess_lock_rwlock_timedwrlock(&rw, TIMEOUT), 0);
	EXPECT_EQ(tess_lock_rwlock_unlock(&rw), 0);
}
