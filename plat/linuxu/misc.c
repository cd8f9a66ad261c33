/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu process exit and entropy from the host kernel. */
#include <errno.h>
#include <tess/plat/irq.h>

#include "linuxu.h"

void tess_plat_exit(int status)
{
	for (;;)
		linuxu_syscall(SYS_exit_group, status & 0xff, 0, 0);
}

int tess_plat_entropy(void *buf, unsigned long len)
{
	unsigned char *p = buf;

	while (len > 0) {
		long n = linuxu_syscall(SYS_getrandom, p, len, 0);

		if (n == -LINUX_EINTR)
			continue;
		if (n < 0)
			return (int)n;
		p += n;
		len -= (unsigned long)n;
	}
	return 0;
}
