/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The loopback network device lib/netdev's tests drive (tests/loopdev.c),
 * built like virtio-net: its driver posts receive buffers from the pool,
 * and what is sent on transmit queue q reaches receive queue q when a test
 * runs the device (loopdev_wire_run, from a thread or a timer's
 * interrupt), written into the next posted buffer behind a 12-byte header;
 * a frame that finds no posted buffer is dropped. Sent buffers are freed
 * at the next transmit burst. Rings hold at most 8 entries, so they fill.
 * The tests look into its rings to see which buffers it holds.
 */
#ifndef TESS_NETDEV_LOOPDEV_H
#define TESS_NETDEV_LOOPDEV_H

#include <stdbool.h>
#include <stdint.h>
#include <tess/netdev_driver.h>

#define LOOPDEV_RING_MAX   8
#define LOOPDEV_QUEUES	   2
#define LOOPDEV_HEADER_LEN 12 /* what the device writes before a frame */
#define LOOPDEV_MTU	   1500
#define LOOPDEV_POOL_COUNT 32

/* A FIFO of buffers: one of the device's rings. */
struct loopdev_ring {
	struct tess_netbuf *slot[LOOPDEV_RING_MAX];
	unsigned int head, count;
};

struct loopdev {
	struct tess_netdev *dev;
	struct tess_netdev_conf conf;
	/* The rings, per queue. */
	struct loopdev_ring posted[LOOPDEV_QUEUES];   /* empty, for receiving */
	struct loopdev_ring received[LOOPDEV_QUEUES]; /* filled by the device */
	struct loopdev_ring sending[LOOPDEV_QUEUES];  /* not sent yet */
	struct loopdev_ring sent[LOOPDEV_QUEUES];     /* sent, not freed yet */
	bool interrupts[LOOPDEV_QUEUES];
	int configure_error; /* what the next configure returns */
	unsigned int configures, starts, stops, tx_calls;
	void (*in_rx_burst)(void); /* run inside rx_burst when set */
};

/* loop0 has interrupts; poll0 has none (its ops lack them). */
extern struct loopdev loop0, poll0;
extern const struct tess_netdev_ops loopdev_ops;

/* Receive buffers (the devices' pool) and the application's transmit
 * buffers, LOOPDEV_POOL_COUNT each with a 64-byte headroom: made once,
 * shared by the tests, all back in their pools after each. */
extern struct tess_netbuf_pool *loopdev_rx_pool, *loopdev_tx_pool;

/* Registers loop0 and poll0 and makes the pools, the first time; whether
 * they are all there. */
bool loopdev_ensure(void);

/* The description loop0 and poll0 registered with, named name. */
struct tess_netdev_info loopdev_info(const char *name);

/* Configures (queues of each kind) and starts l: 0 or the error. */
int loopdev_setup(struct loopdev *l, uint16_t queues, uint16_t rx_ring,
		  uint16_t tx_ring, struct tess_netbuf_pool *pool);

/* Stops l, and expects every buffer back in the shared pools. */
void loopdev_teardown(struct loopdev *l);

/* The device: moves what was sent on queue q to receive queue q. */
void loopdev_wire_run(struct loopdev *l, uint16_t q);

/* The i-th buffer of a ring, oldest first. */
struct tess_netbuf *loopdev_ring_at(const struct loopdev_ring *r,
				    unsigned int i);

/* A frame of len bytes from the transmit pool: an Ethernet header, then
 * the test pattern of id (tess/test_util.h). NULL when the pool is empty. */
struct tess_netbuf *loopdev_frame(uint16_t len, unsigned int id);

/* n frames of len bytes into bufs, with ids 0..n-1. False when the pool
 * ran out. */
bool loopdev_frames(struct tess_netbuf **bufs, unsigned int n, uint16_t len);

#endif /* TESS_NETDEV_LOOPDEV_H */
