/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network devices: the registry, configure/start/stop, the bursts (checked,
 * counted, one at a time per queue), interrupt mode and statistics.
 *
 * Every field below that a burst, an interrupt handler and a control call
 * can all reach (state, changing, conf, the queues) is read and written
 * with interrupts masked. On one CPU that also keeps threads out: a
 * preemptive scheduler switches only when interrupts are unmasked. The
 * driver's own operations run unmasked (they may be long, or allocate),
 * guarded instead by the busy and changing flags.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/netdev_driver.h>
#include <tess/plat/irq.h>

#include "netbuf_impl.h"

#define DEVICES_MAX 16

enum netdev_state {
	NETDEV_UNCONFIGURED,
	NETDEV_STOPPED, /* configured */
	NETDEV_STARTED,
};

struct netdev_queue {
	struct tess_netdev_queue_stats stats;
	bool busy;  /* a burst is in the driver */
	bool armed; /* interrupt mode: wake is called at the next frame */
	tess_netdev_wake_fn *wake;
	void *wake_arg;
};

struct tess_netdev {
	char name[TESS_NETDEV_NAME_MAX + 1];
	struct tess_netdev_info info;
	const struct tess_netdev_ops *ops;
	void *priv;
	uint16_t frame_max; /* mtu + TESS_NETDEV_FRAME_OVERHEAD */
	enum netdev_state state;
	bool changing; /* configure, start or stop is in the driver */
	struct tess_netdev_conf conf;
	struct netdev_queue rxq[TESS_NETDEV_QUEUES_MAX];
	struct netdev_queue txq[TESS_NETDEV_QUEUES_MAX];
};

/* Registered at boot (drivers' init) or by tests; read afterwards. */
static struct tess_netdev *devices[DEVICES_MAX];
static unsigned int device_count;

unsigned int tess_netdev_count(void)
{
	return device_count;
}

struct tess_netdev *tess_netdev_get(unsigned int i)
{
	return i < device_count ? devices[i] : NULL;
}

struct tess_netdev *tess_netdev_find(const char *name)
{
	for (unsigned int i = 0; name && i < device_count; i++)
		if (strcmp(devices[i]->name, name) == 0)
			return devices[i];
	return NULL;
}

const struct tess_netdev_info *tess_netdev_info(const struct tess_netdev *dev)
{
	return dev ? &dev->info : NULL;
}

void *tess_netdev_priv(const struct tess_netdev *dev)
{
	return dev ? dev->priv : NULL;
}

const struct tess_netdev_conf *tess_netdev_conf(const struct tess_netdev *dev)
{
	return dev ? &dev->conf : NULL;
}

static bool info_valid(const struct tess_netdev_info *info)
{
	return info->name && info->name[0] &&
	       strlen(info->name) <= TESS_NETDEV_NAME_MAX &&
	       info->mtu >= TESS_NETDEV_MTU_MIN &&
	       info->mtu <= TESS_NETDEV_MTU_MAX && info->rx_queues_max &&
	       info->rx_queues_max <= TESS_NETDEV_QUEUES_MAX &&
	       info->tx_queues_max &&
	       info->tx_queues_max <= TESS_NETDEV_QUEUES_MAX &&
	       TESS_IS_POW2(info->ring_size_max);
}

static bool ops_valid(const struct tess_netdev_ops *ops)
{
	return ops->configure && ops->start && ops->stop && ops->rx_burst &&
	       ops->tx_burst &&
	       !ops->rxq_interrupts_on == !ops->rxq_interrupts_off;
}

int tess_netdev_register(const struct tess_netdev_info *info,
			 const struct tess_netdev_ops *ops, void *priv,
			 struct tess_netdev **out)
{
	struct tess_netdev *dev;
	const uint8_t *m;

	if (!info || !ops || !info_valid(info) || !ops_valid(ops))
		return -EINVAL;
	if (tess_netdev_find(info->name))
		return -EEXIST;
	if (device_count == DEVICES_MAX)
		return -ENOMEM;
	dev = tess_calloc(tess_alloc_default(), 1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	snprintf(dev->name, sizeof(dev->name), "%s", info->name);
	dev->info = *info;
	dev->info.name = dev->name;
	dev->ops = ops;
	dev->priv = priv;
	dev->frame_max = (uint16_t)(info->mtu + TESS_NETDEV_FRAME_OVERHEAD);
	devices[device_count++] = dev;
	m = info->mac;
	tess_pr_info("%s: mac %02x:%02x:%02x:%02x:%02x:%02x, mtu %u, link %s, "
		     "up to %u rx and %u tx queues of %u entries",
		     dev->name, m[0], m[1], m[2], m[3], m[4], m[5], info->mtu,
		     info->link_up ? "up" : "down", info->rx_queues_max,
		     info->tx_queues_max, info->ring_size_max);
	if (out)
		*out = dev;
	return 0;
}

/* Why conf cannot be used on dev, or NULL when it can; ring sizes of 0
 * are replaced by the largest. */
static const char *conf_problem(const struct tess_netdev *dev,
				struct tess_netdev_conf *c)
{
	const struct tess_netdev_info *info = &dev->info;

	if (!c->rx_ring_size)
		c->rx_ring_size = info->ring_size_max;
	if (!c->tx_ring_size)
		c->tx_ring_size = info->ring_size_max;
	if (!c->rx_queues || c->rx_queues > info->rx_queues_max)
		return "receive queues out of range";
	if (!c->tx_queues || c->tx_queues > info->tx_queues_max)
		return "transmit queues out of range";
	if (!TESS_IS_POW2(c->rx_ring_size) ||
	    c->rx_ring_size > info->ring_size_max ||
	    !TESS_IS_POW2(c->tx_ring_size) ||
	    c->tx_ring_size > info->ring_size_max)
		return "a ring size is not a power of two up to the device's";
	if (!c->rx_pool)
		return "no receive pool";
	if (c->rx_pool->info.headroom < info->headroom)
		return "the receive pool's headroom is below the driver's";
	if (c->rx_pool->info.data_size < dev->frame_max)
		return "the receive pool's buffers are too small for the MTU";
	return NULL;
}

int tess_netdev_configure(struct tess_netdev *dev,
			  const struct tess_netdev_conf *conf)
{
	struct tess_netdev_conf c;
	const char *problem;
	bool was;
	int err;

	if (!dev || !conf)
		return -EINVAL;
	c = *conf;
	problem = conf_problem(dev, &c);
	if (problem) {
		tess_pr_err("%s: configuration refused: %s", dev->name,
			    problem);
		return -EINVAL;
	}
	was = tess_plat_irq_save();
	err = dev->changing || dev->state == NETDEV_STARTED ? -EBUSY : 0;
	dev->changing = !err;
	tess_plat_irq_restore(was);
	if (err)
		return err;

	err = dev->ops->configure(dev, &c);

	was = tess_plat_irq_save();
	if (dev->state != NETDEV_UNCONFIGURED)
		dev->conf.rx_pool->receivers--;
	if (err) {
		memset(&dev->conf, 0, sizeof(dev->conf));
		dev->state = NETDEV_UNCONFIGURED;
	} else {
		dev->conf = c;
		c.rx_pool->receivers++;
		dev->state = NETDEV_STOPPED;
	}
	dev->changing = false;
	tess_plat_irq_restore(was);
	return err;
}

int tess_netdev_start(struct tess_netdev *dev)
{
	bool was;
	int err;

	if (!dev)
		return -EINVAL;
	was = tess_plat_irq_save();
	if (dev->changing)
		err = -EBUSY;
	else if (dev->state == NETDEV_UNCONFIGURED)
		err = -EINVAL;
	else if (dev->state == NETDEV_STARTED)
		err = -EALREADY;
	else
		err = 0;
	dev->changing = !err;
	tess_plat_irq_restore(was);
	if (err)
		return err;

	err = dev->ops->start(dev);

	was = tess_plat_irq_save();
	if (!err)
		dev->state = NETDEV_STARTED;
	dev->changing = false;
	tess_plat_irq_restore(was);
	return err;
}

static bool any_burst_running(const struct tess_netdev *dev)
{
	for (unsigned int i = 0; i < TESS_NETDEV_QUEUES_MAX; i++)
		if (dev->rxq[i].busy || dev->txq[i].busy)
			return true;
	return false;
}

int tess_netdev_stop(struct tess_netdev *dev)
{
	bool was;
	int err = 0;

	if (!dev)
		return -EINVAL;
	was = tess_plat_irq_save();
	if (dev->changing || any_burst_running(dev)) {
		err = -EBUSY;
	} else if (dev->state != NETDEV_STARTED) {
		err = -EALREADY;
	} else {
		/* From here no burst starts and no wake is delivered; the
		 * driver's stop silences its interrupts. */
		dev->state = NETDEV_STOPPED;
		dev->changing = true;
		for (unsigned int i = 0; i < TESS_NETDEV_QUEUES_MAX; i++)
			dev->rxq[i].armed = false;
	}
	tess_plat_irq_restore(was);
	if (err)
		return err;

	dev->ops->stop(dev);

	was = tess_plat_irq_save();
	dev->changing = false;
	tess_plat_irq_restore(was);
	return 0;
}

/* The queue for a burst, now marked busy; NULL when the device is not
 * started, the queue not configured, or in a burst already. */
static struct netdev_queue *burst_begin(struct tess_netdev *dev, bool rx,
					uint16_t queue)
{
	struct netdev_queue *q = NULL;
	bool was = tess_plat_irq_save();
	uint16_t count = rx ? dev->conf.rx_queues : dev->conf.tx_queues;

	if (dev->state == NETDEV_STARTED && queue < count) {
		q = rx ? &dev->rxq[queue] : &dev->txq[queue];
		if (q->busy)
			q = NULL;
		else
			q->busy = true;
	}
	tess_plat_irq_restore(was);
	return q;
}

static void burst_end(struct netdev_queue *q, uint16_t packets, uint64_t bytes,
		      uint16_t drops, uint16_t errors)
{
	bool was = tess_plat_irq_save();

	q->stats.packets += packets;
	q->stats.bytes += bytes;
	q->stats.drops += drops;
	q->stats.errors += errors;
	q->busy = false;
	tess_plat_irq_restore(was);
}

uint16_t tess_netdev_rx_burst(struct tess_netdev *dev, uint16_t queue,
			      struct tess_netbuf **bufs, uint16_t n)
{
	struct netdev_queue *q;
	uint64_t bytes = 0;
	uint16_t got;

	if (!dev || !bufs || !n)
		return 0;
	q = burst_begin(dev, true, queue);
	if (!q)
		return 0;
	got = dev->ops->rx_burst(dev, queue, bufs, n);
	TESS_ASSERT(got <= n);
	for (uint16_t i = 0; i < got; i++)
		bytes += bufs[i]->len;
	burst_end(q, got, bytes, 0, 0);
	return got;
}

/* Whether buf may go to a device: a frame from an Ethernet header to
 * frame_max bytes, wholly inside the buffer, which has a pool to go back
 * to. */
static bool tx_buffer_valid(const struct tess_netbuf *buf, uint16_t frame_max)
{
	uintptr_t start, at;

	if (!buf || !buf->pool || buf->len < TESS_NETDEV_ETH_HEADER_LEN ||
	    buf->len > frame_max)
		return false;
	start = (uintptr_t)buf->storage;
	at = (uintptr_t)buf->data;
	return at >= start && at - start <= buf->capacity &&
	       buf->capacity - (at - start) >= buf->len;
}

uint16_t tess_netdev_tx_burst(struct tess_netdev *dev, uint16_t queue,
			      struct tess_netbuf *const *bufs, uint16_t n)
{
	struct netdev_queue *q;
	uint16_t valid = 0, sent = 0;
	uint64_t bytes = 0;

	if (!dev || (n && !bufs))
		return 0;
	q = burst_begin(dev, false, queue);
	if (!q)
		return 0;
	while (valid < n && tx_buffer_valid(bufs[valid], dev->frame_max))
		bytes += bufs[valid++]->len;
	/* A burst of 0 asks the driver to free what the device finished; one
	 * whose first buffer is bad has nothing for it. */
	if (valid || !n)
		sent = dev->ops->tx_burst(dev, queue, bufs, valid);
	TESS_ASSERT(sent <= valid);
	/* Those not taken are still the caller's, so still readable; the
	 * taken ones may be back in their pool already. */
	for (uint16_t i = sent; i < valid; i++)
		bytes -= bufs[i]->len;
	burst_end(q, sent, bytes, valid - sent, valid < n);
	return sent;
}

int tess_netdev_rxq_interrupts_on(struct tess_netdev *dev, uint16_t queue,
				  tess_netdev_wake_fn *wake, void *arg)
{
	struct netdev_queue *q;
	bool was;
	int ret;

	if (!dev || !wake)
		return -EINVAL;
	if (!dev->ops->rxq_interrupts_on)
		return -ENOTSUP;
	was = tess_plat_irq_save();
	if (dev->state != NETDEV_STARTED || queue >= dev->conf.rx_queues) {
		ret = -EINVAL;
	} else if (dev->rxq[queue].busy) {
		ret = -EBUSY;
	} else {
		q = &dev->rxq[queue];
		q->wake = wake;
		q->wake_arg = arg;
		q->armed = true;
		/* Masked: the driver's interrupt cannot come in between, and
		 * finds the queue armed or not, never half-way. */
		ret = dev->ops->rxq_interrupts_on(dev, queue);
		if (ret != 0)
			q->armed = false;
		if (ret > 0) {
			/* No interrupt comes for frames already there: the
			 * caller polls them, so the queue stays in poll
			 * mode. */
			dev->ops->rxq_interrupts_off(dev, queue);
			ret = 1;
		}
	}
	tess_plat_irq_restore(was);
	return ret;
}

int tess_netdev_rxq_interrupts_off(struct tess_netdev *dev, uint16_t queue)
{
	bool was;
	int ret = 0;

	if (!dev)
		return -EINVAL;
	was = tess_plat_irq_save();
	if (queue >= dev->conf.rx_queues)
		ret = -EINVAL;
	else if (dev->rxq[queue].armed) {
		dev->rxq[queue].armed = false;
		dev->ops->rxq_interrupts_off(dev, queue);
	}
	tess_plat_irq_restore(was);
	return ret;
}

void tess_netdev_rxq_wake(struct tess_netdev *dev, uint16_t queue)
{
	tess_netdev_wake_fn *wake = NULL;
	struct netdev_queue *q;
	void *arg = NULL;
	bool was;

	if (!dev || queue >= TESS_NETDEV_QUEUES_MAX)
		return;
	was = tess_plat_irq_save();
	q = &dev->rxq[queue];
	if (q->armed) {
		/* One wake per arming: a flood of frames costs one interrupt
		 * and one wake, then the application polls (DESIGN §7a). */
		q->armed = false;
		dev->ops->rxq_interrupts_off(dev, queue);
		wake = q->wake;
		arg = q->wake_arg;
	}
	tess_plat_irq_restore(was);
	if (wake)
		wake(dev, queue, arg);
}

static void losses_add(struct netdev_queue *queues, uint16_t queue,
		       uint32_t drops, uint32_t errors)
{
	bool was;

	if (queue >= TESS_NETDEV_QUEUES_MAX)
		return;
	was = tess_plat_irq_save();
	queues[queue].stats.drops += drops;
	queues[queue].stats.errors += errors;
	tess_plat_irq_restore(was);
}

void tess_netdev_rxq_losses_add(struct tess_netdev *dev, uint16_t queue,
				uint32_t drops, uint32_t errors)
{
	if (dev)
		losses_add(dev->rxq, queue, drops, errors);
}

void tess_netdev_txq_losses_add(struct tess_netdev *dev, uint16_t queue,
				uint32_t drops, uint32_t errors)
{
	if (dev)
		losses_add(dev->txq, queue, drops, errors);
}

void tess_netdev_link_set(struct tess_netdev *dev, bool up)
{
	if (!dev || dev->info.link_up == up)
		return;
	dev->info.link_up = up;
	tess_pr_info("%s: link %s", dev->name, up ? "up" : "down");
}

static void stats_sum(struct tess_netdev_queue_stats *total,
		      const struct tess_netdev_queue_stats *q)
{
	total->packets += q->packets;
	total->bytes += q->bytes;
	total->drops += q->drops;
	total->errors += q->errors;
}

int tess_netdev_stats_get(const struct tess_netdev *dev,
			  struct tess_netdev_stats *out)
{
	bool was;

	if (!dev || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	was = tess_plat_irq_save();
	out->rx_queues = dev->conf.rx_queues;
	out->tx_queues = dev->conf.tx_queues;
	for (unsigned int i = 0; i < TESS_NETDEV_QUEUES_MAX; i++) {
		out->rx[i] = dev->rxq[i].stats;
		out->tx[i] = dev->txq[i].stats;
	}
	tess_plat_irq_restore(was);
	for (unsigned int i = 0; i < TESS_NETDEV_QUEUES_MAX; i++) {
		stats_sum(&out->rx_total, &out->rx[i]);
		stats_sum(&out->tx_total, &out->tx[i]);
	}
	return 0;
}

int tess_netdev_stats_reset(struct tess_netdev *dev)
{
	bool was;

	if (!dev)
		return -EINVAL;
	was = tess_plat_irq_save();
	for (unsigned int i = 0; i < TESS_NETDEV_QUEUES_MAX; i++) {
		memset(&dev->rxq[i].stats, 0, sizeof(dev->rxq[i].stats));
		memset(&dev->txq[i].stats, 0, sizeof(dev->txq[i].stats));
	}
	tess_plat_irq_restore(was);
	return 0;
}
