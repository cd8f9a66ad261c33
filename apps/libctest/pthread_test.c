/* SPDX-License-Identifier: BSD-3-Clause */
/* musl's pthreads on Tessera threads: create/join, mutex, condvar, TLS. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <tess/test.h>
#include <time.h>

#define THREADS	   8
#define INCREMENTS 10000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *arg)
{
	for (int i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
		if (i % 1000 == 0)
			sched_yield();
	}
	return arg;
}

TESS_TEST(libc_pthread, create_join_and_a_mutex_protected_counter)
{
	pthread_t t[THREADS];

	counter = 0;
	for (long i = 0; i < THREADS; i++)
		ASSERT_EQ(pthread_create(&t[i], NULL, add_many, (void *)i), 0);
	for (long i = 0; i < THREADS; i++) {
		void *r = NULL;

		ASSERT_EQ(pthread_join(t[i], &r), 0);
		EXPECT_EQ((long)r, i);
	}
	EXPECT_EQ(counter, THREADS * INCREMENTS);
}

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static int queue[64], queue_len, consumed_sum;

static void *consumer(void *arg)
{
	int want = *(int *)arg;

	for (int got = 0; got < want; got++) {
		pthread_mutex_lock(&queue_lock);
		while (queue_len == 0)
			pthread_cond_wait(&queue_ready, &queue_lock);
		consumed_sum += queue[--queue_len];
		pthread_mutex_unlock(&queue_lock);
	}
	return NULL;
}

TESS_TEST(libc_pthread, condition_variables_hand_work_over)
{
	static int items = 200;
	pthread_t t;
	int sum = 0;

	consumed_sum = 0;
	ASSERT_EQ(pthread_create(&t, NULL, consumer, &items), 0);
	for (int i = 1; i <= items; i++) {
		pthread_mutex_lock(&queue_lock);
		queue[queue_len++] = i;
		sum += i;
		pthread_cond_signal(&queue_ready);
		pthread_mutex_unlock(&queue_lock);
		if (queue_len > 32)
			sched_yield();
	}
	ASSERT_EQ(pthread_join(t, NULL), 0);
	EXPECT_EQ(consumed_sum, sum);
}

TESS_TEST(libc_pthread, timed_wait_times_out_and_detached_threads_run)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec deadline, after;
	pthread_attr_t attr;
	pthread_t t;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 3000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&m);
	EXPECT_EQ(pthread_cond_timedwait(&c, &m, &deadline), ETIMEDOUT);
	pthread_mutex_unlock(&m);
	clock_gettime(CLOCK_REALTIME, &after);
	EXPECT_TRUE(after.tv_sec > deadline.tv_sec ||
		    (after.tv_sec == deadline.tv_sec &&
		     after.tv_nsec >= deadline.tv_nsec));
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	counter = 0;
	ASSERT_EQ(pthread_create(&t, &attr, add_many, NULL), 0);
	while (__atomic_load_n(&counter, __ATOMIC_SEQ_CST) < INCREMENTS)
		sched_yield();
	EXPECT_EQ(counter, INCREMENTS);
}

static pthread_key_t key;

static void *key_user(void *arg)
{
	pthread_setspecific(key, arg);
	sched_yield();
	return pthread_getspecific(key);
}

TESS_TEST(libc_pthread, thread_specific_data_is_per_thread)
{
	pthread_t a, b;
	void *ra, *rb;

	ASSERT_EQ(pthread_key_create(&key, NULL), 0);
	ASSERT_EQ(pthread_create(&a, NULL, key_user, (void *)0xa), 0);
	ASSERT_EQ(pthread_create(&b, NULL, key_user, (void *)0xb), 0);
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	EXPECT_EQ((long)ra, 0xa);
	EXPECT_EQ((long)rb, 0xb);
	EXPECT_NE((long)pthread_self(), 0);
}

static pthread_mutex_t cancel_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static volatile int cleaned_up, waiting;

static void cleanup(void *arg)
{
	cleaned_up = *(int *)arg;
	pthread_mutex_unlock(&cancel_lock);
}

static void *wait_forever(void *arg)
{
	static int token = 77;

	(void)arg;
	pthread_mutex_lock(&cancel_lock);
	pthread_cleanup_push(cleanup, &token);
	waiting = 1;
	for (;;)
		pthread_cond_wait(&never,
				  &cancel_lock); /* a cancellation point */
	pthread_cleanup_pop(1);
	return NULL;
}

TESS_TEST(libc_pthread, cancel_reaches_a_thread_blocked_in_a_condition_wait)
{
	pthread_t t;
	void *r = NULL;

	cleaned_up = 0;
	waiting = 0;
	ASSERT_EQ(pthread_create(&t, NULL, wait_forever, NULL), 0);
	while (!waiting)
		sched_yield();
	sched_yield(); /* now blocked in the futex wait */
	ASSERT_EQ(pthread_cancel(t), 0);
	ASSERT_EQ(pthread_join(t, &r), 0);
	EXPECT_TRUE(r == PTHREAD_CANCELED);
	EXPECT_EQ(cleaned_up, 77);
	/* The cleanup handler released the mutex the cancelled thread held. */
	EXPECT_EQ(pthread_mutex_trylock(&cancel_lock), 0);
	pthread_mutex_unlock(&cancel_lock);
}

static volatile int napping;

static void *nap_for_a_minute(void *arg)
{
	struct timespec minute = {60, 0};

	(void)arg;
	napping = 1;
	nanosleep(&minute, NULL); /* a cancellation point */
	return (void *)1;
}

/* The cancel arrives while the thread sleeps, or, when this thread was
 * preempted at the wrong moment, after its check for a cancel request and
 * before it blocked: it must end the sleep either way, well within the
 * minute. */
TESS_TEST(libc_pthread, cancel_reaches_a_thread_asleep_in_nanosleep)
{
	struct timespec start, end;
	pthread_t t;
	void *r = NULL;

	napping = 0;
	clock_gettime(CLOCK_MONOTONIC, &start);
	ASSERT_EQ(pthread_create(&t, NULL, nap_for_a_minute, NULL), 0);
	while (!napping)
		sched_yield();
	sched_yield(); /* now asleep */
	ASSERT_EQ(pthread_cancel(t), 0);
	ASSERT_EQ(pthread_join(t, &r), 0);
	clock_gettime(CLOCK_MONOTONIC, &end);
	EXPECT_TRUE(r == PTHREAD_CANCELED);
	EXPECT_LT(end.tv_sec - start.tv_sec, 30);
}

static volatile int spinning;

static void *spin_until_told(void *arg)
{
	(void)arg;
	while (!spinning)
		sched_yield();
	return NULL;
}

TESS_TEST(libc_pthread, signal_0_checks_that_a_thread_is_alive)
{
	pthread_t t;

	spinning = 0;
	ASSERT_EQ(pthread_create(&t, NULL, spin_until_told, NULL), 0);
	EXPECT_EQ(pthread_kill(t, 0), 0);
	EXPECT_EQ(pthread_kill(pthread_self(), 0), 0);
	spinning = 1;
	ASSERT_EQ(pthread_join(t, NULL), 0);
}

/* The image's own thread-local variables (PT_TLS), one copy per thread. */
static __thread int tls_counter = 5;
static __thread char tls_buffer[64];

static void *count_in_tls(void *arg)
{
	for (int i = 0; i < 1000; i++)
		tls_counter++;
	tls_buffer[0] = (char)(long)arg;
	sched_yield();
	return (void *)(long)(tls_counter * 100 + tls_buffer[0]);
}

TESS_TEST(libc_pthread, thread_local_variables_are_per_thread)
{
	pthread_t a, b;
	void *ra, *rb;

	tls_counter = 42;
	ASSERT_EQ(pthread_create(&a, NULL, count_in_tls, (void *)1), 0);
	ASSERT_EQ(pthread_create(&b, NULL, count_in_tls, (void *)2), 0);
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	/* Each thread started from the template (5), not from main's 42. */
	EXPECT_EQ((long)ra, 1005 * 100 + 1);
	EXPECT_EQ((long)rb, 1005 * 100 + 2);
	EXPECT_EQ(tls_counter, 42);
}

static pthread_t waiter_thread;

static void *signal_the_waiter(void *arg)
{
	struct timespec ms = {0, 2000000};

	(void)arg;
	nanosleep(&ms, NULL);
	pthread_kill(waiter_thread, SIGUSR1);
	return NULL;
}

/* A signal-handling thread, as servers have one: it blocks the signal and
 * sigwait()s for it; another thread sends it. */
TESS_TEST(libc_pthread, sigwait_takes_a_signal_another_thread_sends)
{
	sigset_t set, old;
	pthread_t sender;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &set, &old), 0);
	waiter_thread = pthread_self();
	ASSERT_EQ(pthread_create(&sender, NULL, signal_the_waiter, NULL), 0);
	EXPECT_EQ(sigwait(&set, &sig), 0);
	EXPECT_EQ(sig, SIGUSR1);
	ASSERT_EQ(pthread_join(sender, NULL), 0);
	ASSERT_EQ(pthread_sigmask(SIG_SETMASK, &old, NULL), 0);
}
