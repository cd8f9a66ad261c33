/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net (virtio 1.2, 5.1): each network device found on
 * TESS_BUS_VIRTIO is registered with lib/netdev as net0, net1, ... with
 * one receive and one transmit queue.
 *
 * Zero copy both ways: a receive buffer is posted as one device-writable
 * descriptor covering the 12-byte virtio-net header (in the buffer's
 * headroom) and the frame room, and handed to the application as it is;
 * a transmit buffer goes out as its header (written into its headroom, or
 * a shared zero header when it has none) and its frame, and goes back to
 * its pool when the device is done with it. Mergeable receive buffers
 * are not negotiated, so each posted buffer holds a whole frame.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/bus.h>
#include <tess/debug.h>
#include <tess/netdev_driver.h>
#include <tess/plat/irq.h>
#include <tess/virtio_dev.h>

#define F_MTU	    3
#define F_MAC	    5
#define F_STATUS    16
#define CONFIG_MAC    0
#define CONFIG_STATUS 6
#define CONFIG_MTU    10
#define STATUS_LINK_UP 1
#define HDR_LEN	    12 /* struct virtio_net_hdr with num_buffers */
#define RXQ	    0
#define TXQ	    1
#define RING_MAX    256
#define MTU_DEFAULT 1500

struct vnet {
	struct tess_virtio_dev *vdev;
	struct tess_netdev *netdev;
	struct tess_virtq *rxq, *txq;
	bool live; /* queues set up, DRIVER_OK */
};

/* The header of a buffer with no headroom for one: all zero (no offload,
 * no GSO), read by the device only. */
static const uint8_t zero_header[HDR_LEN];

/* Reads the link state when the device reports it (else: up). */
static bool link_up(struct vnet *n)
{
	uint16_t status = STATUS_LINK_UP;

	if (tess_virtio_has(n->vdev, F_STATUS))
		n->vdev->ops->config_read(n->vdev, CONFIG_STATUS, &status,
					  sizeof(status));
	return status & STATUS_LINK_UP;
}

static void queues_release(struct vnet *n)
{
	struct tess_netbuf *buf;

	if (n->live)
		n->vdev->ops->reset(n->vdev);
	n->live = false;
	for (int i = 0; i < 2; i++) {
		struct tess_virtq *q = i ? n->txq : n->rxq;

		if (!q)
			continue;
		while ((buf = tess_virtq_detach_unused(q)) != NULL)
			tess_netbuf_free(buf);
		tess_virtq_destroy(q);
	}
	n->rxq = n->txq = NULL;
}

static int vnet_configure(struct tess_netdev *dev,
			  const struct tess_netdev_conf *conf)
{
	struct vnet *n = tess_netdev_priv(dev);
	int err;

	queues_release(n);
	/* Queues are set up between FEATURES_OK and DRIVER_OK: a new
	 * configuration starts the device over. */
	err = tess_virtio_negotiate(n->vdev, n->vdev->features);
	if (!err)
		err = tess_virtio_queue_create(
			n->vdev, RXQ, conf->rx_ring_size ? conf->rx_ring_size : RING_MAX,
			&n->rxq);
	if (!err)
		err = tess_virtio_queue_create(
			n->vdev, TXQ, conf->tx_ring_size ? conf->tx_ring_size : RING_MAX,
			&n->txq);
	if (err) {
		queues_release(n);
		tess_virtio_fail(n->vdev);
		return err;
	}
	/* Transmit completions are taken at the next burst, not by
	 * interrupt; receive interrupts only in interrupt mode. */
	tess_virtq_interrupts_off(n->txq);
	tess_virtq_interrupts_off(n->rxq);
	tess_virtio_ready(n->vdev);
	n->live = true;
	tess_netdev_link_set(dev, link_up(n));
	return 0;
}

/* Posts buf for receive: header and frame room in one descriptor. */
static int post(struct vnet *n, struct tess_netbuf *buf)
{
	struct tess_virtq_buf desc;

	buf->data = buf->storage + tess_netbuf_pool_info(buf->pool)->headroom;
	buf->len = 0;
	desc.addr = (uint8_t *)buf->data - HDR_LEN;
	desc.len = HDR_LEN + tess_netbuf_tailroom(buf);
	return tess_virtq_add(n->rxq, &desc, 0, 1, buf);
}

static int vnet_start(struct tess_netdev *dev)
{
	struct vnet *n = tess_netdev_priv(dev);
	struct tess_netbuf_pool *pool = tess_netdev_conf(dev)->rx_pool;
	struct tess_netbuf *buf;

	while (tess_virtq_free(n->rxq) > 0 && (buf = tess_netbuf_alloc(pool))) {
		if (post(n, buf) < 0) {
			tess_netbuf_free(buf);
			break;
		}
	}
	tess_virtio_kick(n->vdev, RXQ, n->rxq);
	return 0;
}

static void vnet_stop(struct tess_netdev *dev)
{
	struct vnet *n = tess_netdev_priv(dev);
	struct tess_netbuf *buf;

	/* Reset first: the device lets go of every buffer. */
	n->vdev->ops->reset(n->vdev);
	n->live = false;
	while (n->rxq && (buf = tess_virtq_detach_unused(n->rxq)) != NULL)
		tess_netbuf_free(buf);
	while (n->txq && (buf = tess_virtq_detach_unused(n->txq)) != NULL)
		tess_netbuf_free(buf);
}

static uint16_t vnet_rx_burst(struct tess_netdev *dev, uint16_t queue,
			      struct tess_netbuf **bufs, uint16_t n_max)
{
	struct vnet *n = tess_netdev_priv(dev);
	struct tess_netbuf_pool *pool = tess_netdev_conf(dev)->rx_pool;
	uint32_t drops = 0, errors = 0;
	uint16_t got = 0;

	(void)queue;
	while (got < n_max) {
		uint32_t written;
		struct tess_netbuf *buf = tess_virtq_get_used(n->rxq, &written);
		struct tess_netbuf *fresh;

		if (!buf)
			break;
		if (written < HDR_LEN + TESS_NETDEV_ETH_HEADER_LEN) {
			errors++; /* no whole frame: posted again */
			post(n, buf);
			continue;
		}
		fresh = tess_netbuf_alloc(pool);
		if (!fresh) {
			/* No buffer to post in its place: the frame is
			 * dropped and its buffer posted again, so the ring
			 * never runs dry. */
			drops++;
			post(n, buf);
			continue;
		}
		buf->len = (uint16_t)(written - HDR_LEN);
		bufs[got++] = buf;
		post(n, fresh);
	}
	if (drops || errors)
		tess_netdev_rxq_losses_add(dev, RXQ, drops, errors);
	tess_virtio_kick(n->vdev, RXQ, n->rxq);
	return got;
}

/* Gives back what the device has sent. */
static void tx_reclaim(struct vnet *n)
{
	struct tess_netbuf *buf;

	while ((buf = tess_virtq_get_used(n->txq, NULL)) != NULL)
		tess_netbuf_free(buf);
}

static uint16_t vnet_tx_burst(struct tess_netdev *dev, uint16_t queue,
			      struct tess_netbuf *const *bufs, uint16_t count)
{
	struct vnet *n = tess_netdev_priv(dev);
	uint16_t sent = 0;

	(void)queue;
	tx_reclaim(n);
	while (sent < count) {
		struct tess_netbuf *buf = bufs[sent];
		struct tess_virtq_buf desc[2];
		int err;

		if (tess_netbuf_headroom(buf) >= HDR_LEN) {
			desc[0].addr = (uint8_t *)buf->data - HDR_LEN;
			memset(desc[0].addr, 0, HDR_LEN);
			desc[0].len = HDR_LEN + buf->len;
			err = tess_virtq_add(n->txq, desc, 1, 0, buf);
		} else {
			desc[0] = (struct tess_virtq_buf){(void *)zero_header,
							  HDR_LEN};
			desc[1] = (struct tess_virtq_buf){buf->data, buf->len};
			err = tess_virtq_add(n->txq, desc, 2, 0, buf);
		}
		if (err)
			break; /* the ring is full */
		sent++;
	}
	if (sent)
		tess_virtio_kick(n->vdev, TXQ, n->txq);
	return sent;
}

static int vnet_rxq_interrupts_on(struct tess_netdev *dev, uint16_t queue)
{
	struct vnet *n = tess_netdev_priv(dev);

	(void)queue;
	return tess_virtq_interrupts_on(n->rxq) ? 1 : 0;
}

static void vnet_rxq_interrupts_off(struct tess_netdev *dev, uint16_t queue)
{
	struct vnet *n = tess_netdev_priv(dev);

	(void)queue;
	tess_virtq_interrupts_off(n->rxq);
}

static const struct tess_netdev_ops vnet_ops = {
	.configure = vnet_configure,
	.start = vnet_start,
	.stop = vnet_stop,
	.rx_burst = vnet_rx_burst,
	.tx_burst = vnet_tx_burst,
	.rxq_interrupts_on = vnet_rxq_interrupts_on,
	.rxq_interrupts_off = vnet_rxq_interrupts_off,
};

/* Receive frames or a configuration change (the link). */
static void vnet_interrupt(struct tess_virtio_dev *vdev, void *arg)
{
	struct vnet *n = arg;

	(void)vdev;
	if (!n->live)
		return;
	tess_netdev_rxq_wake(n->netdev, RXQ);
}

static unsigned int nics_found;

static int vnet_probe(struct tess_device *dev)
{
	struct tess_virtio_dev *vdev = dev->bus_data;
	struct tess_netdev_info info = {.rx_queues_max = 1, .tx_queues_max = 1,
					.headroom = HDR_LEN};
	unsigned int ring;
	char name[16];
	uint16_t mtu = MTU_DEFAULT;
	struct vnet *n;
	int err;

	err = tess_virtio_negotiate(vdev, 1ULL << F_MAC | 1ULL << F_STATUS |
						  1ULL << F_MTU |
						  1ULL << TESS_VIRTIO_F_EVENT_IDX);
	if (err)
		return err;
	if (!tess_virtio_has(vdev, F_MAC)) {
		/* A random locally administered address would do, but a
		 * monitor that gives none is not one we know. */
		tess_pr_err("%s: the device has no MAC address", dev->name);
		tess_virtio_fail(vdev);
		return -ENODEV;
	}
	vdev->ops->config_read(vdev, CONFIG_MAC, info.mac, sizeof(info.mac));
	if (tess_virtio_has(vdev, F_MTU))
		vdev->ops->config_read(vdev, CONFIG_MTU, &mtu, sizeof(mtu));
	/* Both powers of two: the smaller is one too. */
	ring = tess_virtio_queue_size(vdev, RXQ, RING_MAX);
	if (tess_virtio_queue_size(vdev, TXQ, RING_MAX) < ring)
		ring = tess_virtio_queue_size(vdev, TXQ, RING_MAX);
	if (ring == 0) {
		tess_pr_err("%s: the device has no receive and transmit queues",
			    dev->name);
		tess_virtio_fail(vdev);
		return -ENODEV;
	}
	n = tess_calloc(tess_alloc_default(), 1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->vdev = vdev;
	snprintf(name, sizeof(name), "net%u", nics_found);
	info.name = name;
	info.mtu = mtu;
	info.ring_size_max = (uint16_t)ring;
	info.link_up = tess_virtio_has(vdev, F_STATUS) ? link_up(n) : true;
	err = tess_netdev_register(&info, &vnet_ops, n, &n->netdev);
	if (err) {
		tess_pr_err("%s: cannot register %s: error %d", dev->name,
			    name, err);
		tess_virtio_fail(vdev);
		tess_free(tess_alloc_default(), n);
		return err;
	}
	vdev->on_interrupt_arg = n;
	vdev->on_interrupt = vnet_interrupt;
	dev->driver_data = n;
	nics_found++;
	tess_pr_info("%s: %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, MTU %u",
		     dev->name, name, info.mac[0], info.mac[1], info.mac[2],
		     info.mac[3], info.mac[4], info.mac[5], mtu);
	return 0;
}

static const struct tess_driver virtio_net = {"virtio-net", TESS_BUS_VIRTIO,
					      1, vnet_probe};
TESS_DRIVER(virtio_net);
