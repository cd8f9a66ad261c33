/* SPDX-License-Identifier: BSD-3-Clause */
/* /dev/random and /dev/urandom: lib/random's generator (which is seeded
 * before any file system is mounted, so neither ever blocks). */
#include <tess/random.h>

#include "devfs_impl.h"

static long random_read(void *priv, const struct tess_iovec *iov, int count,
			uint64_t offset, bool nonblock)
{
	long total = devfs_iov_len(iov, count), left = total;

	(void)priv, (void)offset, (void)nonblock;
	for (int i = 0; i < count && left; i++) {
		size_t n = TESS_MIN(iov[i].len, (size_t)left);

		tess_random_bytes(iov[i].base, n);
		left -= (long)n;
	}
	return total;
}

/* Linux mixes written bytes into its pool without crediting entropy;
 * a ChaCha20 generator seeded from the platform has no use for them. */
static long random_write(void *priv, const struct tess_iovec *iov, int count,
			 uint64_t offset, bool nonblock)
{
	(void)priv, (void)offset, (void)nonblock;
	return devfs_iov_len(iov, count);
}

static const struct devfs_driver random_driver = {
	.read = random_read,
	.write = random_write,
};

static const struct devfs_device random_devices[] = {
	{"random", TESS_S_IFCHR | 0666, DEVFS_RDEV(1, 8), &random_driver, NULL},
	{"urandom", TESS_S_IFCHR | 0666, DEVFS_RDEV(1, 9), &random_driver,
	 NULL},
};

DEVFS_PROVIDER(random, .table = random_devices,
	       .table_len = TESS_ARRAY_SIZE(random_devices));
