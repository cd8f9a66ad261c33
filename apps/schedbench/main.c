/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * schedbench: times a thread switch (two threads yielding to each other)
 * and a mutex + condition variable ping-pong, min and median over
 * repeats, printed as "name min_ns median_ns" lines for bench/sched/run;
 * with "cpu" first, a CPU-bound loop run by one thread and by two busy
 * threads at once (and, under sched-preempt, at a short slice too) for
 * bench/sched/preempt, with the timer interrupts each run took.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tess/lock.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#ifdef CONFIG_TESS_SCHED_PREEMPT
#include <tess/sched_preempt.h>
#endif

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
	uint64_t v[REPEATS_MAX] = {0};

	for (unsigned int i = 0; i < repeats; i++)
		v[i] = measure();
	qsort(v, repeats, sizeof(v[0]), compare_u64);
	printf("%s %llu %llu\n", name, (unsigned long long)v[0],
	       (unsigned long long)v[repeats / 2]);
}

/* The CPU-bound work: a fixed number of xorshift steps, nothing else. */
static unsigned long cpu_iterations = 50000000;
static volatile uint64_t cpu_sink;

static void *cpu_loop(void *arg)
{
	uint64_t x = 88172645463325252ULL + (uintptr_t)arg;

	for (unsigned long i = 0; i < cpu_iterations; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	cpu_sink = x;
	return NULL;
}

static uint64_t cpu_interrupts; /* timer interrupts of the last run */

/* ns per loop with `threads` busy threads at once (main among them);
 * under sched-coop the second runs after main's loop, not during it. */
static uint64_t time_cpu(unsigned int threads)
{
	struct tess_sched_stats before, after;
	struct tess_thread *t = NULL;
	uint64_t start, took;

	tess_sched_sleep_ns(1000000); /* idle once: no slice timer left */
	tess_sched_stats_get(&before);
	start = tess_plat_monotonic_ns();
	if (threads > 1 && tess_sched_thread_create(&t, NULL, cpu_loop, NULL))
		exit(1);
	cpu_loop(NULL);
	if (t != NULL)
		tess_sched_thread_join(t, NULL);
	took = tess_plat_monotonic_ns() - start;
	tess_sched_stats_get(&after);
	cpu_interrupts = after.timer_interrupts - before.timer_interrupts;
	return took / threads;
}

static uint64_t time_cpu_one(void)
{
	return time_cpu(1);
}

static uint64_t time_cpu_two(void)
{
	return time_cpu(2);
}

static void report_cpu(const char *name, uint64_t (*measure)(void),
		       unsigned int repeats)
{
	uint64_t v[REPEATS_MAX] = {0}, irqs[REPEATS_MAX] = {0};

	for (unsigned int i = 0; i < repeats; i++) {
		v[i] = measure();
		irqs[i] = cpu_interrupts;
	}
	qsort(v, repeats, sizeof(v[0]), compare_u64);
	qsort(irqs, repeats, sizeof(irqs[0]), compare_u64);
	printf("%s %llu %llu %llu\n", name, (unsigned long long)v[0],
	       (unsigned long long)v[repeats / 2],
	       (unsigned long long)irqs[repeats / 2]);
}

/* schedbench cpu [iterations [repeats [short-slice-us]]] */
static int cpu_main(int argc, char *argv[])
{
	unsigned int repeats = 5;
	unsigned long short_us = 1000;

	if (argc > 2)
		cpu_iterations = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		repeats = (unsigned int)strtoul(argv[3], NULL, 10);
	if (argc > 4)
		short_us = strtoul(argv[4], NULL, 10);
	if (cpu_iterations == 0 || repeats == 0 || repeats > REPEATS_MAX) {
		fprintf(stderr,
			"usage: schedbench cpu [iterations > 0 [repeats 1-%d "
			"[short-slice-us]]]\n",
			REPEATS_MAX);
		return 2;
	}
	report_cpu("cpu_one", time_cpu_one, repeats);
	report_cpu("cpu_two", time_cpu_two, repeats);
#ifdef CONFIG_TESS_SCHED_PREEMPT
	printf("slice_us %llu\n",
	       (unsigned long long)(tess_sched_preempt_slice_get() / 1000));
	if (tess_sched_preempt_slice_set(short_us * 1000ULL)) {
		fprintf(stderr, "schedbench: slice of %lu us refused\n",
			short_us);
		return 2;
	}
	printf("short_slice_us %lu\n", short_us);
	report_cpu("cpu_two_short", time_cpu_two, repeats);
#else
	(void)short_us;
#endif
	return 0;
}

int main(int argc, char *argv[])
{
	unsigned int repeats = 11;

	if (argc > 1 && strcmp(argv[1], "cpu") == 0)
		return cpu_main(argc, argv);
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
