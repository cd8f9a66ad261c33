/* SPDX-License-Identifier: BSD-3-Clause */
/* /dev/null, /dev/zero and /dev/full (Linux's memory devices, major 1). */
#include <errno.h>
#include <string.h>

#include "devfs_impl.h"

static long nothing_read(void *priv, const struct tess_iovec *iov, int count,
			 uint64_t offset, bool nonblock)
{
	(void)priv, (void)iov, (void)count, (void)offset, (void)nonblock;
	return 0;
}

static long zeros_read(void *priv, const struct tess_iovec *iov, int count,
		       uint64_t offset, bool nonblock)
{
	long total = devfs_iov_len(iov, count), left = total;

	(void)priv, (void)offset, (void)nonblock;
	for (int i = 0; i < count && left; i++) {
		size_t n = TESS_MIN(iov[i].len, (size_t)left);

		memset(iov[i].base, 0, n);
		left -= (long)n;
	}
	return total;
}

static long swallow_write(void *priv, const struct tess_iovec *iov, int count,
			  uint64_t offset, bool nonblock)
{
	(void)priv, (void)offset, (void)nonblock;
	return devfs_iov_len(iov, count);
}

static long full_write(void *priv, const struct tess_iovec *iov, int count,
		       uint64_t offset, bool nonblock)
{
	(void)priv, (void)offset, (void)nonblock;
	return devfs_iov_len(iov, count) ? -ENOSPC : 0;
}

static const struct devfs_driver null_driver = {
	.read = nothing_read,
	.write = swallow_write,
};
static const struct devfs_driver zero_driver = {
	.read = zeros_read,
	.write = swallow_write,
};
static const struct devfs_driver full_driver = {
	.read = zeros_read,
	.write = full_write,
};

static const struct devfs_device mem_devices[] = {
	{"null", TESS_S_IFCHR | 0666, DEVFS_RDEV(1, 3), &null_driver, NULL},
	{"zero", TESS_S_IFCHR | 0666, DEVFS_RDEV(1, 5), &zero_driver, NULL},
	{"full", TESS_S_IFCHR | 0666, DEVFS_RDEV(1, 7), &full_driver, NULL},
};

DEVFS_PROVIDER(mem, .table = mem_devices,
	       .table_len = TESS_ARRAY_SIZE(mem_devices));
