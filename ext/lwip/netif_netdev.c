/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net0 as lwIP's Ethernet interface: frames in by bursts from lib/netdev,
 * handed to the stack in the buffers the device wrote them into; frames
 * out copied into packet buffers and sent in bursts.
 *
 * Receiving (DESIGN §7a): a thread per device polls the receive queue;
 * each burst enters the stack under one take of the core lock. After
 * IDLE_POLLS empty polls (yielding between them, so that the threads the
 * frames were for can run) it puts the queue in interrupt mode and
 * sleeps; the interrupt only wakes it, and the queue is back in poll
 * mode: a flood of frames costs one interrupt, not one each.
 *
 * Zero copy in: a received buffer becomes a custom pbuf (PBUF_REF) whose
 * struct sits at the start of the buffer's headroom, ahead of the
 * driver's header; lwIP gives the buffer back to its pool when it frees
 * the pbuf (after the socket's reader has copied the data out, for TCP).
 *
 * One copy out: lwIP's outgoing packets are pbuf chains that TCP keeps
 * for retransmission, so each is copied into a buffer of the transmit
 * pool. Buffers wait in a batch, sent when it is full and whenever the
 * core lock is released (tess_lwip_core_unlock): the replies to a burst
 * of frames leave in one burst.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/debug.h>
#include <tess/lwip.h>
#include <tess/netdev.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>

#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "lwip_impl.h"
#include "netif/ethernet.h"

#define BURST	   32
#define IDLE_POLLS 256 /* empty polls before sleeping on the interrupt */
/* How long a full transmit ring is waited for before the rest of a batch
 * is dropped (TCP sends it again). */
#define TX_FULL_WAIT_NS (2 * 1000 * 1000)
/* Without receive interrupts (a driver that has none): poll this often
 * when idle. */
#define NO_IRQ_POLL_NS (1000 * 1000)

/* A received frame's pbuf, at the start of its buffer's storage. */
struct rx_pbuf {
	struct pbuf_custom custom; /* first: lwIP frees &custom.pbuf */
	struct tess_netbuf *buf;
};

/* Everything here is written at boot by tess_lwip_netdev_up, then:
 * the transmit batch under the core lock, rx_woken by the receive
 * interrupt and the receive thread, has_address by the stack's status
 * callback (core lock held). */
static struct {
	struct tess_netdev *dev;
	struct netif netif;
	struct tess_netbuf_pool *rx_pool, *tx_pool;
	uint16_t max_frame;
	bool expect_address; /* net.ip or DHCP */
	volatile bool has_address;
	struct tess_sched_waitq address_wq;
	volatile bool rx_woken;
	struct tess_sched_waitq rx_wq;
	struct tess_netbuf *tx_batch[BURST];
	uint16_t tx_count;
	uint64_t tx_dropped; /* frames lost to a full ring or no buffer */
	uint64_t rx_copied;  /* frames copied to lwIP's heap (rx_copy) */
	uint64_t rx_dropped; /* frames no heap was left to copy into */
} net0 = {
	.address_wq = TESS_SCHED_WAITQ_INIT(net0.address_wq),
	.rx_wq = TESS_SCHED_WAITQ_INIT(net0.rx_wq),
};

/* ---- transmit ---- */

/* Hands the batch to the device: what the ring cannot take is waited for
 * a little (the device drains it), then dropped. Core lock held. */
static void tx_flush(void)
{
	uint16_t sent = 0;
	uint64_t give_up = 0;

	while (sent < net0.tx_count) {
		uint16_t n =
			tess_netdev_tx_burst(net0.dev, 0, net0.tx_batch + sent,
					     net0.tx_count - sent);

		sent += n;
		if (n || sent == net0.tx_count)
			continue;
		if (give_up == 0)
			give_up = tess_plat_monotonic_ns() + TX_FULL_WAIT_NS;
		else if (tess_plat_monotonic_ns() > give_up)
			break;
		tess_sched_yield();
	}
	if (sent < net0.tx_count) {
		net0.tx_dropped += net0.tx_count - sent;
		tess_netbuf_free_bulk(net0.tx_batch + sent,
				      net0.tx_count - sent);
	}
	net0.tx_count = 0;
}

static void core_unlocking(void)
{
	if (net0.tx_count)
		tx_flush();
}

static struct tess_netbuf *tx_buffer(void)
{
	struct tess_netbuf *buf = tess_netbuf_alloc(net0.tx_pool);

	if (buf)
		return buf;
	/* Every buffer is out: send the batch and take back the ones the
	 * device has finished with. */
	tx_flush();
	tess_netdev_tx_burst(net0.dev, 0, NULL, 0);
	return tess_netbuf_alloc(net0.tx_pool);
}

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
	struct tess_netbuf *buf;

	(void)netif;
	if (p->tot_len < TESS_NETDEV_ETH_HEADER_LEN ||
	    p->tot_len > net0.max_frame)
		return ERR_ARG;
	buf = tx_buffer();
	if (buf == NULL) {
		net0.tx_dropped++;
		return ERR_MEM;
	}
	buf->len = pbuf_copy_partial(p, buf->data, p->tot_len, 0);
	net0.tx_batch[net0.tx_count++] = buf;
	if (net0.tx_count == BURST)
		tx_flush();
	return ERR_OK;
}

/* ---- receive ---- */

static void rx_pbuf_free(struct pbuf *p)
{
	tess_netbuf_free(((struct rx_pbuf *)p)->buf);
}

static struct pbuf *rx_pbuf(struct tess_netbuf *buf)
{
	struct rx_pbuf *rx = (struct rx_pbuf *)buf->storage;

	rx->custom.custom_free_function = rx_pbuf_free;
	rx->buf = buf;
	return pbuf_alloced_custom(PBUF_RAW, buf->len, PBUF_REF, &rx->custom,
				   buf->data, buf->len);
}

static void rx_wake(struct tess_netdev *dev, uint16_t queue, void *arg)
{
	(void)dev;
	(void)queue;
	(void)arg;
	net0.rx_woken = true;
	tess_sched_waitq_wake_all(&net0.rx_wq);
}

/* Sleeps until frames arrive (the queue in interrupt mode), or a little
 * while when the driver has no interrupts. */
static void rx_sleep(void)
{
	bool was = tess_plat_irq_save();
	int armed;

	net0.rx_woken = false;
	armed = tess_netdev_rxq_interrupts_on(net0.dev, 0, rx_wake, NULL);
	while (armed == 0 && !net0.rx_woken)
		tess_sched_waitq_wait(&net0.rx_wq, TESS_SCHED_FOREVER,
				      "frames");
	tess_plat_irq_restore(was);
	if (armed < 0 && armed != -EBUSY)
		tess_sched_sleep_ns(NO_IRQ_POLL_NS);
}

/*
 * A frame lwIP keeps (data no program has read yet) keeps its device
 * buffer. When few buffers are left to refill the receive ring, a frame
 * is copied into lwIP's heap instead and its buffer goes back at once:
 * otherwise unread data can take every buffer, and with them the ACKs
 * and ARP answers that the program's own sends wait for (a thousand
 * connections of unread echo data stalled apps/echo for good). No heap
 * left: the frame is dropped and counted, as a full ring drops it.
 */
static struct pbuf *rx_copy(struct tess_netbuf *buf)
{
	struct pbuf *p = pbuf_alloc(PBUF_RAW, buf->len, PBUF_RAM);

	if (p) {
		pbuf_take(p, buf->data, buf->len);
		if (net0.rx_copied++ == 0)
			tess_pr_info(
				"%s: receive buffers scarce (data not read "
				"yet holds them): frames are copied into "
				"lwIP's heap meanwhile",
				tess_netdev_info(net0.dev)->name);
	} else if (net0.rx_dropped++ == 0) {
		tess_pr_warn("%s: receive buffers scarce and lwIP's heap full "
			     "(CONFIG_TESS_EXT_LWIP_HEAP_KIB): frames dropped",
			     tess_netdev_info(net0.dev)->name);
	}
	tess_netbuf_free(buf);
	return p;
}

/* Whether the receive buffers are scarce (see rx_copy): fewer than half
 * of those beyond the ring are left. */
static bool rx_buffers_scarce(void)
{
	return tess_netbuf_pool_available(net0.rx_pool) <
	       CONFIG_TESS_EXT_LWIP_RX_BUFFERS / 2;
}

/* Hands a burst to the stack under one take of the core lock. Calling
 * ethernet_input directly is what tcpip_input does with
 * LWIP_TCPIP_CORE_LOCKING_INPUT, once per frame. */
static void rx_input(struct tess_netbuf **bufs, uint16_t n)
{
	LOCK_TCPIP_CORE();
	for (uint16_t i = 0; i < n; i++) {
		struct pbuf *p;

		if (rx_buffers_scarce()) {
			p = rx_copy(bufs[i]); /* the buffer is back already */
			if (p == NULL)
				continue;
		} else {
			p = rx_pbuf(bufs[i]);
			if (p == NULL) {
				tess_netbuf_free(bufs[i]);
				continue;
			}
		}
		if (ethernet_input(p, &net0.netif) != ERR_OK)
			pbuf_free(p);
	}
	UNLOCK_TCPIP_CORE();
}

static void *rx_thread(void *arg)
{
	struct tess_netbuf *bufs[BURST];
	unsigned int idle = 0;

	(void)arg;
	for (;;) {
		uint16_t n = tess_netdev_rx_burst(net0.dev, 0, bufs, BURST);

		if (n) {
			rx_input(bufs, n);
			idle = 0;
		} else if (++idle < IDLE_POLLS) {
			tess_sched_yield();
		} else {
			rx_sleep();
			idle = 0;
		}
	}
	return NULL;
}

/* ---- the interface ---- */

static void status_changed(struct netif *netif)
{
	char ip[16], mask[16], gw[16];
	bool up = netif_is_up(netif) &&
		  !ip4_addr_isany_val(*netif_ip4_addr(netif));
	bool was;

	if (up) {
		ip4addr_ntoa_r(netif_ip4_addr(netif), ip, sizeof(ip));
		ip4addr_ntoa_r(netif_ip4_netmask(netif), mask, sizeof(mask));
		ip4addr_ntoa_r(netif_ip4_gw(netif), gw, sizeof(gw));
		tess_pr_info("%s: up, address %s netmask %s gateway %s%s",
			     tess_netdev_info(net0.dev)->name, ip, mask, gw,
			     netif_dhcp_data(netif) ? " (DHCP)" : "");
		tess_lwip_address_event();
	}
	was = tess_plat_irq_save();
	net0.has_address = up;
	tess_sched_waitq_wake_all(&net0.address_wq);
	tess_plat_irq_restore(was);
}

static err_t netif_setup(struct netif *netif)
{
	const struct tess_netdev_info *info = tess_netdev_info(net0.dev);

	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(netif->hwaddr, info->mac, ETH_HWADDR_LEN);
	netif->mtu = info->mtu;
	netif->flags =
		NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	netif->output = etharp_output;
#if LWIP_IPV6
	netif->output_ip6 = ethip6_output;
#endif
	netif->linkoutput = linkoutput;
	netif_set_hostname(netif, "tessera");
	return ERR_OK;
}

/* The receive pool's headroom holds our struct ahead of the driver's
 * header; the transmit pool's is the driver's (header and frame go to
 * the device in one piece). */
static int pools_create(const struct tess_netdev_info *info)
{
	size_t frame = (size_t)info->mtu + TESS_NETDEV_FRAME_OVERHEAD;
	size_t ours = (sizeof(struct rx_pbuf) + 15) & ~(size_t)15;
	char name[32];
	int err;

	snprintf(name, sizeof(name), "%s-lwip-rx", info->name);
	err = tess_netbuf_pool_create(&net0.rx_pool, name,
				      (size_t)info->ring_size_max + BURST +
					      CONFIG_TESS_EXT_LWIP_RX_BUFFERS,
				      frame, ours + info->headroom);
	if (err)
		return err;
	snprintf(name, sizeof(name), "%s-lwip-tx", info->name);
	return tess_netbuf_pool_create(&net0.tx_pool, name,
				       (size_t)info->ring_size_max + 2 * BURST,
				       frame, info->headroom);
}

static int device_start(void)
{
	const struct tess_netdev_info *info = tess_netdev_info(net0.dev);
	struct tess_netdev_conf conf = {.rx_queues = 1, .tx_queues = 1};
	struct tess_sched_thread_attr attr = {.detached = true,
					      .service = true};
	char name[TESS_NETDEV_NAME_MAX + 4];
	int err;

	err = pools_create(info);
	if (err)
		return err;
	conf.rx_pool = net0.rx_pool;
	err = tess_netdev_configure(net0.dev, &conf);
	if (!err)
		err = tess_netdev_start(net0.dev);
	if (err)
		return err;
	snprintf(name, sizeof(name), "%s-rx", info->name);
	attr.name = name;
	return tess_sched_thread_create(NULL, &attr, rx_thread, NULL);
}

#if LWIP_IPV6
/* net0's IPv6 addresses (core lock held): the link-local one from the
 * MAC (fe80::/64 with the EUI-64 interface identifier, as Linux makes
 * it) and net.ip6's. Both are tentative until lwIP's duplicate address
 * detection ends (one neighbour solicitation, about a second later). */
static void ipv6_up(struct netif *netif, const struct tess_lwip_config *conf)
{
	char ll[IP6ADDR_STRLEN_MAX], ip[IP6ADDR_STRLEN_MAX] = "";
	const char *name = tess_netdev_info(net0.dev)->name;

	netif_create_ip6_linklocal_address(netif, 1);
	ip6addr_ntoa_r(netif_ip6_addr(netif, 0), ll, sizeof(ll));
	if (conf->have_ip6) {
		s8_t idx;

		if (netif_add_ip6_address(netif, &conf->ip6, &idx) != ERR_OK)
			tess_pr_err("%s: lwIP refused net.ip6", name);
		else
			ip6addr_ntoa_r(&conf->ip6, ip, sizeof(ip));
	}
	tess_pr_info("%s: IPv6 %s%s%s%s", name, ll, *ip ? ", " : "", ip,
		     *ip ? "/64" : "");
}
#endif

int tess_lwip_netdev_up(const struct tess_lwip_config *conf)
{
	const struct tess_netdev_info *info;
	const char *name;
	int err;

	net0.dev = tess_netdev_get(0);
	if (net0.dev == NULL) {
		/* Said only when an address was asked for: an image with
		 * sockets and no --net is an ordinary case. */
		if (conf->have_ip)
			tess_pr_warn("no network device (tess run --net "
				     "tap:IFNAME): net.ip is not used, only "
				     "the loopback interface (127.0.0.1)");
		return 0;
	}
	info = tess_netdev_info(net0.dev);
	name = info->name;
	net0.max_frame = (uint16_t)(info->mtu + TESS_NETDEV_ETH_HEADER_LEN);
	err = device_start();
	if (err) {
		tess_pr_err("%s: cannot start the device: error %d", name, err);
		net0.dev = NULL;
		return err;
	}
	tess_lwip_unlock_hook_set(core_unlocking);

	LOCK_TCPIP_CORE();
	if (netif_add(&net0.netif, conf->have_ip ? &conf->ip : NULL,
		      conf->have_ip ? &conf->netmask : NULL,
		      conf->have_ip && conf->have_gateway ? &conf->gateway
							  : NULL,
		      NULL, netif_setup, tcpip_input) == NULL) {
		UNLOCK_TCPIP_CORE();
		tess_pr_err("%s: lwIP refused the interface", name);
		return -EINVAL;
	}
	netif_set_status_callback(&net0.netif, status_changed);
	netif_set_default(&net0.netif);
	/* Taps and virtio-net report the link up; lwIP sends nothing on a
	 * link that is down. */
	if (!info->link_up)
		tess_pr_warn("%s: the device says its link is down", name);
	netif_set_link_up(&net0.netif);
#if LWIP_IPV6
	ipv6_up(&net0.netif, conf);
#endif
	if (conf->have_ip) {
		net0.expect_address = true;
		netif_set_up(&net0.netif);
	} else {
#if LWIP_DHCP
		net0.expect_address = true;
		netif_set_up(&net0.netif);
		err = err_to_errno(dhcp_start(&net0.netif));
		if (err)
			tess_pr_err("%s: DHCP does not start: errno %d", name,
				    err);
		else
			tess_pr_info("%s: no net.ip: asking DHCP", name);
#else
		tess_pr_info("%s: no net.ip and no DHCP: the interface stays "
			     "down (give net.ip=A.B.C.D/PREFIX)",
			     name);
#endif
	}
	UNLOCK_TCPIP_CORE();
	return 0;
}

struct netif *tess_lwip_netif(void)
{
	return net0.dev ? &net0.netif : NULL;
}

int tess_lwip_netif_wait_up(uint64_t timeout_ns)
{
	uint64_t deadline = tess_sched_deadline_after(timeout_ns);
	bool was;
	int err = 0;

	if (net0.dev == NULL || !net0.expect_address)
		return -ENODEV;
	was = tess_plat_irq_save();
	while (!net0.has_address && err == 0)
		err = tess_sched_waitq_wait(&net0.address_wq, deadline,
					    "address");
	tess_plat_irq_restore(was);
	return net0.has_address ? 0 : -ETIMEDOUT;
}
