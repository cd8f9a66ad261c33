/* SPDX-License-Identifier: BSD-3-Clause */
/* The device status protocol and queue set-up, over any transport. */
#include <errno.h>
#include <tess/debug.h>
#include <tess/virtio_dev.h>

int tess_virtio_negotiate(struct tess_virtio_dev *dev, uint64_t wanted)
{
	uint64_t offered;

	dev->ops->reset(dev);
	dev->ops->status_set(dev, TESS_VIRTIO_STATUS_ACKNOWLEDGE);
	dev->ops->status_set(dev, TESS_VIRTIO_STATUS_ACKNOWLEDGE |
					  TESS_VIRTIO_STATUS_DRIVER);
	offered = dev->ops->features_get(dev);
	if (!((offered >> TESS_VIRTIO_F_VERSION_1) & 1)) {
		tess_pr_err("%s: a legacy virtio device (no VERSION_1): not "
			    "supported",
			    dev->name);
		tess_virtio_fail(dev);
		return -ENODEV;
	}
	dev->features = offered & (wanted | 1ULL << TESS_VIRTIO_F_VERSION_1);
	dev->ops->features_set(dev, dev->features);
	dev->ops->status_set(dev, TESS_VIRTIO_STATUS_ACKNOWLEDGE |
					  TESS_VIRTIO_STATUS_DRIVER |
					  TESS_VIRTIO_STATUS_FEATURES_OK);
	if (!(dev->ops->status_get(dev) & TESS_VIRTIO_STATUS_FEATURES_OK)) {
		tess_pr_err("%s: the device refused features %#llx", dev->name,
			    (unsigned long long)dev->features);
		tess_virtio_fail(dev);
		return -EIO;
	}
	return 0;
}

unsigned int tess_virtio_queue_size(struct tess_virtio_dev *dev,
				    unsigned int idx, unsigned int num)
{
	unsigned int max = dev->ops->queue_max(dev, idx);

	/* A power of two no larger than either (split queues need one). */
	if (num > max)
		num = max;
	while (num & (num - 1))
		num &= num - 1;
	return num;
}

int tess_virtio_queue_create(struct tess_virtio_dev *dev, unsigned int idx,
			     unsigned int num, struct tess_virtq **out)
{
	int err;

	num = tess_virtio_queue_size(dev, idx, num);
	if (num == 0) {
		tess_pr_err("%s: the device has no queue %u", dev->name, idx);
		return -ENOENT;
	}
	err = tess_virtq_create(out, num,
				tess_virtio_has(dev, TESS_VIRTIO_F_EVENT_IDX));
	if (err) {
		tess_pr_err("%s: no memory for queue %u of %u entries",
			    dev->name, idx, num);
		return err;
	}
	err = dev->ops->queue_enable(dev, idx, *out);
	if (err) {
		tess_pr_err("%s: queue %u not taken: error %d", dev->name, idx,
			    err);
		tess_virtq_destroy(*out);
		*out = NULL;
	}
	return err;
}

void tess_virtio_ready(struct tess_virtio_dev *dev)
{
	dev->ops->status_set(dev, dev->ops->status_get(dev) |
					  TESS_VIRTIO_STATUS_DRIVER_OK);
}

void tess_virtio_fail(struct tess_virtio_dev *dev)
{
	dev->ops->status_set(dev, dev->ops->status_get(dev) |
					  TESS_VIRTIO_STATUS_FAILED);
}

void tess_virtio_kick(struct tess_virtio_dev *dev, unsigned int idx,
		      struct tess_virtq *q)
{
	if (tess_virtq_kick_prepare(q))
		dev->ops->notify(dev, idx);
}
