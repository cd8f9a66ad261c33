/* SPDX-License-Identifier: BSD-3-Clause */
/* The loopback network device of lib/netdev's tests: its driver, its
 * "wire", and helpers to set it up and make frames (see loopdev.h). */
#include <errno.h>
#include <string.h>
#include <tess/test.h>
#include <tess/test_util.h>

#include "loopdev.h"

struct loopdev loop0, poll0;
struct tess_netbuf_pool *loopdev_rx_pool, *loopdev_tx_pool;

static void ring_push(struct loopdev_ring *r, struct tess_netbuf *b)
{
	r->slot[(r->head + r->count++) % LOOPDEV_RING_MAX] = b;
}

static struct tess_netbuf *ring_pop(struct loopdev_ring *r)
{
	struct tess_netbuf *b;

	if (!r->count)
		return NULL;
	b = r->slot[r->head];
	r->head = (r->head + 1) % LOOPDEV_RING_MAX;
	r->count--;
	return b;
}

struct tess_netbuf *loopdev_ring_at(const struct loopdev_ring *r,
				    unsigned int i)
{
	return r->slot[(r->head + i) % LOOPDEV_RING_MAX];
}

static void ring_free(struct loopdev_ring *r)
{
	while (r->count)
		tess_netbuf_free(ring_pop(r));
}

static int loop_configure(struct tess_netdev *dev,
			  const struct tess_netdev_conf *conf)
{
	struct loopdev *l = tess_netdev_priv(dev);

	l->configures++;
	if (l->configure_error)
		return l->configure_error;
	l->conf = *conf;
	return 0;
}

/* Posts buffers until the ring is full or the pool empty. */
static void loop_refill(struct loopdev *l, uint16_t q)
{
	while (l->posted[q].count + l->received[q].count <
	       l->conf.rx_ring_size) {
		struct tess_netbuf *b = tess_netbuf_alloc(l->conf.rx_pool);

		if (!b)
			break;
		ring_push(&l->posted[q], b);
	}
}

static int loop_start(struct tess_netdev *dev)
{
	struct loopdev *l = tess_netdev_priv(dev);

	l->starts++;
	for (uint16_t q = 0; q < l->conf.rx_queues; q++)
		loop_refill(l, q);
	return 0;
}

static void loop_stop(struct tess_netdev *dev)
{
	struct loopdev *l = tess_netdev_priv(dev);

	l->stops++;
	for (int q = 0; q < LOOPDEV_QUEUES; q++) {
		ring_free(&l->posted[q]);
		ring_free(&l->received[q]);
		ring_free(&l->sending[q]);
		ring_free(&l->sent[q]);
		l->interrupts[q] = false;
	}
}

static uint16_t loop_rx_burst(struct tess_netdev *dev, uint16_t q,
			      struct tess_netbuf **bufs, uint16_t n)
{
	struct loopdev *l = tess_netdev_priv(dev);
	uint16_t got = 0;

	if (l->in_rx_burst)
		l->in_rx_burst();
	while (got < n && l->received[q].count)
		bufs[got++] = ring_pop(&l->received[q]);
	loop_refill(l, q);
	return got;
}

static uint16_t loop_tx_burst(struct tess_netdev *dev, uint16_t q,
			      struct tess_netbuf *const *bufs, uint16_t n)
{
	struct loopdev *l = tess_netdev_priv(dev);
	uint16_t taken = 0;

	l->tx_calls++;
	ring_free(&l->sent[q]);
	while (taken < n && l->sending[q].count < l->conf.tx_ring_size)
		ring_push(&l->sending[q], bufs[taken++]);
	return taken;
}

static int loop_interrupts_on(struct tess_netdev *dev, uint16_t q)
{
	struct loopdev *l = tess_netdev_priv(dev);

	l->interrupts[q] = true;
	return l->received[q].count > 0;
}

static void loop_interrupts_off(struct tess_netdev *dev, uint16_t q)
{
	struct loopdev *l = tess_netdev_priv(dev);

	l->interrupts[q] = false;
}

const struct tess_netdev_ops loopdev_ops = {
	.configure = loop_configure,
	.start = loop_start,
	.stop = loop_stop,
	.rx_burst = loop_rx_burst,
	.tx_burst = loop_tx_burst,
	.rxq_interrupts_on = loop_interrupts_on,
	.rxq_interrupts_off = loop_interrupts_off,
};

static const struct tess_netdev_ops poll_ops = {
	.configure = loop_configure,
	.start = loop_start,
	.stop = loop_stop,
	.rx_burst = loop_rx_burst,
	.tx_burst = loop_tx_burst,
};

/* Every frame sent on queue q goes into the next posted buffer of receive
 * queue q, behind a header (the device's copy, as a wire's: the driver and
 * the library copy nothing), or is dropped when none is posted. Then the
 * device interrupts, if asked to. */
void loopdev_wire_run(struct loopdev *l, uint16_t q)
{
	bool arrived = false;

	while (l->sending[q].count) {
		struct tess_netbuf *out = ring_pop(&l->sending[q]);
		struct tess_netbuf *in = ring_pop(&l->posted[q]);

		if (in) {
			memset((char *)in->data - LOOPDEV_HEADER_LEN, 0xee,
			       LOOPDEV_HEADER_LEN);
			memcpy(in->data, out->data, out->len);
			in->len = out->len;
			ring_push(&l->received[q], in);
			arrived = true;
		} else {
			tess_netdev_rxq_losses_add(l->dev, q, 1, 0);
		}
		ring_push(&l->sent[q], out);
	}
	if (arrived && l->interrupts[q])
		tess_netdev_rxq_wake(l->dev, q);
}

struct tess_netdev_info loopdev_info(const char *name)
{
	struct tess_netdev_info info = {
		.name = name,
		.mac = {0x02, 0, 0, 0, 0, 1},
		.mtu = LOOPDEV_MTU,
		.rx_queues_max = LOOPDEV_QUEUES,
		.tx_queues_max = LOOPDEV_QUEUES,
		.ring_size_max = LOOPDEV_RING_MAX,
		.headroom = LOOPDEV_HEADER_LEN,
	};

	return info;
}

bool loopdev_ensure(void)
{
	struct tess_netdev_info info;

	if (!loopdev_rx_pool)
		tess_netbuf_pool_create(&loopdev_rx_pool, "rx",
					LOOPDEV_POOL_COUNT, 2048, 64);
	if (!loopdev_tx_pool)
		tess_netbuf_pool_create(&loopdev_tx_pool, "tx",
					LOOPDEV_POOL_COUNT, 2048, 64);
	if (!loop0.dev) {
		info = loopdev_info("loop0");
		tess_netdev_register(&info, &loopdev_ops, &loop0, &loop0.dev);
	}
	if (!poll0.dev) {
		info = loopdev_info("poll0");
		tess_netdev_register(&info, &poll_ops, &poll0, &poll0.dev);
	}
	return loopdev_rx_pool && loopdev_tx_pool && loop0.dev && poll0.dev;
}

int loopdev_setup(struct loopdev *l, uint16_t queues, uint16_t rx_ring,
		  uint16_t tx_ring, struct tess_netbuf_pool *pool)
{
	struct tess_netdev_conf conf = {queues, queues, rx_ring, tx_ring, pool};
	int err = tess_netdev_configure(l->dev, &conf);

	return err ? err : tess_netdev_start(l->dev);
}

void loopdev_teardown(struct loopdev *l)
{
	EXPECT_EQ(tess_netdev_stop(l->dev), 0);
	EXPECT_EQ(tess_netbuf_pool_available(loopdev_rx_pool),
		  LOOPDEV_POOL_COUNT);
	EXPECT_EQ(tess_netbuf_pool_available(loopdev_tx_pool),
		  LOOPDEV_POOL_COUNT);
}

struct tess_netbuf *loopdev_frame(uint16_t len, unsigned int id)
{
	/* To 02:00:00:00:00:02 from 02:00:00:00:00:01, a local
	 * experimental EtherType. */
	static const uint8_t header[TESS_NETDEV_ETH_HEADER_LEN] = {
		0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x88, 0xb5};
	struct tess_netbuf *b = tess_netbuf_alloc(loopdev_tx_pool);

	if (!b)
		return NULL;
	memcpy(b->data, header, sizeof(header));
	tess_test_pattern_fill((char *)b->data + sizeof(header),
			       len - sizeof(header), id);
	b->len = len;
	return b;
}

bool loopdev_frames(struct tess_netbuf **bufs, unsigned int n, uint16_t len)
{
	for (unsigned int i = 0; i < n; i++) {
		bufs[i] = loopdev_frame(len, i);
		if (!bufs[i])
			return false;
	}
	return true;
}
