/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A split virtqueue as the monitor's device model sees it: the guest's
 * rings in guest RAM, every field the guest controls checked before use.
 *
 * Pure functions over a mapping of guest RAM (no system calls), so the
 * host unit tests and the fuzzer drive them directly. A queue whose guest
 * breaks the rules (an index that jumps, a descriptor outside RAM or in a
 * loop, a chain too long, a writable buffer before a readable one, a
 * nested indirect table) is marked broken with a sentence saying what it
 * did; nothing outside guest RAM is ever read or written, and the device
 * then sets DEVICE_NEEDS_RESET (virtio 1.2, 2.1.2).
 */
#ifndef TESS_VMM_VIRTQ_H
#define TESS_VMM_VIRTQ_H

#include <stdbool.h>
#include <stdint.h>

#include "../../include/tess/virtio_ring.h"

/* Longest chain (descriptors) a device takes; virtio-blk's seg_max and
 * virtio-net's largest frame stay below it. */
#define VIRTQ_CHAIN_MAX 128

/* Guest RAM as the monitor maps it: guest-physical [start, start + size)
 * at host address base. */
struct virtq_ram {
	uint8_t *base;
	uint64_t start, size;
};

struct virtq {
	const struct virtq_ram *ram;
	uint16_t num;		   /* entries: a power of two */
	struct tess_virtq_desc *desc;
	struct tess_virtq_avail *avail;
	struct tess_virtq_used *used;
	uint16_t last_avail;	   /* the next available entry to take */
	uint16_t used_idx;	   /* the next used entry to write */
	uint16_t signalled_used;   /* used_idx when the guest was last told */
	bool event_idx;		   /* VIRTIO_F_EVENT_IDX negotiated */
	bool broken;
	char why[128];		   /* what the guest did, when broken */
};

/* One buffer of a chain: where it is in the monitor's mapping. */
struct virtq_seg {
	uint8_t *ptr;
	uint32_t len;
	bool write; /* the device writes it */
};

struct virtq_chain {
	uint16_t head;
	unsigned int nseg;
	uint32_t read_len, write_len; /* bytes of each kind, in all */
	struct virtq_seg seg[VIRTQ_CHAIN_MAX];
};

/* Host pointer of guest range [gpa, gpa + len), or NULL when any byte of
 * it is outside guest RAM (overflow-safe). */
uint8_t *virtq_ram_ptr(const struct virtq_ram *ram, uint64_t gpa,
		       uint64_t len);

/* Sets the queue up from the addresses the guest wrote. Returns 0, or -1
 * (q->why says why) for a size that is not a power of two up to 32768,
 * misaligned areas or areas outside RAM. */
int virtq_setup(struct virtq *q, const struct virtq_ram *ram, unsigned int num,
		uint64_t desc, uint64_t avail, uint64_t used, bool event_idx);

/* Takes the next available chain into *c. Returns 1, 0 when none is
 * available, or -1 when the guest broke the rules (the queue is broken
 * from then on and q->why says what happened). */
int virtq_pop(struct virtq *q, struct virtq_chain *c);

/* Marks the queue broken with a sentence (printf-style) saying what the
 * guest did, for device models that find a rule broken; returns -1. */
int virtq_break(struct virtq *q, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Returns chain head to the guest with written bytes. */
void virtq_push(struct virtq *q, uint16_t head, uint32_t written);

/* Whether the guest wants an interrupt for what was pushed since the
 * last time this said yes (its flags, or its used_event). */
bool virtq_should_interrupt(struct virtq *q);

/* Asks the guest for doorbells (true) or not (false: the device polls):
 * USED_F_NO_NOTIFY, or avail_event with EVENT_IDX. With true, returns
 * whether entries arrived meanwhile (so the device looks again before it
 * sleeps). */
bool virtq_notifications(struct virtq *q, bool enable);

#endif /* TESS_VMM_VIRTQ_H */
