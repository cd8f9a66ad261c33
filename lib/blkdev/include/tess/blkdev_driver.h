/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver's side of lib/blkdev: a driver registers each disk it finds
 * with its geometry and its submit operation, and completes each request
 * it accepted exactly once (from a thread or an interrupt handler).
 * lib/blkdev has checked every request before the driver sees it.
 */
#ifndef TESS_BLKDEV_DRIVER_H
#define TESS_BLKDEV_DRIVER_H

#include <tess/blkdev.h>

struct tess_blkdev_ops {
	/* Starts req: 0 (it will complete), or -EBUSY (queue full: the
	 * caller retries later) or -EIO (the device is gone). */
	int (*submit)(struct tess_blkdev *d, struct tess_blk_req *req);
	/* Optional, both or neither: completions by polling, so that a
	 * waiter that will not wait long costs no interrupt (DESIGN 7a).
	 * poll completes what the device has done and leaves the device's
	 * interrupts off; interrupts_on asks for an interrupt at the next
	 * completion and returns true when completions already wait (the
	 * caller polls again). Both with interrupts masked. A driver
	 * without them completes by interrupt (or at once, in submit). */
	void (*poll)(struct tess_blkdev *d);
	bool (*interrupts_on)(struct tess_blkdev *d);
};

/* Registers a disk. info is copied (name up to 15 characters). Returns
 * 0, -EINVAL (bad geometry, NULL ops or submit), -EEXIST (the name is
 * taken) or -ENOMEM. */
int tess_blkdev_register(const struct tess_blkdev_info *info,
			 const struct tess_blkdev_ops *ops, void *priv,
			 struct tess_blkdev **out);

/* The driver's pointer given at registration. */
void *tess_blkdev_priv(const struct tess_blkdev *d);

/* Completes an accepted request (status 0 or -errno): counts it and
 * calls its done. Thread or interrupt context. */
void tess_blkdev_complete(struct tess_blkdev *d, struct tess_blk_req *req,
			  int status);

#endif /* TESS_BLKDEV_DRIVER_H */
