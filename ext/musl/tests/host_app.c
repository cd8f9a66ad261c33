/* SPDX-License-Identifier: BSD-3-Clause */
/* Runs musl (patched for Tessera) on the Linux host and checks that its system calls went through tess_syscall_table. */
#define _GNU_SOURCE
#include "host_shim.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
	printf("%s - musl on the host: %s\n", ok ? "ok" : "not ok", what);
	if (!ok)
		failures++;
}

static int compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void check_stdio_and_strings(void)
{
	char buf[64];
	unsigned long writes;
	int v[] = {5, 3, 9, 1};

	snprintf(buf, sizeof buf, "%d %s %.3f %#x", -42, "str", 3.14159, 255);
	check(strcmp(buf, "-42 str 3.142 0xff") == 0,
	      "snprintf formats integers, strings, floats");
	qsort(v, 4, sizeof v[0], compare_ints);
	check(v[0] == 1 && v[3] == 9 && strtol("-0x1f", NULL, 16) == -31 &&
		      strlen(buf) == 18 && memcmp(buf, "-42", 3) == 0,
	      "qsort, strtol, strlen, memcmp");
	writes = shim_calls[SYS_write] + shim_calls[SYS_writev];
	printf("a line through stdout\n");
	fflush(stdout);
	check(shim_calls[SYS_write] + shim_calls[SYS_writev] > writes,
	      "printf + fflush reach write/writev through the table");
}

static void check_malloc(void)
{
	unsigned long before = shim_calls[SYS_brk] + shim_calls[SYS_mmap];
	char *blocks[200];
	char *big;
	int good = 1;

	for (int i = 0; i < 200; i++) {
		blocks[i] = malloc(16 + i * 37);
		if (!blocks[i])
			good = 0;
		else
			memset(blocks[i], i, 16 + i * 37);
	}
	big = malloc(4 << 20);
	if (big)
		memset(big, 0x5a, 4 << 20);
	for (int i = 0; i < 200 && good; i++)
		good = blocks[i][i * 37 + 15] == (char)i;
	check(good && big && big[(4 << 20) - 1] == 0x5a,
	      "malloc of 200 small blocks and 4 MiB");
	check(shim_calls[SYS_brk] + shim_calls[SYS_mmap] > before,
	      "malloc gets memory through brk/mmap table entries");
	for (int i = 0; i < 200; i++)
		free(blocks[i]);
	free(big);
}

static void check_time(void)
{
	struct timespec t0, t1, pause = {0, 20 * 1000 * 1000};
	unsigned long gets = shim_calls[SYS_clock_gettime];
	long elapsed;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	nanosleep(&pause, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	elapsed = (t1.tv_sec - t0.tv_sec) * 1000000000L +
		  (t1.tv_nsec - t0.tv_nsec);
	check(elapsed >= 20000000L && elapsed < 2000000000L,
	      "nanosleep 20 ms measured by clock_gettime");
	check(shim_calls[SYS_clock_gettime] == gets + 2,
	      "clock_gettime takes the table, never a vDSO (2 calls, 2 table "
	      "entries)");
	check(time(NULL) > 1600000000L, "time() is a plausible wall clock");
}

static void check_errors(void)
{
	unsigned long missing = shim_missing_calls;
	long r;

	errno = 0;
	check(open("/nonexistent/file", O_RDONLY) == -1 && errno == ENOENT,
	      "a failing open sets errno from the table's negative return");
	check(shim_missing_calls == missing,
	      "every call so far had a table entry");
	r = syscall(400);
	check(r == -1 && errno == ENOSYS && shim_missing_last == 400 &&
		      shim_missing_calls == missing + 1,
	      "an empty slot returns -ENOSYS through tess_syscall_missing");
	r = syscall(100000);
	check(r == -1 && errno == ENOSYS && shim_missing_last == 100000 &&
		      shim_missing_calls == missing + 2,
	      "a number beyond TESS_SYSCALL_MAX goes to tess_syscall_missing");
	r = syscall(-1);
	check(r == -1 && errno == ENOSYS && shim_missing_last == -1,
	      "a negative number goes to tess_syscall_missing");
}

static volatile int handled;

static void on_usr1(int sig)
{
	handled = sig;
}

static void check_signal(void)
{
	volatile long canary = 0x1234567890L;
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	check(handled == SIGUSR1 && canary == 0x1234567890L &&
		      shim_calls[SYS_rt_sigreturn] == 1,
	      "a signal handler returns through __restore_rt and table entry "
	      "rt_sigreturn");
}

static void *add_up(void *arg)
{
	long sum = 0;

	for (long i = 1; i <= (long)arg; i++)
		sum += i;
	return (void *)sum;
}

static volatile int go;

static void *wait_then_read(void *arg)
{
	int *fds = arg;
	char c;

	while (!go)
		sched_yield();
	read(fds[0], &c, 1); /* a cancellation point: the thread ends here */
	return NULL;
}

static volatile int detached_ran;

static void *detached(void *arg)
{
	detached_ran = 1;
	return arg;
}

static void check_threads(void)
{
	pthread_t t;
	pthread_attr_t attr;
	void *result;
	int fds[2];
	unsigned long munmaps;

	check(pthread_create(&t, NULL, add_up, (void *)100L) == 0 &&
		      pthread_join(t, &result) == 0 && (long)result == 5050 &&
		      shim_clone_calls == 1,
	      "pthread_create runs a thread through tess_clone, pthread_join "
	      "gets its result");

	pipe(fds);
	pthread_create(&t, NULL, wait_then_read, fds);
	pthread_cancel(t);
	go = 1;
	check(pthread_join(t, &result) == 0 && result == PTHREAD_CANCELED,
	      "a cancelled thread ends at its next cancellation point "
	      "(__syscall_cp_asm)");

	/* Through __syscall_cp_asm too (pthread_cancel is linked): a
	 * six-argument call keeps every argument in place. */
	{
		int pair[2];
		struct sockaddr_storage to;
		char msg[] = "hello";
		ssize_t n;

		socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
		memset(&to, 0, sizeof to);
		n = sendto(pair[0], msg, 5, MSG_DONTWAIT,
			   (struct sockaddr *)&to, 110);
		check(n == -1 && errno == EISCONN &&
			      shim_last_args[SYS_sendto][0] == pair[0] &&
			      shim_last_args[SYS_sendto][1] == (long)msg &&
			      shim_last_args[SYS_sendto][2] == 5 &&
			      shim_last_args[SYS_sendto][3] == MSG_DONTWAIT &&
			      shim_last_args[SYS_sendto][4] == (long)&to &&
			      shim_last_args[SYS_sendto][5] == 110,
		      "a cancellable six-argument call passes all six "
		      "arguments");
		n = write(pair[0], msg, 5);
		check(n == 5 && read(pair[1], msg, 5) == 5 &&
			      memcmp(msg, "hello", 5) == 0,
		      "cancellable read/write move data");
	}

	munmaps = shim_calls[SYS_munmap];
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &attr, detached, NULL);
	for (int i = 0; i < 2000 && shim_calls[SYS_munmap] == munmaps; i++)
		usleep(1000);
	check(detached_ran && shim_calls[SYS_munmap] > munmaps,
	      "a detached thread frees its own stack (__unmapself) and exits");
}

int main(void)
{
	unsigned long startup = 0;

	for (int i = 0; i < TESS_SYSCALL_MAX; i++)
		startup += shim_calls[i];
	check(startup > 0 && shim_calls[SYS_arch_prctl] == 1,
	      "startup set the thread pointer with arch_prctl through the "
	      "table");
	check_stdio_and_strings();
	check_malloc();
	check_time();
	check_errors();
	check_signal();
	check_threads();
	fflush(stdout);
	return failures ? 1 : 0;
}
