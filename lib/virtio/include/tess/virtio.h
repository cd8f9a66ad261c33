/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio: the driver side of split virtqueues (virtio 1.2, 2.7), the core
 * the virtio-net and virtio-blk drivers will share over either transport.
 *
 * Provides queues in page-aligned memory of their own, chains of buffers
 * added with a cookie the driver gets back when the device is done,
 * notification suppression both ways (VIRTIO_F_EVENT_IDX or the ring
 * flags), and the addresses a transport hands the device. The device side
 * of the same layout is tools/vmm/virtq.c; both use
 * include/tess/virtio_ring.h.
 *
 * Needs: lib/alloc's default heap, the platform's device addresses
 * (tess_plat_dma_addr).
 *
 * Promises:
 * - One queue is used by one side of the driver at a time: callers keep
 *   add and get on a queue under their own lock or interrupt mask; the
 *   device runs concurrently and is seen through acquire/release order.
 * - Everything the device writes is checked before use: a used entry
 *   naming a descriptor that is not out, or a used index that moves
 *   further than the queue holds, marks the queue broken
 *   (tess_virtq_broken) and nothing is taken from it.
 * - Errors are negative errno values; no call allocates after create.
 */
#ifndef TESS_VIRTIO_H
#define TESS_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/virtio_ring.h>

struct tess_virtq;

/* One buffer of a chain. */
struct tess_virtq_buf {
	void *addr;
	uint32_t len;
};

/* A queue of num entries (a power of two up to 32768), with EVENT_IDX
 * when the transport negotiated it. Returns 0, -EINVAL or -ENOMEM. */
int tess_virtq_create(struct tess_virtq **out, unsigned int num,
		      bool event_idx);
void tess_virtq_destroy(struct tess_virtq *q);

/* The device addresses of the three areas, for the transport. */
void tess_virtq_addrs(const struct tess_virtq *q, uint64_t *desc,
		      uint64_t *avail, uint64_t *used);
unsigned int tess_virtq_num(const struct tess_virtq *q);

/*
 * Adds one chain: out buffers the device reads, then in buffers it
 * writes; cookie (not NULL) comes back from tess_virtq_get_used. The
 * device sees it after tess_virtq_kick_prepare. Returns 0, -EINVAL (no
 * buffers, a zero-length or NULL buffer, NULL cookie) or -ENOSPC (fewer
 * free descriptors than buffers).
 */
int tess_virtq_add(struct tess_virtq *q, const struct tess_virtq_buf *bufs,
		   unsigned int out, unsigned int in, void *cookie);

/* Publishes what was added since the last call; returns whether the
 * device asked to be told (the driver then rings the doorbell). */
bool tess_virtq_kick_prepare(struct tess_virtq *q);

/* The next chain the device is done with: its cookie, with the bytes it
 * wrote in *written (may be NULL); NULL when there is none (or the queue
 * is broken). */
void *tess_virtq_get_used(struct tess_virtq *q, uint32_t *written);

/* Interrupts off (the driver polls) / on; turning them on returns whether
 * used entries arrived meanwhile, so the driver looks again before it
 * sleeps. */
void tess_virtq_interrupts_off(struct tess_virtq *q);
bool tess_virtq_interrupts_on(struct tess_virtq *q);

/* After the device was reset (it no longer uses the queue): one chain
 * still out, taken back; its cookie, or NULL when none is left. For a
 * driver giving its buffers back when it stops a device. */
void *tess_virtq_detach_unused(struct tess_virtq *q);

/* Free descriptors now. */
unsigned int tess_virtq_free(const struct tess_virtq *q);

/* Whether the device broke the rules (and what it did). */
bool tess_virtq_broken(const struct tess_virtq *q, const char **why);

#endif /* TESS_VIRTIO_H */
