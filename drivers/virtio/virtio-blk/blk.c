/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-blk (virtio 1.2, 5.2): each disk found on TESS_BUS_VIRTIO is
 * registered with lib/blkdev as vda, vdb, ... Requests go to one queue
 * as chains of header, data and status byte; completions are taken from
 * the used ring in the interrupt handler (and whenever a request is
 * submitted), each completed exactly once.
 */
#include <errno.h>
#include <stdio.h>
#include <tess/alloc.h>
#include <tess/blkdev_driver.h>
#include <tess/bus.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/virtio_dev.h>

#define F_RO	    5
#define F_FLUSH	    9
#define T_IN	    0
#define T_OUT	    1
#define T_FLUSH	    4
#define S_OK	    0
#define S_UNSUPP    2
#define SECTOR	    512
#define CONFIG_CAPACITY 0
/* Entries of the queue: each request takes up to three descriptors. */
#define QUEUE_SIZE  256
#define SLOTS	    (QUEUE_SIZE / 3)

/* One request in flight: what the device reads and writes besides the
 * data (in the heap, which devices reach: tess_plat_dma_addr). */
struct slot {
	struct {
		uint32_t type, reserved;
		uint64_t sector;
	} header;
	uint8_t status;
	struct tess_blk_req *req; /* NULL: free */
};

struct vblk {
	struct tess_virtio_dev *vdev;
	struct tess_virtq *q;
	struct tess_blkdev *disk;
	struct slot slots[SLOTS];
	unsigned int in_flight;
};

/* Completes what the device is done with; interrupts masked. */
static void reap(struct vblk *b)
{
	struct slot *s;

	while ((s = tess_virtq_get_used(b->q, NULL)) != NULL) {
		struct tess_blk_req *req = s->req;

		s->req = NULL;
		b->in_flight--;
		tess_blkdev_complete(b->disk, req,
				     s->status == S_OK	       ? 0
				     : s->status == S_UNSUPP ? -EOPNOTSUPP
							       : -EIO);
	}
}

/* Polled completions (lib/blkdev's sync requests): interrupts off. */
static void vblk_poll(struct tess_blkdev *d)
{
	struct vblk *b = tess_blkdev_priv(d);

	tess_virtq_interrupts_off(b->q);
	reap(b);
}

static bool vblk_interrupts_on(struct tess_blkdev *d)
{
	struct vblk *b = tess_blkdev_priv(d);

	return tess_virtq_interrupts_on(b->q);
}

static int vblk_submit(struct tess_blkdev *d, struct tess_blk_req *req)
{
	struct vblk *b = tess_blkdev_priv(d);
	struct tess_virtq_buf bufs[3];
	unsigned int out = 1, in = 0, n = 0;
	struct slot *s = NULL;
	bool was = tess_plat_irq_save();
	int err;

	for (unsigned int i = 0; i < SLOTS && !s; i++)
		if (!b->slots[i].req)
			s = &b->slots[i];
	if (!s || tess_virtq_broken(b->q, NULL)) {
		tess_plat_irq_restore(was);
		return s ? -EIO : -EBUSY;
	}
	/* Without a volatile write cache (no FLUSH feature) every write is
	 * durable when it completes: a flush has nothing to wait for. */
	if (req->op == TESS_BLK_FLUSH &&
	    !tess_virtio_has(b->vdev, F_FLUSH)) {
		tess_plat_irq_restore(was);
		tess_blkdev_complete(d, req, 0);
		return 0;
	}
	s->header.type = req->op == TESS_BLK_READ    ? T_IN
			 : req->op == TESS_BLK_WRITE ? T_OUT
						     : T_FLUSH;
	s->header.reserved = 0;
	s->header.sector = req->op == TESS_BLK_FLUSH ? 0 : req->sector;
	s->status = 0xff;
	bufs[n++] = (struct tess_virtq_buf){&s->header, sizeof(s->header)};
	if (req->op != TESS_BLK_FLUSH) {
		bufs[n++] = (struct tess_virtq_buf){req->buf,
						    req->count * SECTOR};
		if (req->op == TESS_BLK_WRITE)
			out++;
		else
			in++;
	}
	bufs[n++] = (struct tess_virtq_buf){&s->status, 1};
	in++;
	err = tess_virtq_add(b->q, bufs, out, in, s);
	if (err == 0) {
		s->req = req;
		b->in_flight++;
		tess_virtio_kick(b->vdev, 0, b->q);
	}
	tess_plat_irq_restore(was);
	return err == -ENOSPC ? -EBUSY : err;
}

static const struct tess_blkdev_ops vblk_ops = {
	.submit = vblk_submit,
	.poll = vblk_poll,
	.interrupts_on = vblk_interrupts_on,
};

/* Completions by interrupt: reaped, and the next asked for while
 * requests are still in flight (looking again for one that came in
 * between). */
static void vblk_interrupt(struct tess_virtio_dev *dev, void *arg)
{
	struct vblk *b = arg;

	(void)dev;
	do
		reap(b);
	while (b->in_flight && tess_virtq_interrupts_on(b->q));
}

static unsigned int disks_found;

static int vblk_probe(struct tess_device *dev)
{
	struct tess_virtio_dev *vdev = dev->bus_data;
	struct tess_blkdev_info info = {.sector_size = SECTOR};
	char name[16];
	uint64_t capacity;
	struct vblk *b;
	int err;

	err = tess_virtio_negotiate(vdev, 1ULL << F_RO | 1ULL << F_FLUSH |
						  1ULL << TESS_VIRTIO_F_EVENT_IDX);
	if (err)
		return err;
	vdev->ops->config_read(vdev, CONFIG_CAPACITY, &capacity,
			       sizeof(capacity));
	b = tess_calloc(tess_alloc_default(), 1, sizeof(*b));
	if (!b) {
		tess_virtio_fail(vdev);
		return -ENOMEM;
	}
	b->vdev = vdev;
	err = tess_virtio_queue_create(vdev, 0, QUEUE_SIZE, &b->q);
	if (err)
		goto fail;
	/* Interrupts only when someone waits for one (lib/blkdev asks). */
	tess_virtq_interrupts_off(b->q);
	snprintf(name, sizeof(name), "vd%c", 'a' + disks_found % 26);
	info.name = name;
	info.sectors = capacity;
	info.read_only = tess_virtio_has(vdev, F_RO);
	err = tess_blkdev_register(&info, &vblk_ops, b, &b->disk);
	if (err) {
		tess_pr_err("%s: cannot register %s: error %d", dev->name,
			    name, err);
		goto fail;
	}
	vdev->on_interrupt_arg = b;
	vdev->on_interrupt = vblk_interrupt;
	dev->driver_data = b;
	tess_virtio_ready(vdev);
	disks_found++;
	tess_pr_info("%s: %s, %llu sectors%s", dev->name, name,
		     (unsigned long long)capacity,
		     info.read_only ? ", read-only" : "");
	return 0;
fail:
	tess_virtio_fail(vdev);
	/* The queue stays with the failed device until it is reset. */
	tess_free(tess_alloc_default(), b);
	return err;
}

static const struct tess_driver virtio_blk = {"virtio-blk", TESS_BUS_VIRTIO,
					      2, vblk_probe};
TESS_DRIVER(virtio_blk);
