/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor's virtio-net device model (virtio 1.2, 5.1): one receive
 * and one transmit queue, frames moved between guest buffers and a
 * backend (a host tap device: tap.c) without a copy: the backend is
 * handed iovecs that point into guest RAM.
 *
 * Offered: VIRTIO_NET_F_MAC, _STATUS (the link is always up) and _MTU,
 * with EVENT_IDX and INDIRECT_DESC for the rings. No checksum or
 * segmentation offload and no merged receive buffers, so every frame is
 * whole and checksummed, 14 to MTU + 14 bytes (MTU + 18 with a VLAN tag),
 * after the 12-byte header VERSION_1 gives it (struct virtio_net_hdr_v1):
 * the device ignores the driver's and writes all zero but num_buffers = 1
 * (5.1.6.4).
 *
 * A guest whose chain has the wrong direction (a writable buffer to send,
 * a readable one to receive into) breaks that queue, with a sentence, as
 * virtq.c does. Frames lost on the way are counted, never silent:
 * *_errors are the guest's (a frame too short or too long to send, a
 * receive chain too small for the frame), *_dropped the host's (a frame
 * the host gave that the guest may not have, a backend failure).
 *
 * Pure over its backend (no system calls), so the host tests give it a
 * network in memory. One thread works a device: nothing here is
 * thread-safe.
 */
#ifndef TESS_VMM_VIRTIO_NET_H
#define TESS_VMM_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "virtq.h"

#define VNET_DEVICE_ID 1
#define VNET_QUEUE_RX  0
#define VNET_QUEUE_TX  1
#define VNET_QUEUES    2

/* Feature bits (5.1.3) and the status bit (5.1.4). */
#define VNET_F_MTU     3
#define VNET_F_MAC     5
#define VNET_F_STATUS  16
#define VNET_S_LINK_UP 1

/* The config space (5.1.4), little-endian: mac[6], le16 status, le16
 * max_virtqueue_pairs, le16 mtu. */
#define VNET_CONFIG_MAC	      0
#define VNET_CONFIG_STATUS    6
#define VNET_CONFIG_MAX_PAIRS 8
#define VNET_CONFIG_MTU	      10
#define VNET_CONFIG_SIZE      12

#define VNET_HDR_LEN	     12 /* struct virtio_net_hdr_v1 */
#define VNET_HDR_NUM_BUFFERS 10 /* its le16 num_buffers */
#define VNET_ETH_HLEN	     14
#define VNET_VLAN_HLEN	     4
#define VNET_MTU_MIN	     68 /* what Linux's driver takes (RFC 791) */
#define VNET_MTU_MAX	     65535

/* iovecs the model hands its backend at most: a chain's buffers and a
 * header of the device's own. */
#define VNET_IOV_MAX (VIRTQ_CHAIN_MAX + 1)

struct vnet_backend {
	/* The backend's frames start with a 12-byte virtio-net header (a
	 * tap with IFF_VNET_HDR): send gets one the device made (all zero,
	 * never the guest's), recv writes one the device then overwrites. */
	bool header;
	/* Sends one frame gathered from iov. Returns 0, -EAGAIN when the
	 * backend cannot take it now (the device keeps the frame and tries
	 * again on the next call), or another -errno (the frame is lost). */
	int (*send)(void *ctx, const struct iovec *iov, int iovcnt);
	/* Takes the next frame into iov. Returns its whole length (with the
	 * header when the backend has one), 0 or -EAGAIN when there is no
	 * frame, another -errno on failure. A length beyond iov's bytes
	 * means the frame was cut short: it is consumed all the same. */
	ssize_t (*recv)(void *ctx, const struct iovec *iov, int iovcnt);
	void *ctx;
};

struct vnet_stats {
	uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped;
	uint64_t tx_packets, tx_bytes, tx_errors, tx_dropped;
};

struct vnet {
	const struct vnet_backend *backend;
	uint8_t mac[6];
	uint16_t mtu;
	struct vnet_stats stats; /* bytes are frame bytes, no header */
	/* A chain taken from a queue and not given back yet: a receive
	 * chain waiting for a frame, a frame the backend said -EAGAIN to.
	 * virtq has no way to put a chain back, so the device holds it. */
	bool rx_held, tx_held;
	struct virtq_chain rx_chain, tx_chain;
	uint8_t tx_header[VNET_HDR_LEN]; /* all zero: what a backend sees */
	struct iovec iov[VNET_IOV_MAX];
};

/* Returns 0, or -EINVAL for an MTU outside [VNET_MTU_MIN, VNET_MTU_MAX]. */
int vnet_init(struct vnet *n, const struct vnet_backend *backend,
	      const uint8_t mac[6], unsigned int mtu);

/* The features to offer, and the config space (VNET_CONFIG_SIZE bytes). */
uint64_t vnet_features(const struct vnet *n);
void vnet_config(const struct vnet *n, uint8_t *config);

/* The driver reset the device: the chains it held belong to queues that
 * are gone. */
void vnet_reset(struct vnet *n);

/* Sends the frames the guest queued, in order, at most a ring's worth
 * (call again while virtq_notifications says more came). A frame the
 * backend cannot take now stays held (vnet.tx_held: wait until the
 * backend can write, then call again). Returns the chains given back
 * (used entries), or -1 when the queue broke (q->why says why). */
int vnet_tx_work(struct vnet *n, struct virtq *q);

/* Delivers frames while the guest has receive chains and the backend has
 * frames, at most a ring's worth; a frame is taken only into a chain
 * already taken, so none is read with nowhere to go (the rest wait in
 * the backend). Returns the chains given back (frames delivered, and
 * chains too small returned empty), or -1 when the queue broke. */
int vnet_rx_work(struct vnet *n, struct virtq *q);

#endif /* TESS_VMM_VIRTIO_NET_H */
