/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio devices: what a virtio driver (net, block) sees of a device
 * whatever its transport (virtio-mmio, virtio-pci), and the steps of the
 * device status protocol (virtio 1.2, 3.1) every driver takes.
 *
 * A transport driver fills a struct tess_virtio_dev with its operations
 * and attaches it on TESS_BUS_VIRTIO (tess/bus.h) with the device ID as
 * the id; the device driver finds it in the bus device's bus_data.
 *
 * Promises:
 * - tess_virtio_negotiate refuses devices without VIRTIO_F_VERSION_1
 *   (legacy ones) and features the device does not accept, leaving the
 *   device FAILED, so that it is never half set up.
 * - Every error is a negative errno value and is said in the log once,
 *   with the device's name.
 */
#ifndef TESS_VIRTIO_DEV_H
#define TESS_VIRTIO_DEV_H

#include <stdbool.h>
#include <stdint.h>
#include <tess/virtio.h>

struct tess_virtio_dev;

struct tess_virtio_ops {
	uint64_t (*features_get)(struct tess_virtio_dev *dev);
	void (*features_set)(struct tess_virtio_dev *dev, uint64_t features);
	uint8_t (*status_get)(struct tess_virtio_dev *dev);
	void (*status_set)(struct tess_virtio_dev *dev, uint8_t status);
	/* Writes 0 to the status and waits until the device has reset. */
	void (*reset)(struct tess_virtio_dev *dev);
	/* Reads len bytes of config space at offset (a consistent copy). */
	void (*config_read)(struct tess_virtio_dev *dev, unsigned int offset,
			    void *buf, unsigned int len);
	/* The largest size of queue idx, 0 when there is no such queue. */
	unsigned int (*queue_max)(struct tess_virtio_dev *dev,
				  unsigned int idx);
	/* Gives the device queue idx (its addresses and size) and enables
	 * it: 0 or -errno. */
	int (*queue_enable)(struct tess_virtio_dev *dev, unsigned int idx,
			    struct tess_virtq *q);
	/* The doorbell of queue idx. */
	void (*notify)(struct tess_virtio_dev *dev, unsigned int idx);
};

struct tess_virtio_dev {
	const struct tess_virtio_ops *ops;
	const char *name;	/* the transport's, for logs */
	uint32_t device_id;
	uint64_t features;	/* negotiated */
	/* Set by the device driver: called from the transport's interrupt
	 * handler (interrupt context) when the device may have used
	 * entries or changed its configuration. */
	void (*on_interrupt)(struct tess_virtio_dev *dev, void *arg);
	void *on_interrupt_arg;
	void *transport;	/* the transport's */
};

/*
 * Resets the device and takes it through ACKNOWLEDGE, DRIVER and
 * FEATURES_OK with the features the driver wants that the device offers
 * (VIRTIO_F_VERSION_1 always). Returns 0 (dev->features set), -ENODEV (a
 * legacy device) or -EIO (the device refused the features).
 */
int tess_virtio_negotiate(struct tess_virtio_dev *dev, uint64_t wanted);

/* The size queue idx would have for up to num entries: the largest
 * power of two no larger than num or the device's maximum; 0 when the
 * device has no such queue. */
unsigned int tess_virtio_queue_size(struct tess_virtio_dev *dev,
				    unsigned int idx, unsigned int num);

/* Creates queue idx with up to num entries (fewer when the device takes
 * fewer) and gives it to the device. Returns 0, -ENOENT (no such queue)
 * or the error of the queue's creation or the transport. */
int tess_virtio_queue_create(struct tess_virtio_dev *dev, unsigned int idx,
			     unsigned int num, struct tess_virtq **out);

/* DRIVER_OK: the device is live. */
void tess_virtio_ready(struct tess_virtio_dev *dev);

/* FAILED: the driver gave up on the device (after a reset the device
 * may be tried again). */
void tess_virtio_fail(struct tess_virtio_dev *dev);

/* Publishes queue idx's new chains and rings its doorbell when the
 * device asked for one. */
void tess_virtio_kick(struct tess_virtio_dev *dev, unsigned int idx,
		      struct tess_virtq *q);

/* Whether feature bit is negotiated. */
static inline bool tess_virtio_has(const struct tess_virtio_dev *dev,
				   unsigned int bit)
{
	return (dev->features >> bit) & 1;
}

#endif /* TESS_VIRTIO_DEV_H */
