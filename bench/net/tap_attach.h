/* SPDX-License-Identifier: BSD-3-Clause */
/* bench/net's native peers: attach to an existing tap (frames without
 * any header), as a plain process would. Returns the fd, or -1 (said). */
#ifndef TESS_BENCH_NET_TAP_ATTACH_H
#define TESS_BENCH_NET_TAP_ATTACH_H

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int tap_attach(const char *who, const char *ifname)
{
	struct ifreq ifr = {0};
	int fd = open("/dev/net/tun", O_RDWR);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "%s: attach to tap %s: ", who, ifname);
		perror(NULL);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

#endif /* TESS_BENCH_NET_TAP_ATTACH_H */
