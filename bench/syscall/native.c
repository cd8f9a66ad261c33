/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/syscall's host side: ns per getpid and clock_gettime on native
 * Linux, as raw system calls (the kernel entry and exit, mitigations
 * included) and, for clock_gettime, through the vDSO as glibc does.
 * Prints "name min median", min/median over repeats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#define MEASURE(name, expr)                                                  \
	do {                                                                 \
		double t[101];                                               \
		for (int r = 0; r < repeats; r++) {                          \
			double start = now_ns();                             \
			for (long i = 0; i < calls; i++)                     \
				expr;                                        \
			t[r] = (now_ns() - start) / (double)calls;           \
		}                                                            \
		qsort(t, (size_t)repeats, sizeof(t[0]), compare);            \
		printf("%s %.2f %.2f\n", name, t[0], t[repeats / 2]);        \
	} while (0)

int main(int argc, char *argv[])
{
	long calls = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	int repeats = argc > 2 ? atoi(argv[2]) : 11;
	struct timespec ts;

	if (calls <= 0 || repeats <= 0 || repeats > 101)
		return fprintf(stderr, "usage: native [calls [repeats 1-101]]\n"), 2;
	MEASURE("getpid_native", syscall(SYS_getpid));
	MEASURE("clock_gettime_native_syscall", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
	MEASURE("clock_gettime_native_vdso", clock_gettime(CLOCK_MONOTONIC, &ts));
	return 0;
}
