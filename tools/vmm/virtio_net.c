/* SPDX-License-Identifier: BSD-3-Clause */
/* virtio-net frames between guest chains and a backend, checked, counted. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "virtio_net.h"

#define ETHERTYPE_VLAN 0x8100 /* 802.1Q */
#define ETHERTYPE_QINQ 0x88a8 /* 802.1ad: one tag of the same size */

int vnet_init(struct vnet *n, const struct vnet_backend *backend,
	      const uint8_t mac[6], unsigned int mtu)
{
	memset(n, 0, sizeof(*n));
	if (mtu < VNET_MTU_MIN || mtu > VNET_MTU_MAX)
		return -EINVAL;
	n->backend = backend;
	memcpy(n->mac, mac, 6);
	n->mtu = (uint16_t)mtu;
	return 0;
}

uint64_t vnet_features(const struct vnet *n)
{
	(void)n;
	return (1ULL << VNET_F_MAC) | (1ULL << VNET_F_STATUS) |
	       (1ULL << VNET_F_MTU) | (1ULL << TESS_VIRTIO_F_EVENT_IDX) |
	       (1ULL << TESS_VIRTIO_F_INDIRECT_DESC);
}

void vnet_config(const struct vnet *n, uint8_t *config)
{
	uint16_t status = VNET_S_LINK_UP, pairs = 1, mtu = n->mtu;

	memset(config, 0, VNET_CONFIG_SIZE);
	memcpy(config + VNET_CONFIG_MAC, n->mac, 6);
	memcpy(config + VNET_CONFIG_STATUS, &status, 2);
	memcpy(config + VNET_CONFIG_MAX_PAIRS, &pairs, 2);
	memcpy(config + VNET_CONFIG_MTU, &mtu, 2);
}

void vnet_reset(struct vnet *n)
{
	n->rx_held = n->tx_held = false;
}

/* Chains a work call takes at most: one ring's worth, so that a guest
 * that keeps one queue full cannot starve the other (the caller comes
 * back for the rest). */
static unsigned int budget(const struct virtq *q)
{
	return q->num ? q->num : TESS_VIRTQ_SIZE_MAX;
}


/* Copies len bytes at offset off of the chain's bytes (all its buffers
 * in order) to or from buf; the caller knows they are there. */
static void chain_copy(const struct virtq_chain *c, uint32_t off, uint8_t *buf,
		       uint32_t len, bool into_chain)
{
	for (unsigned int s = 0; s < c->nseg && len; s++) {
		uint32_t n;

		if (off >= c->seg[s].len) {
			off -= c->seg[s].len;
			continue;
		}
		n = c->seg[s].len - off < len ? c->seg[s].len - off : len;
		if (into_chain)
			memcpy(c->seg[s].ptr + off, buf, n);
		else
			memcpy(buf, c->seg[s].ptr + off, n);
		buf += n;
		len -= n;
		off = 0;
	}
}

/* Whether a frame of len bytes (after the chain's header) may travel:
 * at least an Ethernet header, at most MTU + 14, or MTU + 18 when it
 * carries a VLAN tag (5.1.4.2 for the driver, 5.1.6.3.2 for the device;
 * Linux's receive buffers hold the tag too). The
 * guest may change the tag after this look: that only lets it send four
 * bytes more, which the host's own checks take care of. */
static bool frame_length_ok(const struct vnet *n, const struct virtq_chain *c,
			    uint32_t len)
{
	uint8_t type[2] = {0};
	uint16_t ethertype;

	if (len < VNET_ETH_HLEN)
		return false;
	if (len <= (uint32_t)n->mtu + VNET_ETH_HLEN)
		return true;
	if (len > (uint32_t)n->mtu + VNET_ETH_HLEN + VNET_VLAN_HLEN)
		return false;
	chain_copy(c, VNET_HDR_LEN + 12, type, 2, false);
	ethertype = (uint16_t)(type[0] << 8 | type[1]);
	return ethertype == ETHERTYPE_VLAN || ethertype == ETHERTYPE_QINQ;
}

/* Points n->iov[first...] at the chain's bytes from offset skip on (the
 * header may end anywhere in a buffer); returns the iovec count. */
static int iov_fill(struct vnet *n, int first, const struct virtq_chain *c,
		    uint32_t skip)
{
	int k = first;

	for (unsigned int s = 0; s < c->nseg; s++) {
		if (skip >= c->seg[s].len) {
			skip -= c->seg[s].len;
			continue;
		}
		n->iov[k++] = (struct iovec){c->seg[s].ptr + skip,
					     c->seg[s].len - skip};
		skip = 0;
	}
	return k;
}

/* The held transmit chain's frame to the backend, without the guest's
 * header. Returns -EAGAIN when the backend wants it again later, else 0
 * (sent, or dropped and counted). */
static int tx_one(struct vnet *n)
{
	const struct virtq_chain *c = &n->tx_chain;
	uint32_t len;
	int first = 0, r;

	if (c->read_len < VNET_HDR_LEN ||
	    !frame_length_ok(n, c, c->read_len - VNET_HDR_LEN)) {
		n->stats.tx_errors++;
		return 0;
	}
	len = c->read_len - VNET_HDR_LEN;
	if (n->backend->header) {
		n->iov[0] = (struct iovec){n->tx_header, VNET_HDR_LEN};
		first = 1;
	}
	r = n->backend->send(n->backend->ctx, n->iov,
			     iov_fill(n, first, c, VNET_HDR_LEN));
	if (r == -EAGAIN)
		return r;
	if (r < 0) {
		n->stats.tx_dropped++;
		return 0;
	}
	n->stats.tx_packets++;
	n->stats.tx_bytes += len;
	return 0;
}

int vnet_tx_work(struct vnet *n, struct virtq *q)
{
	int done = 0, r;

	while ((unsigned int)done < budget(q)) {
		if (!n->tx_held) {
			r = virtq_pop(q, &n->tx_chain);
			if (r <= 0)
				return r < 0 ? -1 : done;
			if (n->tx_chain.write_len)
				return virtq_break(q,
						   "transmit chain %u has a "
						   "device-writable buffer",
						   n->tx_chain.head);
			n->tx_held = true;
		}
		if (tx_one(n) == -EAGAIN)
			return done;
		n->tx_held = false;
		virtq_push(q, n->tx_chain.head, 0);
		done++;
	}
	return done;
}

/* What became of a receive chain. */
enum rx_outcome {
	RX_STOP,     /* no frame now: the chain waits */
	RX_KEEP,     /* the frame was dropped: the chain takes the next */
	RX_GIVE_BACK /* the chain goes back, with used bytes */
};

/* One frame from the backend into the held receive chain (at least a
 * header and an Ethernet header long). */
static enum rx_outcome rx_one(struct vnet *n, uint32_t *used)
{
	const struct virtq_chain *c = &n->rx_chain;
	uint8_t header[VNET_HDR_LEN] = {0};
	uint32_t skip = n->backend->header ? 0 : VNET_HDR_LEN;
	uint32_t room = c->write_len - VNET_HDR_LEN, len;
	ssize_t got;

	got = n->backend->recv(n->backend->ctx, n->iov,
			       iov_fill(n, 0, c, skip));
	if (got == 0 || got == -EAGAIN)
		return RX_STOP;
	if (got < 0) {
		n->stats.rx_dropped++;
		return RX_STOP;
	}
	if ((size_t)got < VNET_HDR_LEN - skip) {
		n->stats.rx_dropped++; /* not even the backend's header */
		return RX_KEEP;
	}
	if ((size_t)got - (VNET_HDR_LEN - skip) > room) {
		/* Cut short. A chain that holds any frame the MTU allows
		 * met a frame too long; a smaller one goes back empty, so a
		 * driver that posts small buffers cannot stall the queue. */
		if (room >= (uint32_t)n->mtu + VNET_ETH_HLEN + VNET_VLAN_HLEN) {
			n->stats.rx_dropped++;
			return RX_KEEP;
		}
		n->stats.rx_errors++;
		*used = 0;
		return RX_GIVE_BACK;
	}
	len = (uint32_t)got - (VNET_HDR_LEN - skip);
	if (!frame_length_ok(n, c, len)) {
		n->stats.rx_dropped++;
		return RX_KEEP;
	}
	/* Whatever the backend wrote there, the driver negotiated no
	 * offload: flags 0, GSO_NONE, and one buffer (5.1.6.4.1). */
	header[VNET_HDR_NUM_BUFFERS] = 1;
	chain_copy(c, 0, header, VNET_HDR_LEN, true);
	n->stats.rx_packets++;
	n->stats.rx_bytes += len;
	*used = VNET_HDR_LEN + len;
	return RX_GIVE_BACK;
}

int vnet_rx_work(struct vnet *n, struct virtq *q)
{
	int done = 0, r;
	uint32_t used;

	while ((unsigned int)done < budget(q)) {
		enum rx_outcome outcome;

		if (!n->rx_held) {
			r = virtq_pop(q, &n->rx_chain);
			if (r <= 0)
				return r < 0 ? -1 : done;
			if (n->rx_chain.read_len)
				return virtq_break(q,
						   "receive chain %u has a "
						   "device-readable buffer",
						   n->rx_chain.head);
			n->rx_held = true;
		}
		if (n->rx_chain.write_len < VNET_HDR_LEN + VNET_ETH_HLEN) {
			/* No frame fits: back at once, the backend's
			 * frames untouched. */
			n->stats.rx_errors++;
			outcome = RX_GIVE_BACK;
			used = 0;
		} else {
			outcome = rx_one(n, &used);
		}
		if (outcome == RX_STOP)
			return done;
		if (outcome == RX_GIVE_BACK) {
			n->rx_held = false;
			virtq_push(q, n->rx_chain.head, used);
			done++;
		}
	}
	return done;
}
