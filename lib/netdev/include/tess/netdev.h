/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network devices, DPDK-style: the interface between a packet-processing
 * application (or a TCP/IP stack) and network drivers (virtio-net, a tap
 * device on linuxu).
 *
 * Provides the registered devices with their MAC address, MTU and link
 * state; N receive and M transmit queues per device; bursts of many
 * packet buffers (tess/netbuf.h) in and out per call; per receive queue,
 * poll mode or interrupt mode with a wake-up callback; statistics per
 * queue (packets, bytes, drops, errors) with totals. Drivers register
 * through tess/netdev_driver.h.
 *
 * Life of a device: registered -> tess_netdev_configure (queues, ring
 * sizes, the pool receive buffers come from) -> tess_netdev_start ->
 * bursts -> tess_netdev_stop (every buffer the driver held is back in its
 * pool) -> configure again or start again.
 *
 * Zero copy: a received frame is in the very buffer the driver posted to
 * its receive ring (the device wrote it there); rx_burst hands that
 * buffer's pointer to the application. tx_burst puts the application's
 * buffers themselves into the transmit ring; the driver frees each to its
 * pool when the device is done with it. Neither the library nor a driver
 * copies a frame. A frame is one buffer (no chains), at most
 * mtu + TESS_NETDEV_FRAME_OVERHEAD bytes.
 *
 * Ownership: a buffer rx_burst returns is the caller's (to free, keep or
 * transmit). A buffer tx_burst accepts is the driver's from then on; the
 * ones it did not accept (always the tail of the array) stay the caller's.
 *
 * Needs: lib/pool, lib/alloc (a device's record, at registration).
 *
 * Promises:
 * - Every argument is checked: an unknown device (NULL), a queue beyond
 *   the configured ones, a device not configured or not started, a bad
 *   configuration: -EINVAL from the calls that return an int, 0 packets
 *   from the bursts; nothing reaches the driver.
 * - Each transmitted buffer is checked before the driver sees it (at
 *   least an Ethernet header, at most the MTU's frame, data inside its
 *   buffer); the burst stops at the first bad one, which stays the
 *   caller's and counts as a transmit error.
 * - No allocation on the data path (bursts, interrupt mode, statistics).
 * - Safe from any thread: a queue is in at most one burst at a time (a
 *   second caller on a busy queue gets 0 packets, the first is not
 *   disturbed); configure, start and stop never overlap a burst or each
 *   other (-EBUSY). Counters change with interrupts masked, so a
 *   statistics snapshot is consistent. Bursts are for threads; interrupt
 *   handlers wake threads.
 * - Errors are negative errno values; bad arguments never crash.
 */
#ifndef TESS_NETDEV_H
#define TESS_NETDEV_H

#include <stdbool.h>
#include <stdint.h>
#include <tess/netbuf.h>

struct tess_netdev;

/* Queues per direction a device may have. */
#define TESS_NETDEV_QUEUES_MAX 8
/* Longest device name ("net0", "tap0"), in characters. */
#define TESS_NETDEV_NAME_MAX	   15
#define TESS_NETDEV_ETH_HEADER_LEN 14
/* A frame's bytes beyond the MTU: the Ethernet header and one VLAN tag
 * (no FCS: devices add and check it). */
#define TESS_NETDEV_FRAME_OVERHEAD 18
/* IPv4's smallest MTU; the largest keeps a frame's length in 16 bits. */
#define TESS_NETDEV_MTU_MIN 68
#define TESS_NETDEV_MTU_MAX (UINT16_MAX - TESS_NETDEV_FRAME_OVERHEAD)

struct tess_netdev_info {
	const char *name;
	uint8_t mac[6];
	uint16_t mtu;		/* largest frame payload */
	uint16_t rx_queues_max; /* 1..TESS_NETDEV_QUEUES_MAX */
	uint16_t tx_queues_max; /* 1..TESS_NETDEV_QUEUES_MAX */
	uint16_t ring_size_max; /* entries per ring: a power of two */
	/* Bytes the driver writes before each received frame: the receive
	 * pool's headroom must be at least this. Transmit buffers with as
	 * much go to the device in one piece. */
	uint16_t headroom;
	/* Now: the driver reports changes (tess_netdev_link_set). */
	bool link_up;
};

struct tess_netdev_conf {
	uint16_t rx_queues; /* 1..info->rx_queues_max */
	uint16_t tx_queues; /* 1..info->tx_queues_max */
	/* Entries per ring: a power of two (virtio's split rings are) up to
	 * info->ring_size_max; 0 means ring_size_max. */
	uint16_t rx_ring_size, tx_ring_size;
	/* Where the driver takes the buffers it posts for receiving (every
	 * receive queue): headroom at least info->headroom, room for a
	 * frame of mtu + TESS_NETDEV_FRAME_OVERHEAD bytes. A pool with
	 * fewer buffers than the rings hold fills them partly; a frame that
	 * finds no posted buffer is a receive drop. */
	struct tess_netbuf_pool *rx_pool;
};

struct tess_netdev_queue_stats {
	uint64_t packets, bytes; /* handed out (rx), accepted (tx) */
	/* rx: frames lost for want of a posted buffer. tx: buffers the
	 * driver did not accept (its ring was full), each time offered. */
	uint64_t drops;
	/* rx: frames the device flagged bad. tx: buffers refused as bad
	 * (one per burst) and frames the device failed to send. */
	uint64_t errors;
};

/* Counted since registration or the last reset; queues beyond the
 * configured ones keep what they counted before a reconfiguration, and
 * the totals include them. */
struct tess_netdev_stats {
	uint16_t rx_queues, tx_queues; /* configured now (0: not configured) */
	struct tess_netdev_queue_stats rx_total, tx_total;
	struct tess_netdev_queue_stats rx[TESS_NETDEV_QUEUES_MAX];
	struct tess_netdev_queue_stats tx[TESS_NETDEV_QUEUES_MAX];
};

/* Called once when a frame reaches a receive queue in interrupt mode,
 * from the driver's interrupt handler: it must not block (wake a thread).
 * A function type, so that no typedef hides a pointer (docs STYLE). */
typedef void tess_netdev_wake_fn(struct tess_netdev *dev, uint16_t queue,
				 void *arg);

/* The registered devices: how many, the i-th, or the one named name
 * (NULL when none). */
unsigned int tess_netdev_count(void);
struct tess_netdev *tess_netdev_get(unsigned int i);
struct tess_netdev *tess_netdev_find(const char *name);

/* The device's description (NULL for NULL); link_up is live. */
const struct tess_netdev_info *tess_netdev_info(const struct tess_netdev *dev);

/* Sets the queues, ring sizes and receive pool of a stopped (or never
 * configured) device. Returns 0, -EINVAL (a field out of range, no pool,
 * a pool too small for the MTU or the driver's headroom), -EBUSY (the
 * device is started, or another thread is changing it) or the driver's
 * error (-ENOMEM; the device is then not configured). */
int tess_netdev_configure(struct tess_netdev *dev,
			  const struct tess_netdev_conf *conf);

/* Starts a configured device: its receive rings are filled from the pool.
 * Returns 0, -EINVAL (not configured), -EALREADY (started), -EBUSY
 * (another thread is changing it) or the driver's error. */
int tess_netdev_start(struct tess_netdev *dev);

/* Stops a started device; every buffer the driver held is back in its
 * pool and every queue is in poll mode. Returns 0, -EINVAL (NULL),
 * -EALREADY (not started) or -EBUSY (a burst is running in another
 * thread, or another thread is changing it: try again). */
int tess_netdev_stop(struct tess_netdev *dev);

/* Receives up to n frames of a queue into bufs[0..]: returns how many (0
 * when none wait, or for bad arguments). Each is the caller's. */
uint16_t tess_netdev_rx_burst(struct tess_netdev *dev, uint16_t queue,
			      struct tess_netbuf **bufs, uint16_t n);

/* Transmits bufs[0..n-1] on a queue: returns how many the driver took,
 * always the first ones; the rest stay the caller's (retry or free them).
 * n may be 0 (bufs may then be NULL): the driver only frees the buffers
 * the device has finished sending, which a queue that went quiet would
 * otherwise keep. */
uint16_t tess_netdev_tx_burst(struct tess_netdev *dev, uint16_t queue,
			      struct tess_netbuf *const *bufs, uint16_t n);

/*
 * Puts a receive queue of a started device in interrupt mode: wake(dev,
 * queue, arg) will be called once, at the next frame, after the queue is
 * back in poll mode (so a burst of frames wakes once; call this again
 * after draining the queue). Returns 0 (armed: sleep until woken), 1
 * (frames are already waiting: the queue stays in poll mode and wake will
 * not be called; poll again), -EINVAL (bad arguments, not started),
 * -EBUSY (a burst is running on the queue in another thread) or -ENOTSUP
 * (the driver has no interrupts: poll). To sleep, call it and block (a
 * lib/sched wait queue) under one tess_plat_irq_save(), so that a frame
 * arriving in between wakes the sleeper instead of nobody.
 */
int tess_netdev_rxq_interrupts_on(struct tess_netdev *dev, uint16_t queue,
				  tess_netdev_wake_fn *wake, void *arg);

/* Back to poll mode before the wake came (a timeout). Returns 0 (also
 * when already in poll mode) or -EINVAL. */
int tess_netdev_rxq_interrupts_off(struct tess_netdev *dev, uint16_t queue);

/* A consistent snapshot of the counters. Returns 0 or -EINVAL. */
int tess_netdev_stats_get(const struct tess_netdev *dev,
			  struct tess_netdev_stats *out);

/* Sets every counter to 0. Returns 0 or -EINVAL. */
int tess_netdev_stats_reset(struct tess_netdev *dev);

#endif /* TESS_NETDEV_H */
