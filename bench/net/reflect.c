/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/net's native peer of apps/l2reflect: a Linux process that
 * attaches to an existing tap and sends every frame it reads back out,
 * MAC addresses swapped, until SIGTERM; then prints how many.
 * usage: reflect IFNAME
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap_attach.h"

static volatile sig_atomic_t stopping;

static void stop(int sig)
{
	(void)sig;
	stopping = 1;
}

int main(int argc, char *argv[])
{
	unsigned char f[65536], mac[6];
	unsigned long long frames = 0;
	struct sigaction sa = {.sa_handler = stop};
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: reflect IFNAME\n");
		return 64;
	}
	fd = tap_attach("reflect", argv[1]);
	if (fd < 0)
		return 1;
	sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: read ends */
	printf("reflect: reflecting\n");
	fflush(stdout);
	while (!stopping) {
		ssize_t n = read(fd, f, sizeof(f));

		if (n < 14)
			continue;
		memcpy(mac, f, 6);
		memcpy(f, f + 6, 6);
		memcpy(f + 6, mac, 6);
		if (write(fd, f, (size_t)n) == n)
			frames++;
	}
	printf("reflect: %llu frames reflected\n", frames);
	return 0;
}
