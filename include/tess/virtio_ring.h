/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio 1.2 split virtqueue (OASIS virtio 1.2, section 2.7), as both
 * sides see it: a guest's driver (lib/virtio, next) and the monitor's
 * devices (tools/vmm/virtq.c). Plain C, no library: every field is
 * little-endian, which x86_64 is.
 *
 * A queue of num entries (a power of two, at most 32768) is three areas
 * the driver allocates: the descriptor table (16 bytes per entry, 16-byte
 * aligned), the available ring (the driver's, 2-byte aligned) and the
 * used ring (the device's, 4-byte aligned).
 */
#ifndef TESS_VIRTIO_RING_H
#define TESS_VIRTIO_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TESS_VIRTQ_SIZE_MAX 32768

/* Descriptor flags. */
#define TESS_VIRTQ_DESC_F_NEXT	   1 /* the chain goes on at next */
#define TESS_VIRTQ_DESC_F_WRITE	   2 /* the device writes this buffer */
#define TESS_VIRTQ_DESC_F_INDIRECT 4 /* the buffer is a descriptor table */

/* Ring flags (when VIRTIO_F_EVENT_IDX is not negotiated). */
#define TESS_VIRTQ_AVAIL_F_NO_INTERRUPT 1 /* driver: no interrupt, please */
#define TESS_VIRTQ_USED_F_NO_NOTIFY	1 /* device: no doorbell, please */

/* Feature bits of the transport and the rings. */
#define TESS_VIRTIO_F_INDIRECT_DESC 28
#define TESS_VIRTIO_F_EVENT_IDX	    29
#define TESS_VIRTIO_F_VERSION_1	    32

/* Device status bits (section 2.1). */
#define TESS_VIRTIO_STATUS_ACKNOWLEDGE	     1
#define TESS_VIRTIO_STATUS_DRIVER	     2
#define TESS_VIRTIO_STATUS_DRIVER_OK	     4
#define TESS_VIRTIO_STATUS_FEATURES_OK	     8
#define TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET 64
#define TESS_VIRTIO_STATUS_FAILED	     128

struct tess_virtq_desc {
	uint64_t addr; /* guest-physical */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct tess_virtq_avail {
	uint16_t flags;
	uint16_t idx;	   /* where the driver puts the next entry */
	uint16_t ring[];   /* num heads, then used_event (EVENT_IDX) */
};

struct tess_virtq_used_elem {
	uint32_t id;  /* the chain's head */
	uint32_t len; /* bytes the device wrote into it */
};

struct tess_virtq_used {
	uint16_t flags;
	uint16_t idx; /* where the device puts the next entry */
	struct tess_virtq_used_elem ring[]; /* num, then avail_event */
};

_Static_assert(sizeof(struct tess_virtq_desc) == 16, "virtio 1.2 2.7.5");
_Static_assert(sizeof(struct tess_virtq_used_elem) == 8, "virtio 1.2 2.7.8");

/* Bytes of each area for a queue of num entries (event fields included). */
static inline size_t tess_virtq_desc_bytes(unsigned int num)
{
	return 16 * (size_t)num;
}
static inline size_t tess_virtq_avail_bytes(unsigned int num)
{
	return 6 + 2 * (size_t)num;
}
static inline size_t tess_virtq_used_bytes(unsigned int num)
{
	return 6 + 8 * (size_t)num;
}

/*
 * Event index (VIRTIO_F_EVENT_IDX): whether moving an index from old to
 * new_idx passed the other side's event index, i.e. whether it asked to
 * be told (an interrupt, or a doorbell). Section 2.7.10; the arithmetic is
 * modulo 2^16.
 */
static inline bool tess_virtq_need_event(uint16_t event, uint16_t new_idx,
					 uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

#endif /* TESS_VIRTIO_RING_H */
