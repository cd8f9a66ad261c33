/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block devices: the interface between file systems (and applications)
 * and disk drivers (virtio-blk, a host file on linuxu, a RAM disk).
 *
 * Provides a list of registered devices with their geometry (sectors,
 * sector size, read-only), asynchronous read, write and flush requests
 * with completion callbacks (many in flight at once), synchronous
 * wrappers that block the calling thread, and statistics per device.
 * Drivers register through tess/blkdev_driver.h.
 *
 * Needs: lib/sched (the synchronous calls wait on its wait queues).
 *
 * Promises:
 * - A request is checked before it reaches the driver: a range beyond the
 *   device (overflow-safe) is -ERANGE, a write to a read-only device
 *   -EROFS, a NULL buffer, a zero count or an unknown operation -EINVAL.
 *   A refused request is never completed (submit says why instead).
 * - An accepted request completes exactly once, with 0 or a negative
 *   errno (-EIO: the device failed), its callback running in thread or
 *   interrupt context as the driver completes it: it must not block.
 * - A flush completes after every write that completed before it was
 *   submitted is durable on the device.
 * - Errors are negative errno values; bad arguments never crash.
 */
#ifndef TESS_BLKDEV_H
#define TESS_BLKDEV_H

#include <stdbool.h>
#include <stdint.h>
#include <tess/list.h>

struct tess_blkdev;

enum tess_blk_op {
	TESS_BLK_READ,
	TESS_BLK_WRITE,
	TESS_BLK_FLUSH,
};

struct tess_blk_req {
	enum tess_blk_op op;
	uint64_t sector;   /* first sector (READ, WRITE) */
	uint32_t count;	   /* sectors (READ, WRITE) */
	void *buf;	   /* count * sector size bytes (READ, WRITE) */
	/* Called once when the request is done; status 0 or -errno. */
	void (*done)(struct tess_blk_req *req, int status);
	void *arg;	   /* the caller's */
	/* The driver's while the request is in flight. */
	struct tess_list link;
	void *driver_data;
};

struct tess_blkdev_info {
	const char *name;     /* "ram0", "vda", ... */
	uint64_t sectors;     /* capacity, in sectors */
	uint32_t sector_size; /* bytes: a power of two, 512..65536 */
	bool read_only;
};

struct tess_blkdev_stats {
	uint64_t reads, writes, flushes; /* requests completed */
	uint64_t sectors_read, sectors_written;
	uint64_t errors;   /* requests completed with an error */
	uint64_t refused;  /* requests submit refused */
	unsigned int in_flight, in_flight_max;
};

/* The registered devices: how many, the i-th, or the one named name
 * (NULL when none). */
unsigned int tess_blkdev_count(void);
struct tess_blkdev *tess_blkdev_get(unsigned int i);
struct tess_blkdev *tess_blkdev_find(const char *name);
const struct tess_blkdev_info *tess_blkdev_info(const struct tess_blkdev *d);
void tess_blkdev_stats_get(const struct tess_blkdev *d,
			   struct tess_blkdev_stats *out);

/* Submits req (its fields set, done not NULL). Returns 0 (done will be
 * called) or the refusal (-EINVAL, -ERANGE, -EROFS), or the driver's
 * (-EBUSY: too many in flight, try again after a completion). */
int tess_blkdev_submit(struct tess_blkdev *d, struct tess_blk_req *req);

/* The same, waiting for the completion (threads only). Returns 0 or
 * -errno. */
int tess_blkdev_read(struct tess_blkdev *d, uint64_t sector, uint32_t count,
		     void *buf);
int tess_blkdev_write(struct tess_blkdev *d, uint64_t sector, uint32_t count,
		      const void *buf);
int tess_blkdev_flush(struct tess_blkdev *d);

#endif /* TESS_BLKDEV_H */
