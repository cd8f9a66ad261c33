/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-9p (virtio 1.2, 5.11): each device found on TESS_BUS_VIRTIO is a
 * 9P transport for lib/9pfs, named by its mount tag. A request is one
 * chain (the T-message out, the reply buffer in); lib/9pfs sends one at
 * a time. The reply is polled for briefly (a monitor's I/O thread answers
 * within microseconds while it is awake), then waited for on the
 * device's interrupt.
 */
#include <errno.h>
#include <string.h>
#include <tess/9pfs.h>
#include <tess/alloc.h>
#include <tess/bus.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/virtio_dev.h>

#define F_MOUNT_TAG 0
#define QUEUE_SIZE  16
#define TAG_MAX	    64
/* The largest message each way: lib/9pfs's buffers, the device's reads
 * and writes per request. */
#define MSIZE	   (256u << 10)
#define SPIN_NS	   50000ull

struct v9p {
	struct tess_virtio_dev *vdev;
	struct tess_virtq *q;
	struct tess_sched_waitq waiting;
	struct tess_9p_transport transport;
	char tag[TAG_MAX + 1];
};

static long v9p_rpcv(struct tess_9p_transport *t, const void *req,
		     size_t req_len, const struct tess_9p_buf *resp, int nresp)
{
	struct v9p *v = t->priv;
	struct tess_virtq_buf bufs[1 + 2];
	uint64_t spin_end = tess_plat_monotonic_ns() + SPIN_NS;
	uint32_t written = 0;
	size_t cap = 0;
	bool was;
	long err;

	if (nresp < 1 || nresp > 2)
		return -EINVAL;
	bufs[0] = (struct tess_virtq_buf){(void *)req, req_len};
	for (int i = 0; i < nresp; i++) {
		bufs[1 + i] = (struct tess_virtq_buf){resp[i].base, resp[i].len};
		cap += resp[i].len;
	}
	was = tess_plat_irq_save();
	err = tess_virtq_add(v->q, bufs, 1, (unsigned)nresp, v);

	if (err) {
		tess_plat_irq_restore(was);
		return err == -ENOSPC ? -EBUSY : err;
	}
	tess_virtio_kick(v->vdev, 0, v->q);
	while (!tess_virtq_get_used(v->q, &written)) {
		if (tess_virtq_broken(v->q, NULL)) {
			err = -EIO;
			break;
		}
		if (tess_plat_monotonic_ns() < spin_end)
			continue;
		/* Sleep on the interrupt; look again if a reply came while
		 * turning it on. */
		if (!tess_virtq_interrupts_on(v->q))
			tess_sched_waitq_wait(&v->waiting, TESS_SCHED_FOREVER,
					      "9p reply");
		tess_virtq_interrupts_off(v->q);
	}
	tess_plat_irq_restore(was);
	if (err)
		return err;
	return written > cap ? -EPROTO : (long)written;
}

static long v9p_rpc(struct tess_9p_transport *t, const void *req,
		    size_t req_len, void *resp, size_t cap)
{
	struct tess_9p_buf b = {resp, cap};

	return v9p_rpcv(t, req, req_len, &b, 1);
}

static void v9p_interrupt(struct tess_virtio_dev *dev, void *arg)
{
	struct v9p *v = arg;

	(void)dev;
	tess_sched_waitq_wake_all(&v->waiting);
}

static int v9p_probe(struct tess_device *dev)
{
	struct tess_virtio_dev *vdev = dev->bus_data;
	uint16_t tag_len;
	struct v9p *v;
	int err;

	err = tess_virtio_negotiate(vdev, 1ULL << F_MOUNT_TAG);
	if (err)
		return err;
	if (!tess_virtio_has(vdev, F_MOUNT_TAG)) {
		tess_pr_err("%s: a 9p device without a mount tag", dev->name);
		tess_virtio_fail(vdev);
		return -ENODEV;
	}
	v = tess_calloc(tess_alloc_default(), 1, sizeof(*v));
	if (!v) {
		tess_virtio_fail(vdev);
		return -ENOMEM;
	}
	vdev->ops->config_read(vdev, 0, &tag_len, sizeof(tag_len));
	if (tag_len == 0 || tag_len > TAG_MAX) {
		tess_pr_err("%s: a mount tag of %u bytes", dev->name, tag_len);
		err = -EINVAL;
		goto fail;
	}
	vdev->ops->config_read(vdev, 2, v->tag, tag_len);
	v->tag[tag_len] = '\0';
	if (strlen(v->tag) != tag_len) {
		tess_pr_err("%s: a mount tag with a NUL in it", dev->name);
		err = -EINVAL;
		goto fail;
	}
	v->vdev = vdev;
	tess_sched_waitq_init(&v->waiting);
	err = tess_virtio_queue_create(vdev, 0, QUEUE_SIZE, &v->q);
	if (err)
		goto fail;
	tess_virtq_interrupts_off(v->q);
	v->transport = (struct tess_9p_transport){
		.tag = v->tag, .msize = MSIZE, .rpc = v9p_rpc,
		.rpcv = v9p_rpcv, .priv = v};
	err = tess_9p_transport_register(&v->transport);
	if (err) {
		tess_pr_err("%s: mount tag %s is taken", dev->name, v->tag);
		goto fail;
	}
	vdev->on_interrupt_arg = v;
	vdev->on_interrupt = v9p_interrupt;
	dev->driver_data = v;
	tess_virtio_ready(vdev);
	tess_pr_info("%s: 9p, mount tag %s", dev->name, v->tag);
	return 0;
fail:
	tess_virtio_fail(vdev);
	tess_free(tess_alloc_default(), v);
	return err;
}

static const struct tess_driver virtio_9p = {"virtio-9p", TESS_BUS_VIRTIO, 9,
					     v9p_probe};
TESS_DRIVER(virtio_9p);
