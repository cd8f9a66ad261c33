/* SPDX-License-Identifier: BSD-3-Clause */
/* /dev/console and /dev/tty: the platform console, through lib/vfs's
 * console functions (input that blocks until it comes, output, the
 * terminal ioctls). */
#include <errno.h>
#include <tess/vfs_console.h>

#include "devfs_impl.h"

/* Which stream a node is: /dev/console and /dev/tty both read the
 * input and write the output stream. */
static long console_read(void *priv, const struct tess_iovec *iov, int count,
			 uint64_t offset, bool nonblock)
{
	(void)priv, (void)offset;
	return tess_vfs_console_read(iov, count, nonblock);
}

static long console_write(void *priv, const struct tess_iovec *iov, int count,
			  uint64_t offset, bool nonblock)
{
	(void)priv, (void)offset, (void)nonblock;
	return tess_vfs_console_write(TESS_PLAT_CONSOLE_OUT, iov, count);
}

static long console_ioctl(void *priv, unsigned long request, unsigned long arg)
{
	(void)priv;
	return tess_vfs_console_ioctl(TESS_PLAT_CONSOLE_OUT, request, arg);
}

static const struct devfs_driver console_driver = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
};

static const struct devfs_device tty_devices[] = {
	{"tty", TESS_S_IFCHR | 0666, DEVFS_RDEV(5, 0), &console_driver, NULL},
	{"console", TESS_S_IFCHR | 0600, DEVFS_RDEV(5, 1), &console_driver,
	 NULL},
};

DEVFS_PROVIDER(tty, .table = tty_devices,
	       .table_len = TESS_ARRAY_SIZE(tty_devices));
