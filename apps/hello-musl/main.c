/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hello-musl: an ordinary POSIX program on musl (ext/musl): stdio, malloc,
 * pthreads with a mutex and a condition variable, and time. Prints what it
 * did and exits 0 when every result is as expected. With the argument
 * "signals" it shows raise() reaching a handler, then abort() ending the
 * image as a Linux process killed by SIGABRT ends (status 134). With "tty"
 * it says which of its standard streams are terminals and whether stdout
 * is line-buffered, as the same program says on Linux. With "serve" it
 * works as a service does until SIGTERM or SIGINT (tess stop, ^C): a line
 * every 100 ms (buffered: a file or a pipe sees them at exit), then a last
 * line from after the signal's handler, and exit 0, flushing them all.
 * With "env" it prints its environment (tess run -e KEY=VALUE).
 */
#include <pthread.h>
#include <stdio_ext.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WORKERS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
static int finished;
static long total;

static volatile sig_atomic_t got_signal;

static void on_usr1(int sig)
{
	got_signal = sig;
}

static int signals_demo(void)
{
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	printf("raise(SIGUSR1): handler %s\n", got_signal == SIGUSR1 ? "ran" : "did NOT run");
	fflush(stdout);
	abort();
}

/* Whether stdout is line-buffered: lines written, then whether the last
 * is still waiting in its buffer (only a fully buffered stream keeps it;
 * musl decides at the first write, which it always flushes). */
static int tty_demo(void)
{
	printf("isatty: stdin %d, stdout %d, stderr %d\n", isatty(0), isatty(1),
	       isatty(2));
	printf("a second line\n");
	fprintf(stderr, "stdout is %s\n",
		__fpending(stdout) ? "fully buffered" : "line-buffered");
	return 0;
}

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static int serve_demo(void)
{
	struct sigaction sa = {.sa_handler = on_stop};
	struct timespec tick = {0, 100 * 1000 * 1000};
	unsigned long ticks = 0;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("serving until SIGTERM or SIGINT\n");
	while (!stop_signal) {
		printf("tick %lu\n", ++ticks);
		nanosleep(&tick, NULL); /* a signal ends it early: EINTR */
	}
	printf("stopped by signal %d after %lu ticks\n", (int)stop_signal,
	       ticks);
	return 0;
}

static void *worker(void *arg)
{
	long n = (long)arg, sum = 0;

	for (long i = 1; i <= 1000 * n; i++)
		sum += i;
	pthread_mutex_lock(&lock);
	total += sum;
	finished++;
	pthread_cond_signal(&all_done);
	pthread_mutex_unlock(&lock);
	return (void *)sum;
}

extern char **environ;

/* "env": the environment, one variable a line, as env(1) prints it. */
static int env_demo(void)
{
	for (char **e = environ; *e; e++)
		printf("%s\n", *e);
	return 0;
}

int main(int argc, char *argv[])
{
	pthread_t threads[WORKERS];
	struct timespec start, end, nap = { 0, 5000000 };
	long expected = 0, joined = 0;
	char *buf;
	int bad = 0;

	if (argc == 2 && strcmp(argv[1], "signals") == 0)
		return signals_demo();
	if (argc == 2 && strcmp(argv[1], "tty") == 0)
		return tty_demo();
	if (argc == 2 && strcmp(argv[1], "serve") == 0)
		return serve_demo();
	if (argc == 2 && strcmp(argv[1], "env") == 0)
		return env_demo();
	printf("Hello from musl on Tessera (pid %d, %d argument%s)\n",
	       (int)getpid(), argc - 1, argc == 2 ? "" : "s");
	for (int i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	buf = malloc(1 << 20);
	if (!buf) {
		printf("malloc of 1 MiB failed\n");
		return 1;
	}
	memset(buf, 'x', 1 << 20);
	snprintf(buf, 64, "%s %.3f %#x", "formatted", 3.14159, 255);
	printf("malloc: 1 MiB ok; snprintf: %s\n", buf);
	free(buf);

	clock_gettime(CLOCK_MONOTONIC, &start);
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &end);
	long slept_us = (end.tv_sec - start.tv_sec) * 1000000 +
			(end.tv_nsec - start.tv_nsec) / 1000;
	printf("nanosleep(5 ms) took %s\n", slept_us >= 5000 ? "at least 5 ms" : "too little");
	bad += slept_us < 5000;

	for (long i = 0; i < WORKERS; i++) {
		long n = 1000 * (i + 1);

		expected += n * (n + 1) / 2;
		if (pthread_create(&threads[i], NULL, worker, (void *)(i + 1))) {
			printf("pthread_create failed\n");
			return 1;
		}
	}
	pthread_mutex_lock(&lock);
	while (finished < WORKERS)
		pthread_cond_wait(&all_done, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < WORKERS; i++) {
		void *sum;

		pthread_join(threads[i], &sum);
		joined += (long)sum;
	}
	printf("%d threads: total %ld, joined %ld, expected %ld: %s\n", WORKERS,
	       total, joined, expected,
	       total == expected && joined == expected ? "ok" : "WRONG");
	bad += total != expected || joined != expected;
	return bad ? 1 : 0;
}
