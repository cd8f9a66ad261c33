/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An ordinary Linux program that uses only libc (built on the host with
 * musl as a static PIE): prints its arguments, uses malloc, the clocks,
 * getpid, uname, a thread (clone from its own syscall instruction, futex
 * join) and stderr, and exits with status 7. apps/linuxbin runs it
 * unmodified inside an image (tests/integration/linuxbin.sh).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define BLOCK_BYTES (100 * 1024)

static int check_malloc(void)
{
	unsigned char *block = malloc(BLOCK_BYTES);
	unsigned long sum = 0;

	if (!block)
		return -1;
	for (size_t i = 0; i < BLOCK_BYTES; i++)
		block[i] = (unsigned char)i;
	for (size_t i = 0; i < BLOCK_BYTES; i++)
		sum += block[i];
	free(block);
	/* 400 runs of 0..255. */
	return sum == 400UL * (255 * 256 / 2) ? 0 : -1;
}

static __thread int per_thread = 1;

static void *thread_main(void *arg)
{
	long sum = 0;

	for (long i = 1; i <= (long)arg; i++)
		sum += i;
	per_thread = 2;
	return (void *)sum;
}

/* A thread from the program's own clone and futex calls. */
static int check_thread(void)
{
	pthread_t t;
	void *sum = NULL;

	if (pthread_create(&t, NULL, thread_main, (void *)1000L) != 0 ||
	    pthread_join(t, &sum) != 0)
		return -1;
	/* The thread had its own copy of per_thread. */
	return (long)sum == 500500 && per_thread == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct timespec mono_a, mono_b, wall;
	struct utsname uts;

	printf("hello_static: argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("hello_static: argv[%d]=%s\n", i, argv[i]);
	if (check_malloc() != 0) {
		fprintf(stderr, "hello_static: malloc of %d bytes failed\n",
			BLOCK_BYTES);
		return 1;
	}
	printf("hello_static: malloc %d bytes ok\n", BLOCK_BYTES);
	if (clock_gettime(CLOCK_MONOTONIC, &mono_a) != 0 ||
	    clock_gettime(CLOCK_MONOTONIC, &mono_b) != 0 ||
	    clock_gettime(CLOCK_REALTIME, &wall) != 0) {
		perror("hello_static: clock_gettime");
		return 1;
	}
	printf("hello_static: monotonic %s, wall clock after 2020 %s\n",
	       (mono_b.tv_sec > mono_a.tv_sec ||
		(mono_b.tv_sec == mono_a.tv_sec && mono_b.tv_nsec >= mono_a.tv_nsec))
		       ? "ok" : "BACKWARDS",
	       wall.tv_sec > 1577836800 ? "yes" : "no");
	/* Who answers: Linux natively, Tessera's POSIX layers in an image. */
	if (uname(&uts) != 0) {
		perror("hello_static: uname");
		return 1;
	}
	printf("hello_static: pid %d, system %s\n", (int)getpid(), uts.sysname);
	if (check_thread() != 0) {
		fprintf(stderr, "hello_static: thread create/join failed\n");
		return 1;
	}
	printf("hello_static: thread joined\n");
	fflush(stdout);
	fprintf(stderr, "hello_static: stderr works\n");
	printf("hello_static: exiting with 7\n");
	return 7;
}
