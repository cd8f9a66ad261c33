/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host peer of apps/schedbench: Linux thread switch through a futex
 * ping-pong and a pthread mutex + condvar ping-pong, both threads pinned
 * to one CPU (so each hand-over is a real context switch), printed as
 * "name min_ns median_ns" lines like schedbench. Host tool (glibc).
 * usage: pthread_pingpong [rounds [repeats]]
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static unsigned long rounds = 100000;
static int pin_cpu = -1;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void pin(void)
{
	cpu_set_t set;

	if (pin_cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(pin_cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* 0: main's turn, 1: the partner's. */
static volatile int futex_word;

static void futex_wait_while(int value)
{
	while (__atomic_load_n(&futex_word, __ATOMIC_ACQUIRE) == value)
		syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, value,
			NULL, NULL, 0);
}

static void futex_set_and_wake(int value)
{
	__atomic_store_n(&futex_word, value, __ATOMIC_RELEASE);
	syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *futex_partner(void *arg)
{
	(void)arg;
	pin();
	for (unsigned long i = 0; i < rounds; i++) {
		futex_wait_while(0);
		futex_set_and_wake(0);
	}
	return NULL;
}

/* ns per switch (a round trip is two). */
static uint64_t time_futex(void)
{
	pthread_t t;
	uint64_t start, took;

	futex_word = 0;
	pthread_create(&t, NULL, futex_partner, NULL);
	start = now_ns();
	for (unsigned long i = 0; i < rounds; i++) {
		futex_set_and_wake(1);
		futex_wait_while(1);
	}
	took = now_ns() - start;
	pthread_join(t, NULL);
	return rounds ? took / (2 * rounds) : 0;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static unsigned long turn;

static void *cond_partner(void *arg)
{
	(void)arg;
	pin();
	pthread_mutex_lock(&m);
	for (unsigned long i = 0; i < rounds; i++) {
		while ((turn & 1) == 0)
			pthread_cond_wait(&cv, &m);
		turn++;
		pthread_cond_signal(&cv);
	}
	pthread_mutex_unlock(&m);
	return NULL;
}

/* ns per round trip, as schedbench's condvar_pingpong. */
static uint64_t time_condvar(void)
{
	pthread_t t;
	uint64_t start, took;

	turn = 0;
	pthread_create(&t, NULL, cond_partner, NULL);
	start = now_ns();
	pthread_mutex_lock(&m);
	for (unsigned long i = 0; i < rounds; i++) {
		turn++;
		pthread_cond_signal(&cv);
		while (turn & 1)
			pthread_cond_wait(&cv, &m);
	}
	pthread_mutex_unlock(&m);
	took = now_ns() - start;
	pthread_join(t, NULL);
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
	uint64_t v[101] = { 0 };

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
	if (rounds == 0 || repeats == 0 || repeats > 101) {
		fprintf(stderr, "usage: pthread_pingpong [rounds [repeats 1-101]]\n");
		return 2;
	}
	pin_cpu = sched_getcpu();
	pin();
	report("switch", time_futex, repeats);
	report("condvar_pingpong", time_condvar, repeats);
	return 0;
}
