/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * l2reflect: sends every Ethernet frame received on a network device back
 * out of the same device, source and destination MAC addresses swapped.
 * The first packet-processing application: netdev's bursts, zero copy,
 * polling while frames flow and sleeping on an interrupt when they stop.
 *
 * usage: l2reflect [COUNT]
 *   Reflects frames until COUNT have been reflected (0, the default:
 *   until stopped by SIGTERM, SIGINT or SIGHUP, e.g. tess stop), then
 *   prints each device's statistics.
 * usage: l2reflect --send COUNT SIZE
 *   Transmits only: COUNT frames of SIZE bytes (60..1514) out of the
 *   first device as fast as it takes them, then prints frames per
 *   second (bench/net's transmit row).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tess/netdev.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>

#define BURST	   32
#define DEVICES	   8
#define IDLE_POLLS 256 /* empty polls before sleeping on an interrupt */

static struct tess_sched_waitq wake_wq = TESS_SCHED_WAITQ_INIT(wake_wq);
static volatile bool stopping, woken;
static struct tess_netbuf_pool *first_pool; /* the first device's */
static unsigned long long unsent; /* frames in hand when stopped */

static void host_signal(enum tess_irq irq, void *arg)
{
	(void)irq;
	(void)arg;
	if (tess_plat_host_signals_take()) {
		stopping = true;
		tess_sched_waitq_wake_all(&wake_wq);
	}
}

static void frames_arrived(struct tess_netdev *dev, uint16_t queue, void *arg)
{
	(void)dev;
	(void)queue;
	(void)arg;
	woken = true;
	tess_sched_waitq_wake_all(&wake_wq);
}

static void swap_macs(struct tess_netbuf *buf)
{
	uint8_t *frame = buf->data, mac[6];

	memcpy(mac, frame, 6);
	memcpy(frame, frame + 6, 6);
	memcpy(frame + 6, mac, 6);
}

/* Sends bufs[0..n) back. A full transmit ring is waited for (the
 * device drains it), not dropped from: frames wait in the receive ring
 * and, beyond it, in the host's tap queue, which counts what it drops. */
static void reflect(struct tess_netdev *dev, struct tess_netbuf **bufs,
		    uint16_t n)
{
	uint16_t sent = 0;

	while (sent < n && !stopping)
		sent += tess_netdev_tx_burst(dev, 0, bufs + sent, n - sent);
	if (sent < n) {
		unsent += n - sent;
		tess_netbuf_free_bulk(bufs + sent, n - sent);
	}
}

/* Arms every device's receive interrupt and sleeps until one fires or a
 * signal stops us; returns at once when frames already wait. */
static void sleep_until_frames(struct tess_netdev **devs, unsigned int ndev)
{
	bool was = tess_plat_irq_save();
	bool waiting = false;

	woken = false;
	for (unsigned int i = 0; i < ndev; i++)
		waiting |= tess_netdev_rxq_interrupts_on(devs[i], 0, frames_arrived,
							 NULL) == 1;
	while (!waiting && !woken && !stopping)
		tess_sched_waitq_wait(&wake_wq, TESS_SCHED_FOREVER, "frames");
	for (unsigned int i = 0; i < ndev; i++)
		tess_netdev_rxq_interrupts_off(devs[i], 0);
	tess_plat_irq_restore(was);
}

static void print_stats(struct tess_netdev *dev)
{
	struct tess_netdev_stats s;

	if (tess_netdev_stats_get(dev, &s))
		return;
	printf("l2reflect: %s: rx %llu frames %llu bytes %llu drops %llu "
	       "errors; tx %llu frames %llu bytes %llu drops %llu errors\n",
	       tess_netdev_info(dev)->name,
	       (unsigned long long)s.rx_total.packets,
	       (unsigned long long)s.rx_total.bytes,
	       (unsigned long long)s.rx_total.drops,
	       (unsigned long long)s.rx_total.errors,
	       (unsigned long long)s.tx_total.packets,
	       (unsigned long long)s.tx_total.bytes,
	       (unsigned long long)s.tx_total.drops,
	       (unsigned long long)s.tx_total.errors);
}

static int setup(struct tess_netdev *dev)
{
	const struct tess_netdev_info *info = tess_netdev_info(dev);
	struct tess_netdev_conf conf = {.rx_queues = 1, .tx_queues = 1};
	struct tess_netbuf_pool *pool;
	char name[32];
	int err;

	snprintf(name, sizeof(name), "%s-rx", info->name);
	/* Posted buffers, a burst in hand and transmits in flight. */
	err = tess_netbuf_pool_create(&pool, name,
				      4 * (size_t)info->ring_size_max + BURST,
				      info->mtu + TESS_NETDEV_FRAME_OVERHEAD,
				      info->headroom);
	if (!err) {
		conf.rx_pool = pool;
		err = tess_netdev_configure(dev, &conf);
		if (!first_pool)
			first_pool = pool;
	}
	if (!err)
		err = tess_netdev_start(dev);
	if (err)
		printf("l2reflect: %s: cannot start: %s\n", info->name,
		       strerror(-err));
	else
		printf("l2reflect: %s: MAC %02x:%02x:%02x:%02x:%02x:%02x, "
		       "MTU %u, reflecting\n",
		       info->name, info->mac[0], info->mac[1], info->mac[2],
		       info->mac[3], info->mac[4], info->mac[5], info->mtu);
	return err;
}

/* --send: frames of our own, from the device's pool, bursts of BURST. */
static int send_only(struct tess_netdev *dev, unsigned long long count,
		     unsigned int size)
{
	struct tess_netbuf_pool *pool = first_pool;
	static const uint8_t head[14] = {2, 0xff, 0xff, 0xff, 0xff, 1,
					 2, 0,	  0,	0,    0,    2,
					 0x88, 0xb5};
	struct tess_netbuf *bufs[BURST];
	unsigned long long sent = 0;
	uint64_t start = tess_plat_monotonic_ns(), ns;

	while (sent < count && !stopping) {
		unsigned int n = tess_netbuf_alloc_bulk(pool, bufs, BURST);
		uint16_t done;

		if (n == 0) {
			tess_netdev_tx_burst(dev, 0, NULL, 0); /* reclaim */
			continue;
		}
		for (unsigned int i = 0; i < n; i++) {
			memcpy(bufs[i]->data, head, sizeof(head));
			bufs[i]->len = (uint16_t)size;
		}
		done = tess_netdev_tx_burst(dev, 0, bufs, (uint16_t)n);
		if (done < n)
			tess_netbuf_free_bulk(bufs + done, n - done);
		sent += done;
	}
	ns = tess_plat_monotonic_ns() - start;
	tess_netdev_tx_burst(dev, 0, NULL, 0);
	printf("l2reflect: sent %llu frames of %u bytes in %llu ns: fps %llu\n",
	       sent, size, (unsigned long long)ns,
	       ns ? (unsigned long long)(sent * 1000000000ULL / ns) : 0ULL);
	return 0;
}

int main(int argc, char *argv[])
{
	struct tess_netdev *devs[DEVICES];
	struct tess_netbuf *bufs[BURST];
	unsigned long long limit = 0, reflected = 0;
	unsigned int ndev = 0, idle = 0;
	char *end;

	bool send = argc == 4 && strcmp(argv[1], "--send") == 0;
	unsigned long size = 0;

	if (send) {
		limit = strtoull(argv[2], &end, 10);
		size = strtoul(argv[3], NULL, 10);
		if (*end || size < 60 || size > 1514) {
			printf("usage: l2reflect --send COUNT SIZE (60..1514)\n");
			return 64;
		}
	} else if (argc > 2 || (argc == 2 && (limit = strtoull(argv[1], &end, 10),
					      *end || argv[1][0] == '-'))) {
		printf("usage: l2reflect [COUNT] | --send COUNT SIZE\n");
		return 64;
	}
	for (unsigned int i = 0; i < tess_netdev_count() && ndev < DEVICES; i++)
		if (setup(tess_netdev_get(i)) == 0)
			devs[ndev++] = tess_netdev_get(i);
	if (ndev == 0) {
		printf("l2reflect: no network device (tess run --net "
		       "tap:IFNAME)\n");
		return 1;
	}
	tess_plat_irq_register(TESS_IRQ_HOST, host_signal, NULL);
	if (send)
		return send_only(devs[0], limit, (unsigned int)size);
	while (!stopping && (limit == 0 || reflected < limit)) {
		unsigned int got = 0;

		for (unsigned int i = 0; i < ndev; i++) {
			uint16_t n = tess_netdev_rx_burst(devs[i], 0, bufs,
							  BURST);

			for (uint16_t k = 0; k < n; k++)
				swap_macs(bufs[k]);
			reflect(devs[i], bufs, n);
			got += n;
		}
		reflected += got;
		if (got) {
			idle = 0;
		} else if (++idle >= IDLE_POLLS) {
			/* Transmits still in flight go back to the pool at
			 * the next burst; leave none waiting. */
			for (unsigned int i = 0; i < ndev; i++)
				tess_netdev_tx_burst(devs[i], 0, NULL, 0);
			sleep_until_frames(devs, ndev);
			idle = 0;
		}
	}
	for (unsigned int i = 0; i < ndev; i++) {
		tess_netdev_tx_burst(devs[i], 0, NULL, 0);
		print_stats(devs[i]);
	}
	printf("l2reflect: %llu frames reflected%s", reflected,
	       stopping ? " (stopped)" : "");
	if (unsent)
		printf(", %llu in hand when stopped", unsent);
	printf("\n");
	return 0;
}
