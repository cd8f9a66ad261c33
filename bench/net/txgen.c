/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/net's native transmit peer: a Linux process writing COUNT frames
 * of SIZE bytes into an existing tap as fast as it can (what apps/l2reflect
 * --send does from a guest); prints frames per second.
 * usage: txgen IFNAME COUNT SIZE
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap_attach.h"

int main(int argc, char *argv[])
{
	unsigned char f[1514] = {2, 0xff, 0xff, 0xff, 0xff, 1, 2, 0, 0, 0, 0, 2,
				 0x88, 0xb5};
	unsigned long long count, sent = 0;
	struct timespec a, b;
	size_t size;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: txgen IFNAME COUNT SIZE\n");
		return 64;
	}
	count = strtoull(argv[2], NULL, 10);
	size = strtoul(argv[3], NULL, 10);
	if (size < 60 || size > sizeof(f))
		return 64;
	fd = tap_attach("txgen", argv[1]);
	if (fd < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	while (sent < count)
		if (write(fd, f, size) == (ssize_t)size)
			sent++;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("txgen: %llu frames fps %.0f\n", sent,
	       (double)sent / ((double)(b.tv_sec - a.tv_sec) +
			       (double)(b.tv_nsec - a.tv_nsec) / 1e9));
	return 0;
}
