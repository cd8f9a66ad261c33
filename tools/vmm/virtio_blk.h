/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor's virtio-blk device model (virtio 1.2, 5.2): requests taken
 * from a virtqueue, checked, and carried out on a backend (a host file:
 * pread, pwrite, fdatasync). Any framing of a request is accepted, as the
 * specification asks (2.6.4): the header is the first 16 bytes the driver
 * wrote, the status the last byte it lets the device write, the data
 * what lies between. Pure over its backend, so the host tests give it one
 * in memory.
 */
#ifndef TESS_VMM_VIRTIO_BLK_H
#define TESS_VMM_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "virtq.h"

#define VBLK_SECTOR 512

/* Request types and status values (virtio 1.2, 5.2.6). */
#define VBLK_T_IN     0
#define VBLK_T_OUT    1
#define VBLK_T_FLUSH  4
#define VBLK_T_GET_ID 8
#define VBLK_S_OK     0
#define VBLK_S_IOERR  1
#define VBLK_S_UNSUPP 2

/* Feature bits. */
#define VBLK_F_SEG_MAX 2
#define VBLK_F_RO      5
#define VBLK_F_FLUSH   9

/* The config space fields the device fills (5.2.4), little-endian. */
#define VBLK_CONFIG_CAPACITY 0 /* le64 sectors */
#define VBLK_CONFIG_SEG_MAX  12 /* le32 */

struct vblk_backend {
	/* Whole reads and writes at a byte offset: 0 or -errno. */
	int (*read)(void *ctx, uint64_t offset, uint8_t *buf, uint32_t len);
	int (*write)(void *ctx, uint64_t offset, const uint8_t *buf,
		     uint32_t len);
	int (*flush)(void *ctx);
	void *ctx;
};

struct vblk {
	const struct vblk_backend *backend;
	uint64_t sectors;
	bool read_only;
	char id[20]; /* GET_ID's answer, NUL-padded */
	uint64_t requests, errors;
};

void vblk_init(struct vblk *b, const struct vblk_backend *backend,
	       uint64_t sectors, bool read_only, const char *id);

/* The features to offer, and the config space (at least 64 bytes). */
uint64_t vblk_features(const struct vblk *b);
void vblk_config(const struct vblk *b, uint8_t *config);

/* Carries out one request chain; returns the bytes written into it (the
 * used length). A chain too malformed to hold a status byte gets none and
 * returns 0 (the driver sees a used length of 0). */
uint32_t vblk_request(struct vblk *b, const struct virtq_chain *c);

/* Works a queue: every available chain carried out and pushed. Returns
 * how many, or -1 when the queue broke. */
int vblk_work(struct vblk *b, struct virtq *q);

#endif /* TESS_VMM_VIRTIO_BLK_H */
