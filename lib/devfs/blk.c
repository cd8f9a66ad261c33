/* SPDX-License-Identifier: BSD-3-Clause */
/* Block device nodes: every disk of lib/blkdev, read and written at any
 * byte offset through its synchronous calls and a bounce buffer. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/blkdev.h>
#include <tess/lock.h>

#include "devfs_impl.h"

/* Linux's major for block devices numbered on the fly (BLOCK_EXT_MAJOR);
 * the minor is the device's index in lib/blkdev. */
#define BLK_MAJOR 259
/* One round of I/O: a multiple of every sector size (at most 64 KiB). */
#define BOUNCE_BYTES 65536u

/* Serialises devfs's block I/O, so that the read-modify-write of an
 * unaligned write is never interleaved with another write of the same
 * sectors. Taken by every read and write below. */
static struct tess_lock_mutex blk_lock = TESS_LOCK_MUTEX_INIT(blk_lock);

/* Walks an iovec array, copying to or from it. */
struct iov_cursor {
	const struct tess_iovec *iov;
	int count;
	int i;
	size_t at;
};

static void iov_copy(struct iov_cursor *c, char *buf, size_t n, bool to_iov)
{
	while (n && c->i < c->count) {
		const struct tess_iovec *v = &c->iov[c->i];
		size_t k = TESS_MIN(n, v->len - c->at);

		if (to_iov)
			memcpy((char *)v->base + c->at, buf, k);
		else
			memcpy(buf, (char *)v->base + c->at, k);
		buf += k;
		n -= k;
		c->at += k;
		if (c->at == v->len) {
			c->i++;
			c->at = 0;
		}
	}
}

/* The sectors of one round: read (all of them, or for a write only the
 * partly written first and last), the bytes copied, written back. */
static int blk_round(struct tess_blkdev *d, uint32_t ss, uint64_t pos, size_t n,
		     char *buf, struct iov_cursor *c, bool write)
{
	uint64_t first = pos / ss;
	size_t skip = (size_t)(pos % ss);
	uint32_t sectors = (uint32_t)((skip + n + ss - 1) / ss);
	size_t tail = (skip + n) % ss;
	int err = 0;

	if (!write) {
		err = tess_blkdev_read(d, first, sectors, buf);
		if (!err)
			iov_copy(c, buf + skip, n, true);
		return err;
	}
	if (skip)
		err = tess_blkdev_read(d, first, 1, buf);
	if (!err && tail && (sectors > 1 || !skip))
		err = tess_blkdev_read(d, first + sectors - 1, 1,
				       buf + (size_t)(sectors - 1) * ss);
	if (err)
		return err;
	iov_copy(c, buf + skip, n, false);
	return tess_blkdev_write(d, first, sectors, buf);
}

static long blk_rw(struct tess_blkdev *d, const struct tess_iovec *iov,
		   int count, uint64_t offset, bool write)
{
	const struct tess_blkdev_info *info = tess_blkdev_info(d);
	uint64_t capacity = info->sectors * info->sector_size;
	struct iov_cursor c = {iov, count, 0, 0};
	uint64_t len = (uint64_t)devfs_iov_len(iov, count), done = 0;
	int err = 0;
	char *buf;

	if (write && info->read_only)
		return -EROFS;
	if (len == 0)
		return 0;
	if (offset >= capacity)
		return write ? -ENOSPC : 0; /* Linux's answers at the end */
	len = TESS_MIN(len, capacity - offset);
	buf = tess_malloc(tess_alloc_default(), BOUNCE_BYTES);
	if (!buf)
		return -ENOMEM;
	tess_lock_mutex_lock(&blk_lock);
	while (done < len && !err) {
		uint64_t pos = offset + done;
		size_t n = (size_t)TESS_MIN(len - done,
					    BOUNCE_BYTES - pos % BOUNCE_BYTES);

		err = blk_round(d, info->sector_size, pos, n, buf, &c, write);
		if (!err)
			done += n;
	}
	tess_lock_mutex_unlock(&blk_lock);
	tess_free(tess_alloc_default(), buf);
	return done ? (long)done : err;
}

static long blk_read(void *priv, const struct tess_iovec *iov, int count,
		     uint64_t offset, bool nonblock)
{
	(void)nonblock;
	return blk_rw(priv, iov, count, offset, false);
}

static long blk_write(void *priv, const struct tess_iovec *iov, int count,
		      uint64_t offset, bool nonblock)
{
	(void)nonblock;
	return blk_rw(priv, iov, count, offset, true);
}

static int blk_fsync(void *priv)
{
	return tess_blkdev_flush(priv);
}

static uint64_t blk_size(void *priv)
{
	const struct tess_blkdev_info *info = tess_blkdev_info(priv);

	return info->sectors * info->sector_size;
}

/* Linux's <linux/fs.h> requests that tools such as mkfs ask. */
#define BLKGETSIZE   0x1260	/* unsigned long: 512-byte sectors */
#define BLKSSZGET    0x1268	/* int: the sector size */
#define BLKGETSIZE64 0x80081272 /* uint64_t: bytes */

static long blk_ioctl(void *priv, unsigned long request, unsigned long arg)
{
	const struct tess_blkdev_info *info = tess_blkdev_info(priv);

	if (request != BLKGETSIZE && request != BLKSSZGET &&
	    request != BLKGETSIZE64)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	if (request == BLKGETSIZE)
		*(unsigned long *)arg = blk_size(priv) / 512;
	else if (request == BLKSSZGET)
		*(int *)arg = (int)info->sector_size;
	else
		*(uint64_t *)arg = blk_size(priv);
	return 0;
}

static const struct devfs_driver blk_driver = {
	.read = blk_read,
	.write = blk_write,
	.ioctl = blk_ioctl,
	.fsync = blk_fsync,
	.size = blk_size,
};

static unsigned blk_count(void)
{
	return tess_blkdev_count();
}

static int blk_get(unsigned i, struct devfs_device *out)
{
	struct tess_blkdev *d = tess_blkdev_get(i);
	const struct tess_blkdev_info *info = d ? tess_blkdev_info(d) : NULL;

	if (!info || strlen(info->name) > DEVFS_NAME_MAX)
		return -ENODEV;
	memset(out, 0, sizeof(*out));
	memcpy(out->name, info->name, strlen(info->name));
	out->mode = TESS_S_IFBLK | (info->read_only ? 0440 : 0660);
	out->rdev = DEVFS_RDEV(BLK_MAJOR, i);
	out->driver = &blk_driver;
	out->priv = d;
	return 0;
}

DEVFS_PROVIDER(blk, .count = blk_count, .get = blk_get);
