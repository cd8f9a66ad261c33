/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of the monitor's virtio-net model (tools/vmm/virtio_net.c)
 * on a network in memory: a guest's queues in a heap block of their own
 * (ASan sees any byte past it), a backend that records what it is sent
 * and hands out frames it was given. Every frame length from 60 to 1514
 * both ways in six framings, with and without a backend header; frames
 * and chains of the wrong size, chains of the wrong direction, a backend
 * that would block or fails, no receive chain, rings wrapping.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HOST_CHECK_PREFIX "virtio-net: "
#include "../../common/host_check.h"
#include "../virtio_net.h"

#define RAM_START 0x100000ULL
#define RAM_SIZE  (1024 * 1024)
#define NUM	  8	 /* entries per queue */
#define SEGS_MAX  64	 /* buffers per chain in these tests */
#define SLOT_DATA 0x2000 /* data bytes per ring slot */
#define MTU	  1500
#define FRAME_MAX 1600

/* The backend in memory. */
struct frame {
	uint32_t len;
	uint8_t bytes[FRAME_MAX + VNET_HDR_LEN];
};

static struct frame inbox[32]; /* frames for the guest, a FIFO */
static unsigned int in_head, in_tail;
static struct frame last_sent; /* as the backend got it */
static unsigned long sends;
static int send_result, recv_result; /* forced errors, when not 0 */
static struct vnet_backend backend;
static unsigned int refills; /* frames the guest queues while one is sent */
static uint16_t guest_send(uint32_t len, unsigned int k, unsigned int seed,
			   bool vlan);

static int mem_send(void *ctx, const struct iovec *iov, int iovcnt)
{
	(void)ctx;
	if (send_result)
		return send_result;
	last_sent.len = 0;
	for (int i = 0; i < iovcnt; i++) {
		if (last_sent.len + iov[i].iov_len > sizeof(last_sent.bytes))
			return -EMSGSIZE;
		memcpy(last_sent.bytes + last_sent.len, iov[i].iov_base,
		       iov[i].iov_len);
		last_sent.len += (uint32_t)iov[i].iov_len;
	}
	sends++;
	if (refills) {
		refills--;
		guest_send(60, 0, 0, false);
	}
	return 0;
}

/* As a tap does: the frame (after a header of its own, with flags the
 * device must clear) scattered as far as it fits, its whole length
 * returned, the frame gone either way. */
static ssize_t mem_recv(void *ctx, const struct iovec *iov, int iovcnt)
{
	uint8_t bytes[FRAME_MAX + VNET_HDR_LEN];
	uint32_t len = 0, at = 0;

	(void)ctx;
	if (recv_result)
		return recv_result;
	if (in_head == in_tail)
		return -EAGAIN;
	if (backend.header) {
		memset(bytes, 0, VNET_HDR_LEN);
		bytes[0] = 2;			    /* DATA_VALID */
		bytes[VNET_HDR_NUM_BUFFERS] = 0xef; /* stale */
		len = VNET_HDR_LEN;
	}
	memcpy(bytes + len, inbox[in_head % 32].bytes, inbox[in_head % 32].len);
	len += inbox[in_head % 32].len;
	in_head++;
	for (int i = 0; i < iovcnt && at < len; i++) {
		size_t n =
			len - at < iov[i].iov_len ? len - at : iov[i].iov_len;

		memcpy(iov[i].iov_base, bytes + at, n);
		at += (uint32_t)n;
	}
	return len;
}

/* A frame of len bytes whose bytes depend on len and seed; ethertype
 * IPv4, or a VLAN tag. */
static void frame_make(uint8_t *out, uint32_t len, unsigned int seed, bool vlan)
{
	for (uint32_t i = 0; i < len; i++)
		out[i] = (uint8_t)(i * 7 + len + seed);
	if (len >= 14) {
		out[12] = vlan ? 0x81 : 0x08;
		out[13] = 0x00;
	}
}

static void inbox_add(uint32_t len, unsigned int seed, bool vlan)
{
	struct frame *f = &inbox[in_tail++ % 32];

	f->len = len;
	frame_make(f->bytes, len, seed, vlan);
}

static unsigned int inbox_count(void)
{
	return in_tail - in_head;
}

/* The guest's side: a driver posting chains and reading used entries. */
static struct virtq_ram ram;

struct slot {
	unsigned int nseg;
	uint64_t addr[SEGS_MAX];
	uint32_t len[SEGS_MAX];
};

struct driver {
	struct virtq q;
	uint64_t desc, avail, used, tables, data;
	uint16_t avail_idx, used_seen;
	struct slot slots[NUM];
};

static struct driver rx, tx;

static void *at(uint64_t gpa)
{
	return ram.base + (gpa - RAM_START);
}

static void driver_setup(struct driver *d, uint64_t base)
{
	memset(d, 0, sizeof(*d));
	d->desc = base;
	d->avail = base + 0x100;
	d->used = base + 0x200;
	d->tables = base + 0x1000;
	d->data = base + 0x10000;
	memset(at(base), 0, 0x10000 + NUM * SLOT_DATA);
	virtq_setup(&d->q, &ram, NUM, d->desc, d->avail, d->used, false);
}

/* Posts a chain of nseg buffers of lens[] bytes (a gap between each),
 * those from write_from on writable; one buffer goes direct, more
 * through an indirect table. Returns its head. */
static uint16_t post(struct driver *d, const uint32_t *lens, unsigned int nseg,
		     unsigned int write_from)
{
	uint16_t head = d->avail_idx % NUM;
	struct slot *s = &d->slots[head];
	struct tess_virtq_desc *table = at(d->tables + head * 16 * SEGS_MAX);
	struct tess_virtq_avail *avail = at(d->avail);
	uint64_t addr = d->data + (uint64_t)head * SLOT_DATA;

	s->nseg = nseg;
	for (unsigned int i = 0; i < nseg; i++) {
		s->addr[i] = addr;
		s->len[i] = lens[i];
		table[i] = (struct tess_virtq_desc){
			addr, lens[i],
			(uint16_t)((i + 1 < nseg ? TESS_VIRTQ_DESC_F_NEXT : 0) |
				   (i >= write_from ? TESS_VIRTQ_DESC_F_WRITE
						    : 0)),
			(uint16_t)(i + 1)};
		addr += lens[i] + 1;
	}
	if (nseg == 1)
		((struct tess_virtq_desc *)at(d->desc))[head] = table[0];
	else
		((struct tess_virtq_desc *)at(d->desc))[head] =
			(struct tess_virtq_desc){
				d->tables + head * 16 * SEGS_MAX, 16 * nseg,
				TESS_VIRTQ_DESC_F_INDIRECT, 0};
	avail->ring[head] = head;
	__atomic_store_n(&avail->idx, ++d->avail_idx, __ATOMIC_RELEASE);
	return head;
}

/* Copies a chain's bytes to (scatter) or from (gather) buf. */
static void slot_copy(struct slot *s, uint8_t *buf, uint32_t len, bool scatter)
{
	for (unsigned int i = 0; i < s->nseg && len; i++) {
		uint32_t n = s->len[i] < len ? s->len[i] : len;

		if (scatter)
			memcpy(at(s->addr[i]), buf, n);
		else
			memcpy(buf, at(s->addr[i]), n);
		buf += n;
		len -= n;
	}
}

/* The next used entry, if any. */
static bool take_used(struct driver *d, uint16_t *head, uint32_t *len)
{
	struct tess_virtq_used *used = at(d->used);

	if (__atomic_load_n(&used->idx, __ATOMIC_ACQUIRE) == d->used_seen)
		return false;
	*head = (uint16_t)used->ring[d->used_seen % NUM].id;
	*len = used->ring[d->used_seen % NUM].len;
	d->used_seen++;
	return true;
}

/* Framing k of total bytes into lens[]: how drivers frame (the header in
 * a buffer of its own, or with the frame) and how they may (the header
 * split, ending inside a buffer, a byte at a time, odd sizes). */
static unsigned int framing(unsigned int k, uint32_t total, uint32_t *lens)
{
	static const uint32_t split[] = {5, 7};
	unsigned int n = 0;
	uint32_t left = total, seed = total * 2654435761u;

	switch (k % 6) {
	case 0: lens[n++] = VNET_HDR_LEN; break;
	case 1: break;
	case 2:
		lens[n++] = split[0];
		lens[n++] = split[1];
		lens[n++] = (total - VNET_HDR_LEN) / 3;
		lens[n++] = (total - VNET_HDR_LEN) / 3;
		break;
	case 3:
		lens[n++] = 7;
		lens[n++] = 10;
		break;
	case 4:
		while (n < VNET_HDR_LEN)
			lens[n++] = 1;
		break;
	default:
		while (n < 40 && left > 200) {
			seed = seed * 1103515245u + 12345u;
			lens[n] = 1 + (seed >> 16) % 199;
			left -= lens[n++];
		}
		lens[n++] = left;
		return n;
	}
	for (unsigned int i = 0; i < n; i++)
		left -= lens[i];
	if (left)
		lens[n++] = left;
	return n;
}

static struct vnet net;
static const uint8_t mac[6] = {0x02, 0x54, 0x45, 0x53, 0x00, 0x07};

static void fresh(bool header)
{
	backend = (struct vnet_backend){header, mem_send, mem_recv, NULL};
	vnet_init(&net, &backend, mac, MTU);
	driver_setup(&rx, RAM_START);
	driver_setup(&tx, RAM_START + 0x40000);
	in_head = in_tail = 0;
	sends = 0;
	send_result = recv_result = 0;
}

/* The guest sends a frame of len bytes (its header junk), framed k. */
static uint16_t guest_send(uint32_t len, unsigned int k, unsigned int seed,
			   bool vlan)
{
	uint8_t bytes[VNET_HDR_LEN + FRAME_MAX];
	uint32_t lens[SEGS_MAX];
	unsigned int nseg = framing(k, VNET_HDR_LEN + len, lens);
	uint16_t head = post(&tx, lens, nseg, nseg);

	memset(bytes, 0xaa, VNET_HDR_LEN);
	frame_make(bytes + VNET_HDR_LEN, len, seed, vlan);
	slot_copy(&tx.slots[head], bytes, VNET_HDR_LEN + len, true);
	return head;
}

/* The backend got exactly that frame (after 12 zero bytes with a
 * header). */
static bool sent_is(uint32_t len, unsigned int seed, bool vlan)
{
	uint8_t want[FRAME_MAX];
	static const uint8_t zero[VNET_HDR_LEN];
	uint32_t skip = backend.header ? VNET_HDR_LEN : 0;

	frame_make(want, len, seed, vlan);
	return last_sent.len == skip + len &&
	       memcmp(last_sent.bytes, zero, skip) == 0 &&
	       memcmp(last_sent.bytes + skip, want, len) == 0;
}

/* The guest's receive chain at head holds the header the device must
 * write and that frame, and the used entry says its length. */
static bool received_is(uint16_t head, uint32_t used_len, uint32_t len,
			unsigned int seed, bool vlan)
{
	uint8_t got[VNET_HDR_LEN + FRAME_MAX + 8], want[FRAME_MAX];
	uint8_t header[VNET_HDR_LEN] = {0};

	header[VNET_HDR_NUM_BUFFERS] = 1;
	frame_make(want, len, seed, vlan);
	slot_copy(&rx.slots[head], got, VNET_HDR_LEN + len, false);
	return used_len == VNET_HDR_LEN + len &&
	       memcmp(got, header, VNET_HDR_LEN) == 0 &&
	       memcmp(got + VNET_HDR_LEN, want, len) == 0;
}

/* Posts a receive chain of room frame bytes, framed k. */
static uint16_t guest_post_rx(uint32_t room, unsigned int k)
{
	uint32_t lens[SEGS_MAX];
	unsigned int nseg = framing(k, VNET_HDR_LEN + room, lens);

	return post(&rx, lens, nseg, 0);
}

static void test_config(void)
{
	uint8_t config[VNET_CONFIG_SIZE];
	uint16_t status, pairs, mtu;
	uint64_t features;

	fresh(false);
	vnet_config(&net, config);
	memcpy(&status, config + VNET_CONFIG_STATUS, 2);
	memcpy(&pairs, config + VNET_CONFIG_MAX_PAIRS, 2);
	memcpy(&mtu, config + VNET_CONFIG_MTU, 2);
	features = vnet_features(&net);
	check(memcmp(config + VNET_CONFIG_MAC, mac, 6) == 0 &&
		      status == VNET_S_LINK_UP && pairs == 1 && mtu == MTU,
	      "the config space gives the MAC, link up, one queue pair, the "
	      "MTU");
	check((features & (1ULL << VNET_F_MAC)) &&
		      (features & (1ULL << VNET_F_STATUS)) &&
		      (features & (1ULL << VNET_F_MTU)) &&
		      (features & (1ULL << TESS_VIRTIO_F_EVENT_IDX)) &&
		      !(features & 1) /* no checksum offload */,
	      "MAC, STATUS, MTU and EVENT_IDX are offered, no offload");
	check(vnet_init(&net, &backend, mac, 67) == -EINVAL &&
		      vnet_init(&net, &backend, mac, 65536) == -EINVAL &&
		      vnet_init(&net, &backend, mac, 9000) == 0,
	      "an MTU below 68 or above 65535 is refused");
}

/* Every length 60..1514 sent, each in the next framing. */
static void test_tx_lengths(bool header)
{
	unsigned int bad = 0;

	fresh(header);
	for (uint32_t len = 60; len <= 1514; len++) {
		uint16_t head = guest_send(len, len, len, false), used_head;
		uint32_t used_len;

		if (vnet_tx_work(&net, &tx.q) != 1 ||
		    !take_used(&tx, &used_head, &used_len) ||
		    used_head != head || used_len != 0 ||
		    !sent_is(len, len, false))
			bad++;
	}
	check(bad == 0 && net.stats.tx_packets == 1455 &&
		      net.stats.tx_bytes == (60 + 1514) * 1455 / 2 &&
		      !net.stats.tx_errors && !net.stats.tx_dropped,
	      header ? "every frame of 60 to 1514 bytes, in any framing, is "
		       "sent after a header of zeros, not the guest's"
		     : "every frame of 60 to 1514 bytes, in any framing, is "
		       "sent whole without its header");
}

/* Every length 60..1514 received, each chain in the next framing. */
static void test_rx_lengths(bool header)
{
	unsigned int bad = 0;

	fresh(header);
	for (uint32_t len = 60; len <= 1514; len++) {
		uint16_t head = guest_post_rx(MTU + 18, len), used_head;
		uint32_t used_len;

		inbox_add(len, len + 1, false);
		if (vnet_rx_work(&net, &rx.q) != 1 ||
		    !take_used(&rx, &used_head, &used_len) ||
		    used_head != head ||
		    !received_is(head, used_len, len, len + 1, false))
			bad++;
	}
	check(bad == 0 && net.stats.rx_packets == 1455 &&
		      net.stats.rx_bytes == (60 + 1514) * 1455 / 2 &&
		      !net.stats.rx_errors && !net.stats.rx_dropped,
	      header ? "every frame of 60 to 1514 bytes from a backend with a "
		       "header arrives with the device's header (num_buffers 1)"
		     : "every frame of 60 to 1514 bytes arrives after a zero "
		       "header with num_buffers 1, in any framing");
}

static void test_tx_sizes(void)
{
	uint16_t head;
	uint32_t len, lens[1] = {8};

	fresh(false);
	guest_send(13, 1, 0, false);
	check(vnet_tx_work(&net, &tx.q) == 1 && take_used(&tx, &head, &len) &&
		      len == 0 && sends == 0 && net.stats.tx_errors == 1,
	      "a frame shorter than 14 bytes is an error: given back, not "
	      "sent");
	post(&tx, lens, 1, 1);
	check(vnet_tx_work(&net, &tx.q) == 1 && take_used(&tx, &head, &len) &&
		      sends == 0 && net.stats.tx_errors == 2,
	      "a chain shorter than the header is an error too");
	guest_send(MTU + 15, 0, 0, false);
	check(vnet_tx_work(&net, &tx.q) == 1 && take_used(&tx, &head, &len) &&
		      sends == 0 && net.stats.tx_errors == 3,
	      "a frame longer than the MTU + 14 is an error");
	guest_send(MTU + 18, 0, 3, true);
	check(vnet_tx_work(&net, &tx.q) == 1 && take_used(&tx, &head, &len) &&
		      sends == 1 && sent_is(MTU + 18, 3, true),
	      "with a VLAN tag a frame may be 4 bytes longer");
	guest_send(MTU + 19, 3, 3, true);
	check(vnet_tx_work(&net, &tx.q) == 1 && take_used(&tx, &head, &len) &&
		      sends == 1 && net.stats.tx_errors == 4 &&
		      net.stats.tx_packets == 1,
	      "but not 5");
}

static void test_directions(void)
{
	uint32_t lens[3] = {VNET_HDR_LEN, 100, 100};

	fresh(false);
	post(&tx, lens, 3, 2);
	check(vnet_tx_work(&net, &tx.q) == -1 && tx.q.broken &&
		      strstr(tx.q.why, "device-writable") && sends == 0 &&
		      vnet_tx_work(&net, &tx.q) == -1,
	      "a transmit chain with a writable buffer breaks the queue");
	inbox_add(60, 0, false);
	post(&rx, lens, 3, 1);
	check(vnet_rx_work(&net, &rx.q) == -1 && rx.q.broken &&
		      strstr(rx.q.why, "device-readable") && inbox_count() == 1,
	      "a receive chain with a readable buffer breaks the queue, "
	      "the frame left in the backend");
}

static void test_rx_sizes(void)
{
	uint16_t head, small, big;
	uint32_t len, tiny[1] = {VNET_HDR_LEN + 13};

	fresh(false);
	inbox_add(60, 1, false);
	small = post(&rx, tiny, 1, 0);
	check(vnet_rx_work(&net, &rx.q) == 1 && take_used(&rx, &head, &len) &&
		      head == small && len == 0 && inbox_count() == 1 &&
		      net.stats.rx_errors == 1,
	      "a receive chain too small for any frame goes back empty, "
	      "the backend's frame untouched");
	inbox_add(1000, 2, false); /* behind the 60 */
	small = guest_post_rx(500, 2);
	check(vnet_rx_work(&net, &rx.q) == 1 && take_used(&rx, &head, &len) &&
		      head == small && received_is(head, len, 60, 1, false),
	      "a frame that fits a small chain is delivered into it");
	small = guest_post_rx(500, 3);
	big = guest_post_rx(MTU + 18, 4);
	inbox_add(100, 3, false);
	check(vnet_rx_work(&net, &rx.q) == 2 && take_used(&rx, &head, &len) &&
		      head == small && len == 0 &&
		      take_used(&rx, &head, &len) && head == big &&
		      received_is(head, len, 100, 3, false) &&
		      net.stats.rx_errors == 2,
	      "a frame too long for a chain smaller than the MTU allows is "
	      "lost, counted, the chain back empty; the next frame goes on");
	big = guest_post_rx(FRAME_MAX, 5);
	inbox_add(MTU + 15, 4, false);
	inbox_add(10, 5, false);
	inbox_add(MTU + 19, 6, true);
	inbox_add(MTU + 18, 7, true);
	check(vnet_rx_work(&net, &rx.q) == 1 && take_used(&rx, &head, &len) &&
		      head == big &&
		      received_is(head, len, MTU + 18, 7, true) &&
		      net.stats.rx_dropped == 3 && inbox_count() == 0,
	      "frames from the host longer than the MTU allows, or shorter "
	      "than 14 bytes, are dropped and the chain takes the next");
	big = guest_post_rx(MTU + 18, 0);
	inbox_add(FRAME_MAX, 8, false);
	inbox_add(70, 9, false);
	check(vnet_rx_work(&net, &rx.q) == 1 && take_used(&rx, &head, &len) &&
		      head == big && received_is(head, len, 70, 9, false) &&
		      net.stats.rx_dropped == 4 && net.stats.rx_errors == 2,
	      "a frame cut short in a chain that holds any legal frame is "
	      "the host's: dropped, the chain kept");
}

static void test_waiting(void)
{
	uint16_t head, posted;
	uint32_t len;
	struct vnet_stats before;

	fresh(false);
	inbox_add(60, 0, false);
	inbox_add(61, 1, false);
	before = net.stats;
	check(vnet_rx_work(&net, &rx.q) == 0 && inbox_count() == 2 &&
		      memcmp(&before, &net.stats, sizeof(before)) == 0,
	      "with no receive chain no frame is taken from the backend");
	in_head = in_tail = 0;
	posted = guest_post_rx(MTU + 18, 0);
	check(vnet_rx_work(&net, &rx.q) == 0 && net.rx_held &&
		      !take_used(&rx, &head, &len),
	      "a receive chain with no frame waits, held by the device");
	inbox_add(99, 9, false);
	check(vnet_rx_work(&net, &rx.q) == 1 && take_used(&rx, &head, &len) &&
		      head == posted && received_is(head, len, 99, 9, false),
	      "and takes the next frame that comes");
	send_result = -EAGAIN;
	guest_send(60, 0, 1, false);
	guest_send(61, 2, 2, false);
	before = net.stats;
	check(vnet_tx_work(&net, &tx.q) == 0 && net.tx_held && sends == 0 &&
		      !take_used(&tx, &head, &len) &&
		      memcmp(&before, &net.stats, sizeof(before)) == 0,
	      "a backend that would block keeps the frame, nothing counted");
	send_result = 0;
	check(vnet_tx_work(&net, &tx.q) == 2 && sends == 2 &&
		      sent_is(61, 2, false) && net.stats.tx_packets == 2 &&
		      take_used(&tx, &head, &len) && head == 0 &&
		      take_used(&tx, &head, &len) && head == 1,
	      "and sends it, then the next, in order, once it can");
	send_result = -EIO;
	guest_send(62, 0, 3, false);
	check(vnet_tx_work(&net, &tx.q) == 1 && net.stats.tx_dropped == 1 &&
		      take_used(&tx, &head, &len),
	      "a frame the backend fails to send is dropped, counted, given "
	      "back");
	send_result = 0;
	recv_result = -EIO;
	guest_post_rx(MTU + 18, 0);
	check(vnet_rx_work(&net, &rx.q) == 0 && net.stats.rx_dropped == 1 &&
		      net.rx_held,
	      "a backend that fails to receive is counted; the chain waits");
	recv_result = 0;
	refills = 100;
	guest_send(60, 0, 0, false);
	sends = 0;
	check(vnet_tx_work(&net, &tx.q) == NUM && sends == NUM &&
		      vnet_tx_work(&net, &tx.q) == NUM,
	      "a guest that keeps the queue full gets a ring's worth a call");
	while (take_used(&tx, &head, &len))
		;
	refills = 0;
	vnet_reset(&net);
	check(!net.rx_held && !net.tx_held,
	      "a reset lets go of the chains the device held");
}

/* 70000 frames each way through rings of 8: the 16-bit indices wrap. */
static void test_wrap(void)
{
	unsigned int bad = 0, sent = 0, got = 0, posted = 0;
	uint16_t head;
	uint32_t len;

	fresh(true);
	while (sent < 70000) {
		unsigned int batch = 1 + sent % NUM;

		if (batch > 70000 - sent)
			batch = 70000 - sent;

		for (unsigned int i = 0; i < batch; i++)
			guest_send(60 + (sent + i) % 1455, sent + i, sent + i,
				   false);
		if (vnet_tx_work(&net, &tx.q) != (int)batch ||
		    !sent_is(60 + (sent + batch - 1) % 1455, sent + batch - 1,
			     false))
			bad++;
		while (take_used(&tx, &head, &len))
			;
		sent += batch;
	}
	/* More frames than chains: 20 waiting, 8 chains at a time. */
	while (got < 70000) {
		uint16_t heads[NUM] = {0};
		unsigned int n = 0;

		while (inbox_count() < 20)
			inbox_add(60 + (got + inbox_count()) % 1455,
				  got + inbox_count(), false);
		for (; posted - got < NUM; posted++)
			heads[posted - got] = guest_post_rx(MTU + 18, 0);
		if (vnet_rx_work(&net, &rx.q) != NUM)
			bad++;
		while (take_used(&rx, &head, &len)) {
			if (head != heads[n] ||
			    !received_is(head, len, 60 + got % 1455, got,
					 false))
				bad++;
			n++;
			got++;
		}
	}
	check(bad == 0 && net.stats.tx_packets == 70000 &&
		      net.stats.rx_packets == 70000 &&
		      rx.q.used_idx == 70000 % 65536 && !net.stats.rx_errors &&
		      !net.stats.tx_errors,
	      "70000 frames each way through rings of 8 wrap the indices, "
	      "in order, none lost");
}

int main(void)
{
	ram.base = malloc(RAM_SIZE);
	ram.start = RAM_START;
	ram.size = RAM_SIZE;
	if (!ram.base)
		return 1;
	test_config();
	test_tx_lengths(false);
	test_tx_lengths(true);
	test_rx_lengths(false);
	test_rx_lengths(true);
	test_tx_sizes();
	test_directions();
	test_rx_sizes();
	test_waiting();
	test_wrap();
	free(ram.base);
	printf("# virtio-net tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
