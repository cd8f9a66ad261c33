/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ticker: prints "tick N" every INTERVAL milliseconds, COUNT times (0: until
 * stopped), then "ticker: done". A guest that keeps running, for `tess run
 * --detach`, `tess ps`, `tess logs` and `tess stop`.
 *
 * usage: ticker [COUNT [INTERVAL_MS]]   (defaults: 0, 1000)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <tess/sched.h>

#define INTERVAL_MAX_MS 3600000UL

/* A whole decimal number up to max, or -1. */
static long number(const char *text, unsigned long max)
{
	char *end;
	unsigned long value;

	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || value > max)
		return -1;
	return (long)value;
}

int main(int argc, char *argv[])
{
	long count = 0, interval = 1000;

	if (argc > 3 ||
	    (argc > 1 && (count = number(argv[1], 1000000000UL)) < 0) ||
	    (argc > 2 && (interval = number(argv[2], INTERVAL_MAX_MS)) < 1)) {
		fprintf(stderr,
			"usage: ticker [COUNT [INTERVAL_MS]]: COUNT "
			"0-1000000000 (0: forever), INTERVAL_MS 1-%lu\n",
			INTERVAL_MAX_MS);
		return 2;
	}
	for (long i = 1; count == 0 || i <= count; i++) {
		printf("tick %ld\n", i);
		fflush(stdout);
		tess_sched_sleep_ns((uint64_t)interval * 1000000ULL);
	}
	printf("ticker: done\n");
	return 0;
}
