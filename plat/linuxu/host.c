/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu host calls and descriptor interrupts for device drivers. */
#include <errno.h>
#include <tess/linuxu_host.h>

#include "../common/irq_soft.h"
#include "linuxu.h"

#define F_SETOWN  8
#define F_SETSIG  10
#define F_GETFL	  3
#define F_SETFL	  4
#define O_ASYNC	  020000
/* A host signal per device line (LINUXU_LINE_SIGNAL), never merged with
 * the timer's or the host's. */
#define LINE_SIGNAL(line) LINUXU_LINE_SIGNAL(line)

long tess_linuxu_host_call(long nr, long a, long b, long c, long d, long e,
			   long f)
{
	return linuxu_syscall6(nr, a, b, c, d, e, f);
}

static void line_signal(int sig)
{
	for (unsigned int line = TESS_IRQ_DEVICE_FIRST; line < TESS_IRQ_COUNT;
	     line++)
		if (LINE_SIGNAL(line) == sig)
			linuxu_irq_raise(line);
}

int tess_linuxu_fd_irq(int fd, enum tess_irq line)
{
	long flags, err;

	if (line < TESS_IRQ_DEVICE_FIRST || line >= TESS_IRQ_COUNT)
		return -EINVAL;
	err = linuxu_sigaction(LINE_SIGNAL(line), line_signal,
			       LINUX_SA_RESTART);
	if (err)
		return (int)err;
	flags = linuxu_syscall(SYS_fcntl, fd, F_GETFL, 0);
	if (flags < 0)
		return (int)flags;
	err = linuxu_syscall(SYS_fcntl, fd, F_SETSIG, LINE_SIGNAL(line));
	if (!err)
		err = linuxu_syscall(SYS_fcntl, fd, F_SETOWN,
				     linuxu_syscall(SYS_getpid, 0, 0, 0));
	if (!err)
		err = linuxu_syscall(SYS_fcntl, fd, F_SETFL, flags | O_ASYNC);
	return (int)err;
}
