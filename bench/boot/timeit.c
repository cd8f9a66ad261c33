/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Runs a command N times (fork + exec + wait) and prints the min and
 * median wall time of exec-to-exit in microseconds: "min median".
 * usage: timeit N COMMAND [ARGS...]; fails if any run exits with another
 * status than $TIMEIT_STATUS (default 0: QEMU's isa-debug-exit turns a
 * guest's 0 into 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char *argv[])
{
	int n = argc > 2 ? atoi(argv[1]) : 0;
	const char *want_text = getenv("TIMEIT_STATUS");
	int want = want_text ? atoi(want_text) : 0;
	double *t;

	if (n <= 0)
		return fprintf(stderr, "usage: timeit N COMMAND...\n"), 2;
	t = calloc((size_t)n, sizeof(*t));
	for (int i = 0; i < n; i++) {
		struct timespec a, b;
		int status;
		pid_t pid;

		clock_gettime(CLOCK_MONOTONIC, &a);
		pid = fork();
		if (pid == 0) {
			int devnull = open("/dev/null", O_WRONLY);

			dup2(devnull, 1);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		waitpid(pid, &status, 0);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != want) {
			fprintf(stderr, "timeit: %s failed (status %d)\n",
				argv[2], status);
			free(t);
			return 1;
		}
		t[i] = (double)(b.tv_sec - a.tv_sec) * 1e6 +
		       (double)(b.tv_nsec - a.tv_nsec) / 1e3;
	}
	qsort(t, (size_t)n, sizeof(*t), compare);
	printf("%.0f %.0f\n", t[0], t[n / 2]);
	free(t);
	return 0;
}
