/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/syscall's guest side: ns per call of getpid and clock_gettime as a
 * plain function call, through the direct symbol, through the table (what
 * a libc built for Tessera does) and, on kvm, through the trapped
 * `syscall` instruction (what an unmodified Linux binary does). Prints
 * "name min median" lines, min/median over repeats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <tess/plat/time.h>
#include <tess/posix-process.h>
#include <tess/posix-time.h>
#include <tess/syscall.h>
#ifdef CONFIG_TESS_EXT_MUSL
#include <time.h>
#include <unistd.h>
#endif

#define REPEATS_MAX 101

/* The floor: a call the compiler cannot remove or inline. */
static __attribute__((noipa)) long plain_function(void)
{
	__asm__ __volatile__("" ::: "memory");
	return 1;
}

static long trapped(long nr, long a, long b)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b)
			     : "rcx", "r11", "rdx", "memory");
	return ret;
}

enum path { FUNCTION, DIRECT_GETPID, TABLE_GETPID, TRAPPED_GETPID,
	    LIBC_GETPID, DIRECT_CLOCK, TABLE_CLOCK, TRAPPED_CLOCK, LIBC_CLOCK };

static long once(enum path p)
{
	struct tess_timespec ts;

	switch (p) {
	case FUNCTION: return plain_function();
	case DIRECT_GETPID: return tess_sys_getpid();
	case TABLE_GETPID: return tess_syscall(TESS_SYS_getpid, 0, 0, 0, 0, 0, 0);
	case TRAPPED_GETPID: return trapped(TESS_SYS_getpid, 0, 0);
	case DIRECT_CLOCK: return tess_sys_clock_gettime(TESS_CLOCK_MONOTONIC, &ts);
	case TABLE_CLOCK:
		return tess_syscall(TESS_SYS_clock_gettime, TESS_CLOCK_MONOTONIC,
				    (long)&ts, 0, 0, 0, 0);
	case TRAPPED_CLOCK:
		return trapped(TESS_SYS_clock_gettime, TESS_CLOCK_MONOTONIC, (long)&ts);
#ifdef CONFIG_TESS_EXT_MUSL
	/* What an application calls: musl's wrappers, their system calls
	 * direct calls into Tessera (ext/musl patch 0008). */
	case LIBC_GETPID: return getpid();
	case LIBC_CLOCK: {
		struct timespec lts;

		return clock_gettime(CLOCK_MONOTONIC, &lts);
	}
#else
	case LIBC_GETPID:
	case LIBC_CLOCK:
		break;
#endif
	}
	return 0;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One switch per loop would dominate a 2 ns call: each path gets its own
 * loop through the always-inlined dispatcher, unrolled by the constant. */
static __attribute__((always_inline)) inline void
measure(const char *name, enum path p, long calls, int repeats)
{
	double t[REPEATS_MAX];

	for (int r = 0; r < repeats; r++) {
		uint64_t start = tess_plat_monotonic_ns();
		long sum = 0;

		for (long i = 0; i < calls; i++)
			sum += once(p);
		t[r] = (double)(tess_plat_monotonic_ns() - start) / (double)calls;
		if (sum != calls && p != DIRECT_CLOCK && p != TABLE_CLOCK &&
		    p != TRAPPED_CLOCK && p != LIBC_CLOCK) {
			printf("error: %s returned %ld over %ld calls\n", name, sum, calls);
			exit(1);
		}
	}
	qsort(t, (size_t)repeats, sizeof(t[0]), compare);
	printf("%s %.2f %.2f\n", name, t[0], t[repeats / 2]);
}

int main(int argc, char *argv[])
{
	long calls = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	int repeats = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 11;
	/* The trapped path costs ~1 us on kvm-pvm: fewer calls. */
	long trapped_calls = calls / 100 > 1000 ? calls / 100 : 1000;

	if (calls <= 0 || repeats <= 0 || repeats > REPEATS_MAX) {
		printf("usage: syscallbench [calls > 0 [repeats 1-%d]]\n", REPEATS_MAX);
		return 2;
	}
	measure("function_call", FUNCTION, calls, repeats);
	measure("getpid_direct", DIRECT_GETPID, calls, repeats);
	measure("getpid_table", TABLE_GETPID, calls, repeats);
	measure("clock_gettime_direct", DIRECT_CLOCK, calls, repeats);
	measure("clock_gettime_table", TABLE_CLOCK, calls, repeats);
#ifdef CONFIG_TESS_EXT_MUSL
	measure("getpid_musl", LIBC_GETPID, calls, repeats);
	measure("clock_gettime_musl", LIBC_CLOCK, calls, repeats);
#endif
#ifdef CONFIG_TESS_PLAT_KVM
	measure("getpid_trapped", TRAPPED_GETPID, trapped_calls, repeats);
	measure("clock_gettime_trapped", TRAPPED_CLOCK, trapped_calls, repeats);
#else
	(void)trapped_calls;
#endif
	return 0;
}
