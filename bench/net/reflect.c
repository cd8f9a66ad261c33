/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/net's native peer of apps/l2reflect: a Linux process that
 * attaches to an existing tap and sends every frame it reads back out,
 * MAC addresses swapped, until SIGTERM; then prints how many.
 * usage: reflect IFNAME
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void stop(int sig)
{
	(void)sig;
	stopping = 1;
}

int main(int argc, char *argv[])
{
	struct ifreq ifr = {0};
	unsigned char f[65536], mac[6];
	unsigned long long frames = 0;
	struct sigaction sa = {.sa_handler = stop};
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: reflect IFNAME\n");
		return 64;
	}
	fd = open("/dev/net/tun", O_RDWR);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("reflect: attach to the tap");
		return 1;
	}
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
