/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * schedbench: times a thread switch (two threads yielding to each other)
 * and a mutex + condition variable ping-pong, min and median over
 * repeats, printed as "name min_ns median_ns" lines for bench/sched/run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <tess/lock.h>
#include <tess/plat/time.h>
#include <tess/sched.h>

#define REPEATS_MAX 101

static unsigned long rounds = 100000;
static volatile bool stop;

static void *yield_loop(void *arg)
{
	(void)arg;
	while (!stop)
		tess_sched_yield();
	return NULL;
}

/* ns per switch: each yield of main is two switches (there and back). */
static uint64_t time_switches(void)
{
	struct tess_thread *t;
	uint64_t start, took;

	stop = false;
	if (tess_sched_thread_create(&t, NULL, yield_loop, NULL))
		exit(1);
	tess_sched_yield(); /* t is running its loop */
	start = tess_plat_monotonic_ns();
	for (unsigned long i = 0; i < rounds; i++)
		tess_sched_yield();
	took = tess_plat_monotonic_ns() - start;
	stop = true;
	tess_sched_thread_join(t, NULL);
	return rounds ? took / (2 * rounds) : 0;
}

static struct tess_lock_mutex m = TESS_LOCK_MUTEX_INIT(m);
static struct tess_lock_cond cv = TESS_LOCK_COND_INIT(cv);
static unsigned long turn; /* odd: the partner's turn */

static void *partner(void *arg)
{
	(void)arg;
	tess_lock_mutex_lock(&m);
	for (unsigned long i = 0; i < rounds; i++) {
		while ((turn & 1) == 0)
			tess_lock_cond_wait(&cv, &m);
		turn++;
		tess_lock_cond_signal(&cv);
	}
	tess_lock_mutex_unlock(&m);
	return NULL;
}

/* ns per round trip (main -> partner -> main) through mutex + condvar. */
static uint64_t time_condvar_pingpong(void)
{
	struct tess_thread *t;
	uint64_t start, took;

	turn = 0;
	if (tess_sched_thread_create(&t, NULL, partner, NULL))
		exit(1);
	start = tess_plat_monotonic_ns();
	tess_lock_mutex_lock(&m);
	for (unsigned long i = 0; i < rounds; i++) {
		turn++;
		tess_lock_cond_signal(&cv);
		while (turn & 1)
			tess_lock_cond_wait(&cv, &m);
	}
	tess_lock_mutex_unlock(&m);
	took = tess_plat_monotonic_ns() - start;
	tess_sched_thread_join(t, NULL);
	return rounds ? took / rounds : 0;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, uint64_t (*measure)(void),
		   unsigned int repeats)
{
	uint64_t v[REPEATS_MAX] = { 0 };

	for (unsigned int i = 0; i < repeats; i++)
		v[i] = measure();
	qsort(v, repeats, sizeof(v[0]), compare_u64);
	printf("%s %llu %llu\n", name, (unsigned long long)v[0],
	       (unsigned long long)v[repeats / 2]);
}

int main(int argc, char *argv[])
{
	unsigned int repeats = 11;

	if (argc > 1)
		rounds = strtoul(argv[1], NULL, 10);
	if (argc > 2)
		repeats = (unsigned int)strtoul(argv[2], NULL, 10);
	if (rounds == 0 || repeats == 0 || repeats > REPEATS_MAX) {
		fprintf(stderr,
			"usage: schedbench [rounds > 0 [repeats 1-%d]]\n",
			REPEATS_MAX);
		return 2;
	}
	report("switch", time_switches, repeats);
	report("condvar_pingpong", time_condvar_pingpong, repeats);
	return 0;
}
