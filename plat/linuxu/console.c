/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu console: the process's stdout and stderr. */
#include <errno.h>
#include <tess/plat/console.h>

#include "linuxu.h"

static long write_all(int fd, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		long n = linuxu_syscall(SYS_write, fd, buf + done, len - done);

		if (n == -LINUX_EINTR)
			continue;
		if (n < 0)
			return done ? (long)done : n;
		done += (size_t)n;
	}
	return (long)done;
}

long tess_plat_console_write(const char *buf, size_t len)
{
	return write_all(1, buf, len);
}

long tess_plat_console_write_err(const char *buf, size_t len)
{
	return write_all(2, buf, len);
}

#define LINUX_TIOCGWINSZ 0x5413

int tess_plat_console_tty(enum tess_plat_console_stream stream,
			  unsigned short *rows, unsigned short *cols)
{
	unsigned short ws[4] = {0, 0, 0, 0}; /* rows, cols, x, y pixels */

	if (linuxu_syscall(SYS_ioctl, (long)stream, LINUX_TIOCGWINSZ,
			   (long)ws) < 0)
		return 0;
	*rows = ws[0];
	*cols = ws[1];
	return 1;
}
