/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu's way out to the host for its device drivers: a linuxu image is
 * a process, and its disks and network devices are host file descriptors
 * (a file, a tap) that tess run opened, checked and locked, and passed
 * on (the drivers in drivers/linuxu). Only linuxu images have this
 * header.
 */
#ifndef TESS_LINUXU_HOST_H
#define TESS_LINUXU_HOST_H

#include <tess/plat/irq.h>

/* A raw host system call: the kernel's result, -errno on failure. */
long tess_linuxu_host_call(long nr, long a, long b, long c, long d, long e,
			   long f);

/* Raises line each time host descriptor fd becomes readable (SIGIO with
 * F_SETSIG, O_ASYNC): a driver's interrupt. line must be a device line.
 * Returns 0 or -errno. */
int tess_linuxu_fd_irq(int fd, enum tess_irq line);

#endif /* TESS_LINUXU_HOST_H */
