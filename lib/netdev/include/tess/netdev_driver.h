/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver's side of lib/netdev: a driver registers each network device
 * it finds with its description and operations, then moves buffers
 * between its rings and the bursts.
 *
 * What lib/netdev guarantees the operations, so drivers need not check:
 * - configure, start and stop are called one at a time, never during a
 *   burst: configure only while stopped, with a checked configuration;
 *   start only when configured; stop only when started.
 * - rx_burst and tx_burst are called only while started, for a configured
 *   queue, at most one at a time per queue (different queues may run
 *   concurrently from different threads); rx_burst with n >= 1; tx_burst
 *   with buffers already checked (len from TESS_NETDEV_ETH_HEADER_LEN to
 *   mtu + TESS_NETDEV_FRAME_OVERHEAD, data inside the buffer), or with
 *   n == 0 (bufs may be NULL) to free what the device has finished.
 * - rxq_interrupts_on and _off are called with interrupts masked, so they
 *   never race the driver's interrupt handler; _off may also be called
 *   from that handler (through tess_netdev_rxq_wake) while a burst runs.
 * lib/netdev counts packets and bytes in the bursts; drivers report drops
 * and errors with tess_netdev_rxq_losses_add / _txq_losses_add.
 */
#ifndef TESS_NETDEV_DRIVER_H
#define TESS_NETDEV_DRIVER_H

#include <tess/netdev.h>

struct tess_netdev_ops {
	/* Sets up conf->rx_queues and tx_queues rings of the given sizes,
	 * replacing any earlier ones. May allocate. 0 or -errno. */
	int (*configure)(struct tess_netdev *dev,
			 const struct tess_netdev_conf *conf);
	/* Posts receive buffers from tess_netdev_conf(dev)->rx_pool (as many
	 * as it has, up to the ring sizes) and lets the device run. 0, or
	 * -errno with no buffer held. */
	int (*start)(struct tess_netdev *dev);
	/* Stops the device and frees every buffer it holds to its pool:
	 * posted receive buffers, transmit buffers in flight. Cannot fail. */
	void (*stop)(struct tess_netdev *dev);
	/* Up to n received frames into bufs, each in the buffer the device
	 * wrote (data at the frame, len set); reposts buffers from the
	 * pool, counting a frame lost for want of one as a drop. Returns
	 * how many. */
	uint16_t (*rx_burst)(struct tess_netdev *dev, uint16_t queue,
			     struct tess_netbuf **bufs, uint16_t n);
	/* Takes the first k <= n buffers into the transmit ring (k < n only
	 * when it is full) and returns k; frees each to its pool when the
	 * device is done with it (tess_netbuf_free). */
	uint16_t (*tx_burst)(struct tess_netdev *dev, uint16_t queue,
			     struct tess_netbuf *const *bufs, uint16_t n);
	/* Optional, both or neither. _on: interrupt at the next frame of
	 * the queue; returns 1 when frames already wait (no interrupt will
	 * come for them), 0, or -errno. _off: no more interrupts. */
	int (*rxq_interrupts_on)(struct tess_netdev *dev, uint16_t queue);
	void (*rxq_interrupts_off)(struct tess_netdev *dev, uint16_t queue);
};

/* Registers a device. info is copied (name up to TESS_NETDEV_NAME_MAX
 * characters); dev, when not NULL, receives the handle. Returns 0,
 * -EINVAL (no name, an MTU outside TESS_NETDEV_MTU_MIN..MAX, no queues or
 * more than TESS_NETDEV_QUEUES_MAX, a ring size that is not a power of
 * two, a missing operation, one interrupt operation without the other),
 * -EEXIST (the name is taken) or -ENOMEM. */
int tess_netdev_register(const struct tess_netdev_info *info,
			 const struct tess_netdev_ops *ops, void *priv,
			 struct tess_netdev **dev);

/* The driver's pointer given at registration. */
void *tess_netdev_priv(const struct tess_netdev *dev);

/* The configuration in force (valid from configure until the next). */
const struct tess_netdev_conf *tess_netdev_conf(const struct tess_netdev *dev);

/* From the driver's interrupt handler when a receive queue has frames:
 * if the queue is in interrupt mode, puts it back in poll mode (calling
 * ops->rxq_interrupts_off) and calls the application's wake once. Does
 * nothing for a queue in poll mode. Thread or interrupt context. */
void tess_netdev_rxq_wake(struct tess_netdev *dev, uint16_t queue);

/* Counts frames lost on a queue: drops (rx: no posted buffer) and errors
 * (rx: a bad frame; tx: the device failed to send). Thread or interrupt
 * context. */
void tess_netdev_rxq_losses_add(struct tess_netdev *dev, uint16_t queue,
				uint32_t drops, uint32_t errors);
void tess_netdev_txq_losses_add(struct tess_netdev *dev, uint16_t queue,
				uint32_t drops, uint32_t errors);

/* The link went up or down (logged when it changes). */
void tess_netdev_link_set(struct tess_netdev *dev, bool up);

#endif /* TESS_NETDEV_DRIVER_H */
