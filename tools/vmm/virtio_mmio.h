/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtio-mmio transport (virtio 1.2, 4.2; version 2 registers) for one
 * device of the monitor: the register file a guest driver reads and
 * writes, the device status protocol, feature negotiation and queue
 * set-up, all checked. A driver that breaks the protocol gets the device
 * marked DEVICE_NEEDS_RESET with a sentence saying what it did; the
 * monitor goes on. Pure functions over guest RAM (no system calls), so the
 * host tests drive them as a guest would.
 */
#ifndef TESS_VMM_VIRTIO_MMIO_H
#define TESS_VMM_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "virtq.h"

#define VMMIO_MAGIC	   0x74726976 /* "virt" */
#define VMMIO_VERSION	   2
#define VMMIO_VENDOR	   0x73736554 /* "Tess" */
#define VMMIO_QUEUES_MAX   4
#define VMMIO_CONFIG_SIZE  256 /* device-specific config bytes */
#define VMMIO_REGION_SIZE  0x1000

/* Register offsets (virtio 1.2, 4.2.2). */
#define VMMIO_MAGIC_VALUE	  0x000
#define VMMIO_VERSION_REG	  0x004
#define VMMIO_DEVICE_ID		  0x008
#define VMMIO_VENDOR_ID		  0x00c
#define VMMIO_DEVICE_FEATURES	  0x010
#define VMMIO_DEVICE_FEATURES_SEL 0x014
#define VMMIO_DRIVER_FEATURES	  0x020
#define VMMIO_DRIVER_FEATURES_SEL 0x024
#define VMMIO_QUEUE_SEL		  0x030
#define VMMIO_QUEUE_NUM_MAX	  0x034
#define VMMIO_QUEUE_NUM		  0x038
#define VMMIO_QUEUE_READY	  0x044
#define VMMIO_QUEUE_NOTIFY	  0x050
#define VMMIO_INTERRUPT_STATUS	  0x060
#define VMMIO_INTERRUPT_ACK	  0x064
#define VMMIO_STATUS		  0x070
#define VMMIO_QUEUE_DESC_LOW	  0x080
#define VMMIO_QUEUE_DESC_HIGH	  0x084
#define VMMIO_QUEUE_DRIVER_LOW	  0x090
#define VMMIO_QUEUE_DRIVER_HIGH	  0x094
#define VMMIO_QUEUE_DEVICE_LOW	  0x0a0
#define VMMIO_QUEUE_DEVICE_HIGH	  0x0a4
#define VMMIO_CONFIG_GENERATION	  0x0fc
#define VMMIO_CONFIG		  0x100

/* Interrupt status bits. */
#define VMMIO_INT_USED	 1 /* a queue has used entries */
#define VMMIO_INT_CONFIG 2 /* the configuration (or the status) changed */

/* What a device model gives the transport. */
struct vmmio_device {
	uint32_t device_id;	/* 1 net, 2 block, ... */
	uint64_t features;	/* offered (VIRTIO_F_VERSION_1 is added) */
	unsigned int num_queues;
	uint16_t queue_max;	/* largest queue size it takes */
	uint8_t config[VMMIO_CONFIG_SIZE]; /* its config space, read-only */
	/* A doorbell on a live queue (the device works on it). */
	void (*notify)(void *dev, unsigned int queue);
	/* The driver reset the device: drop work in flight. */
	void (*reset)(void *dev);
	void *dev;
};

struct vmmio_queue {
	uint16_t num;
	bool ready;
	uint64_t desc, driver, device; /* guest-physical, as written */
	struct virtq q;		       /* live while ready */
};

struct vmmio {
	const struct vmmio_device *device;
	const struct virtq_ram *ram;
	uint32_t status;
	uint64_t driver_features;
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint32_t interrupt_status;
	uint32_t config_generation;
	struct vmmio_queue queues[VMMIO_QUEUES_MAX];
	char why[160]; /* the last protocol error */
};

void vmmio_init(struct vmmio *m, const struct vmmio_device *device,
		const struct virtq_ram *ram);

/* A guest read / write of size bytes at offset in the device's region.
 * Registers take 4-byte accesses; config space any of 1, 2, 4, 8. Bad
 * accesses read 0 and write nothing (said in m->why). */
uint64_t vmmio_read(struct vmmio *m, uint64_t offset, unsigned int size);
void vmmio_write(struct vmmio *m, uint64_t offset, unsigned int size,
		 uint64_t value);

/* The device model's side: a queue to work on (NULL unless the device is
 * live and the queue ready), used entries to report (sets the interrupt
 * status; returns whether to interrupt the guest), a broken queue or
 * device (DEVICE_NEEDS_RESET, with why). */
struct virtq *vmmio_queue(struct vmmio *m, unsigned int queue);
bool vmmio_used(struct vmmio *m, unsigned int queue);
void vmmio_needs_reset(struct vmmio *m, const char *why);
bool vmmio_live(const struct vmmio *m);

#endif /* TESS_VMM_VIRTIO_MMIO_H */
