/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/blk's native peer: the same synchronous requests apps/blkcheck's
 * bench makes, as a Linux process's pread/pwrite on the same file (the
 * host's page cache, as the monitor's backend has it). Prints "KIND MIN
 * MEDIAN" in ns per request.
 * usage: native FILE KIND OPS REPEATS
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static uint64_t mix(uint64_t seed, uint64_t index)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + index;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char *argv[])
{
	static char buf[1 << 20];
	uint64_t times[64], ops, repeats, sectors, at = 0, state = 1;
	int random, write_, fd;
	uint32_t count;
	struct stat st;

	if (argc != 5) {
		fprintf(stderr, "usage: native FILE KIND OPS REPEATS\n");
		return 64;
	}
	random = strcmp(argv[2], "randread4k") == 0;
	write_ = strcmp(argv[2], "seqwrite1m") == 0;
	count = random ? 8 : (1 << 20) / 512;
	ops = strtoull(argv[3], NULL, 10);
	repeats = strtoull(argv[4], NULL, 10);
	fd = open(argv[1], O_RDWR);
	if (ops == 0 || repeats == 0 || repeats > 64) {
		fprintf(stderr, "native: OPS > 0, REPEATS 1..64\n");
		return 64;
	}
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(argv[1]);
		return 1;
	}
	sectors = (uint64_t)st.st_size / 512;
	for (uint64_t r = 0; r < repeats; r++) {
		uint64_t start = now_ns();

		for (uint64_t i = 0; i < ops; i++) {
			ssize_t n;

			if (random) {
				state = mix(state, i);
				at = (state % (sectors / count)) * count;
			} else if (at + count > sectors) {
				at = 0;
			}
			n = write_ ? pwrite(fd, buf, count * 512, (off_t)(at * 512))
				   : pread(fd, buf, count * 512, (off_t)(at * 512));
			if (n != (ssize_t)count * 512) {
				perror("native: I/O");
				return 1;
			}
			if (!random)
				at += count;
		}
		times[r] = (now_ns() - start) / ops;
	}
	qsort(times, repeats, sizeof(times[0]), cmp);
	printf("%s %llu %llu\n", argv[2], (unsigned long long)times[0],
	       (unsigned long long)times[repeats / 2]);
	return 0;
}
