/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network devices of a linuxu image: host taps that tess run --net
 * tap:IFNAME attached, checked and passed as descriptors (non-blocking,
 * with 12-byte virtio-net headers: tools/vmm/tap.c, the monitor's own
 * code), named by the library option linuxu-net.fd=FD,mac=M,mtu=N, one
 * per device: net0, net1, ... as under tess-vmm. One receive and one
 * transmit queue each.
 *
 * A frame is read straight into a pool buffer (its header in the
 * headroom) and written straight from one: the kernel's copy is the only
 * one, as for any process. Interrupt mode is the tap's readability, as a
 * host signal (tess_linuxu_fd_irq) on a device line. The tap raises it
 * (O_ASYNC) only while the queue is in interrupt mode, so that frames
 * under load cost no signal each (DESIGN §7a).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/linuxu_host.h>
#include <tess/netdev_driver.h>
#include <tess/plat/irq.h>

#define SYS_read   0
#define SYS_write  1
#define SYS_poll   7
#define SYS_writev 20
#define SYS_fcntl  72
#define F_GETFL	   3
#define F_SETFL	   4
#define O_ASYNC	   020000
#define POLLIN	   1
#define HDR_LEN	   12
#define DEVS_MAX   8

struct host_nic {
	struct tess_netdev *netdev;
	long fd_flags; /* the descriptor's status flags, without O_ASYNC */
	int fd;
	unsigned int mtu;
	uint8_t mac[6];
	bool interrupts; /* interrupt mode: wake at readability */
};

static struct host_nic nics[DEVS_MAX];
static unsigned int nic_count;
static const uint8_t zero_header[HDR_LEN];

static int mac_parse(const char *text, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		char *end;
		unsigned long byte = strtoul(text, &end, 16);

		if (end == text || byte > 255 || (i < 5 && *end != ':'))
			return -EINVAL;
		mac[i] = (uint8_t)byte;
		text = end + (i < 5);
	}
	return *text ? -EINVAL : 0;
}

/* FD,mac=M[,mtu=N] (what tess run passes). */
static int fd_param(const char *value)
{
	struct host_nic *n = &nics[nic_count];
	char copy[64], *field, *save, *end;
	bool mac_given = false;

	if (nic_count == DEVS_MAX) {
		tess_pr_err("linuxu-net.fd=%s: at most %d devices", value,
			    DEVS_MAX);
		return -E2BIG;
	}
	snprintf(copy, sizeof(copy), "%s", value);
	field = strtok_r(copy, ",", &save);
	if (!field)
		goto bad;
	n->fd = (int)strtol(field, &end, 10);
	n->mtu = 1500;
	if (end == field || *end || n->fd < 0)
		goto bad;
	while ((field = strtok_r(NULL, ",", &save)) != NULL) {
		if (strncmp(field, "mac=", 4) == 0 && !mac_parse(field + 4, n->mac))
			mac_given = true;
		else if (strncmp(field, "mtu=", 4) == 0)
			n->mtu = (unsigned int)strtoul(field + 4, NULL, 10);
		else
			goto bad;
	}
	if (!mac_given || n->mtu < TESS_NETDEV_MTU_MIN ||
	    n->mtu > TESS_NETDEV_MTU_MAX)
		goto bad;
	nic_count++;
	return 0;
bad:
	tess_pr_err("linuxu-net.fd=%s: needs FD,mac=XX:XX:XX:XX:XX:XX[,mtu=N]",
		    value);
	return -EINVAL;
}
TESS_PARAM(linuxu_net_fd, "linuxu-net.fd", fd_param,
	   "a host tap descriptor as a network device, FD,mac=M,mtu=N "
	   "(tess run --net passes them)");

static int host_configure(struct tess_netdev *dev,
			  const struct tess_netdev_conf *conf)
{
	(void)dev;
	(void)conf;
	return 0; /* the tap's queue is the ring */
}

static int host_start(struct tess_netdev *dev)
{
	(void)dev;
	return 0;
}

static void host_stop(struct tess_netdev *dev)
{
	(void)dev; /* no buffer is held between bursts */
}

static uint16_t host_rx_burst(struct tess_netdev *dev, uint16_t queue,
			      struct tess_netbuf **bufs, uint16_t count)
{
	struct host_nic *n = tess_netdev_priv(dev);
	struct tess_netbuf_pool *pool = tess_netdev_conf(dev)->rx_pool;
	uint32_t errors = 0;
	uint16_t got = 0;

	(void)queue;
	while (got < count) {
		struct tess_netbuf *buf = tess_netbuf_alloc(pool);
		long len;

		if (!buf) {
			/* No buffer: a frame waiting is left in the tap's
			 * queue, which drops (and counts) beyond it. */
			break;
		}
		len = tess_linuxu_host_call(
			SYS_read, n->fd, (long)((uint8_t *)buf->data - HDR_LEN),
			(long)(HDR_LEN + tess_netbuf_tailroom(buf)), 0, 0, 0);
		if (len == -EINTR)
			len = -EAGAIN;
		if (len < HDR_LEN + TESS_NETDEV_ETH_HEADER_LEN) {
			tess_netbuf_free(buf);
			if (len == -EAGAIN)
				break;
			errors++;
			continue;
		}
		buf->len = (uint16_t)(len - HDR_LEN);
		bufs[got++] = buf;
	}
	if (errors)
		tess_netdev_rxq_losses_add(dev, 0, 0, errors);
	return got;
}

static uint16_t host_tx_burst(struct tess_netdev *dev, uint16_t queue,
			      struct tess_netbuf *const *bufs, uint16_t count)
{
	struct host_nic *n = tess_netdev_priv(dev);
	uint32_t errors = 0;
	uint16_t sent = 0;

	(void)queue;
	for (; sent < count; sent++) {
		struct tess_netbuf *buf = bufs[sent];
		long done;

		if (tess_netbuf_headroom(buf) >= HDR_LEN) {
			uint8_t *head = (uint8_t *)buf->data - HDR_LEN;

			memset(head, 0, HDR_LEN);
			done = tess_linuxu_host_call(SYS_write, n->fd, (long)head,
						     HDR_LEN + buf->len, 0, 0, 0);
		} else {
			struct {
				const void *base;
				unsigned long len;
			} iov[2] = {{zero_header, HDR_LEN},
				    {buf->data, buf->len}};

			done = tess_linuxu_host_call(SYS_writev, n->fd,
						     (long)iov, 2, 0, 0, 0);
		}
		if (done == -EAGAIN)
			break; /* the tap's queue is full: the caller keeps it */
		if (done < 0)
			errors++;
		tess_netbuf_free(buf);
	}
	if (errors)
		tess_netdev_txq_losses_add(dev, 0, 0, errors);
	return sent;
}

/* Whether a frame waits in the tap (poll with no timeout). */
static bool readable(int fd)
{
	struct {
		int fd;
		short events, revents;
	} p = {fd, POLLIN, 0};

	return tess_linuxu_host_call(SYS_poll, (long)&p, 1, 0, 0, 0, 0) > 0 &&
	       (p.revents & POLLIN);
}

/* Whether the tap signals arriving frames. */
static void signals_set(struct host_nic *n, bool on)
{
	tess_linuxu_host_call(SYS_fcntl, n->fd, F_SETFL,
			      n->fd_flags | (on ? O_ASYNC : 0), 0, 0, 0);
}

static int host_rxq_interrupts_on(struct tess_netdev *dev, uint16_t queue)
{
	struct host_nic *n = tess_netdev_priv(dev);

	(void)queue;
	n->interrupts = true;
	/* On before the check: a frame after it signals. */
	signals_set(n, true);
	return readable(n->fd) ? 1 : 0;
}

static void host_rxq_interrupts_off(struct tess_netdev *dev, uint16_t queue)
{
	struct host_nic *n = tess_netdev_priv(dev);

	(void)queue;
	n->interrupts = false;
	signals_set(n, false);
}

static const struct tess_netdev_ops host_ops = {
	.configure = host_configure,
	.start = host_start,
	.stop = host_stop,
	.rx_burst = host_rx_burst,
	.tx_burst = host_tx_burst,
	.rxq_interrupts_on = host_rxq_interrupts_on,
	.rxq_interrupts_off = host_rxq_interrupts_off,
};

/* The tap became readable (its signal, on a device line). */
static void host_interrupt(enum tess_irq irq, void *arg)
{
	struct host_nic *n = arg;

	(void)irq;
	if (n->interrupts)
		tess_netdev_rxq_wake(n->netdev, 0);
}

static int linuxu_net_init(void)
{
	for (unsigned int i = 0; i < nic_count; i++) {
		struct host_nic *n = &nics[i];
		struct tess_netdev_info info = {
			.mtu = (uint16_t)n->mtu, .rx_queues_max = 1,
			.tx_queues_max = 1, .ring_size_max = 256,
			.headroom = HDR_LEN, .link_up = true};
		enum tess_irq line = TESS_IRQ_DEVICE(i % TESS_IRQ_DEVICE_LINES);
		char name[8];
		int err;

		snprintf(name, sizeof(name), "net%u", i);
		info.name = name;
		memcpy(info.mac, n->mac, 6);
		err = tess_netdev_register(&info, &host_ops, n, &n->netdev);
		if (!err)
			err = tess_plat_irq_register_shared(line,
							    host_interrupt, n);
		if (!err)
			err = tess_linuxu_fd_irq(n->fd, line);
		if (!err) {
			/* Poll mode until a queue is armed. */
			n->fd_flags = tess_linuxu_host_call(SYS_fcntl, n->fd,
							    F_GETFL, 0, 0, 0,
							    0);
			if (n->fd_flags < 0)
				err = (int)n->fd_flags;
			n->fd_flags &= ~(long)O_ASYNC;
			signals_set(n, false);
		}
		if (err) {
			tess_pr_err("linuxu-net: %s (descriptor %d): error %d",
				    name, n->fd, err);
			return err;
		}
	}
	return 0;
}
TESS_INIT(linuxu_net_init, TESS_INIT_BUS);
