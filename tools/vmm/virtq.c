/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device side of a split virtqueue (virtio 1.2, 2.7), over guest RAM
 * the guest may change at any moment: every field is read once, into a
 * local, and checked there before it is used.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "virtq.h"

uint8_t *virtq_ram_ptr(const struct virtq_ram *ram, uint64_t gpa,
		       uint64_t len)
{
	if (gpa < ram->start || gpa - ram->start > ram->size ||
	    len > ram->size - (gpa - ram->start))
		return NULL;
	return ram->base + (gpa - ram->start);
}

int virtq_break(struct virtq *q, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q->why, sizeof(q->why), fmt, ap);
	va_end(ap);
	q->broken = true;
	return -1;
}

int virtq_setup(struct virtq *q, const struct virtq_ram *ram, unsigned int num,
		uint64_t desc, uint64_t avail, uint64_t used, bool event_idx)
{
	memset(q, 0, sizeof(*q));
	q->ram = ram;
	if (num == 0 || num > TESS_VIRTQ_SIZE_MAX || (num & (num - 1)))
		return virtq_break(q, "queue size %u is not a power of two up to %u",
			      num, TESS_VIRTQ_SIZE_MAX);
	if ((desc & 15) || (avail & 1) || (used & 3))
		return virtq_break(q, "misaligned rings (descriptors %#llx, "
				 "available %#llx, used %#llx)",
			      (unsigned long long)desc,
			      (unsigned long long)avail,
			      (unsigned long long)used);
	q->desc = (struct tess_virtq_desc *)virtq_ram_ptr(
		ram, desc, tess_virtq_desc_bytes(num));
	q->avail = (struct tess_virtq_avail *)virtq_ram_ptr(
		ram, avail, tess_virtq_avail_bytes(num));
	q->used = (struct tess_virtq_used *)virtq_ram_ptr(
		ram, used, tess_virtq_used_bytes(num));
	if (!q->desc || !q->avail || !q->used)
		return virtq_break(q, "a ring is not inside guest RAM (descriptors "
				 "%#llx, available %#llx, used %#llx, %u entries)",
			      (unsigned long long)desc,
			      (unsigned long long)avail,
			      (unsigned long long)used, num);
	q->num = (uint16_t)(num == TESS_VIRTQ_SIZE_MAX ? 0 : num);
	q->event_idx = event_idx;
	/* What the guest left in the used ring is not ours to trust. */
	q->used_idx = q->signalled_used = 0;
	__atomic_store_n(&q->used->idx, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&q->used->flags, 0, __ATOMIC_RELEASE);
	return 0;
}

/* The queue size as a number (num is kept as uint16_t: 32768 is 0). */
static unsigned int size_of(const struct virtq *q)
{
	return q->num ? q->num : TESS_VIRTQ_SIZE_MAX;
}

/* Reads descriptor i of a table once: the guest may rewrite it. */
static struct tess_virtq_desc desc_read(const struct tess_virtq_desc *table,
					unsigned int i)
{
	struct tess_virtq_desc d;

	memcpy(&d, (const void *)&table[i], sizeof(d));
	__atomic_signal_fence(__ATOMIC_SEQ_CST); /* one read, then locals */
	return d;
}

static int chain_walk(struct virtq *q, uint16_t head, struct virtq_chain *c)
{
	const struct tess_virtq_desc *table = q->desc;
	unsigned int table_num = size_of(q), i = head, steps = 0;
	uint64_t read_len = 0, write_len = 0;
	bool indirect = false;

	c->head = head;
	c->nseg = 0;
	for (;;) {
		struct tess_virtq_desc d;
		uint8_t *ptr;

		if (++steps > table_num)
			return virtq_break(q, "the descriptor chain from %u loops "
					 "(more than %u steps)",
				      head, table_num);
		d = desc_read(table, i);
		if (d.flags & TESS_VIRTQ_DESC_F_INDIRECT) {
			if (indirect)
				return virtq_break(q, "an indirect table (chain %u) "
						 "points to another",
					      head);
			if (d.flags & TESS_VIRTQ_DESC_F_NEXT)
				return virtq_break(q, "descriptor %u is indirect "
						 "and has a next one",
					      i);
			if (d.len == 0 || d.len % 16 ||
			    d.len / 16 > TESS_VIRTQ_SIZE_MAX)
				return virtq_break(q, "indirect table of %u bytes "
						 "(chain %u)",
					      d.len, head);
			ptr = virtq_ram_ptr(q->ram, d.addr, d.len);
			if (!ptr)
				return virtq_break(q, "indirect table at %#llx (%u "
						 "bytes) is outside guest RAM",
					      (unsigned long long)d.addr,
					      d.len);
			table = (const struct tess_virtq_desc *)ptr;
			table_num = d.len / 16;
			indirect = true;
			i = 0;
			steps = 0;
			continue;
		}
		if (d.len == 0)
			return virtq_break(q, "descriptor %u (chain %u) has length 0",
				      i, head);
		ptr = virtq_ram_ptr(q->ram, d.addr, d.len);
		if (!ptr)
			return virtq_break(q, "buffer at %#llx (%u bytes, chain %u) "
					 "is outside guest RAM",
				      (unsigned long long)d.addr, d.len, head);
		if (!(d.flags & TESS_VIRTQ_DESC_F_WRITE) && write_len)
			return virtq_break(q, "chain %u has a readable buffer after "
					 "a writable one",
				      head);
		if (c->nseg == VIRTQ_CHAIN_MAX)
			return virtq_break(q, "chain %u is longer than %u buffers",
				      head, VIRTQ_CHAIN_MAX);
		c->seg[c->nseg++] = (struct virtq_seg){
			ptr, d.len, (d.flags & TESS_VIRTQ_DESC_F_WRITE) != 0};
		if (d.flags & TESS_VIRTQ_DESC_F_WRITE)
			write_len += d.len;
		else
			read_len += d.len;
		if (read_len > UINT32_MAX || write_len > UINT32_MAX)
			return virtq_break(q, "chain %u holds more than 4 GiB", head);
		if (!(d.flags & TESS_VIRTQ_DESC_F_NEXT))
			break;
		if (d.next >= table_num)
			return virtq_break(q, "descriptor %u (chain %u) goes on at "
					 "%u, beyond its table of %u",
				      i, head, d.next, table_num);
		i = d.next;
	}
	c->read_len = (uint32_t)read_len;
	c->write_len = (uint32_t)write_len;
	return 1;
}

int virtq_pop(struct virtq *q, struct virtq_chain *c)
{
	unsigned int num = size_of(q);
	uint16_t avail_idx, pending, head;

	if (q->broken)
		return -1;
	avail_idx = __atomic_load_n(&q->avail->idx, __ATOMIC_ACQUIRE);
	pending = (uint16_t)(avail_idx - q->last_avail);
	if (pending == 0)
		return 0;
	if (pending > num)
		return virtq_break(q, "the available index moved by %u, more than "
				 "the queue's %u entries",
			      pending, num);
	head = __atomic_load_n(&q->avail->ring[q->last_avail & (num - 1)],
			       __ATOMIC_RELAXED);
	if (head >= num)
		return virtq_break(q, "available entry %u names descriptor %u of %u",
			      q->last_avail, head, num);
	if (chain_walk(q, head, c) < 0)
		return -1;
	q->last_avail++;
	return 1;
}

void virtq_push(struct virtq *q, uint16_t head, uint32_t written)
{
	unsigned int num = size_of(q);
	struct tess_virtq_used_elem e = {head, written};

	if (q->broken)
		return;
	memcpy((void *)&q->used->ring[q->used_idx & (num - 1)], &e, sizeof(e));
	q->used_idx++;
	__atomic_store_n(&q->used->idx, q->used_idx, __ATOMIC_RELEASE);
}

bool virtq_should_interrupt(struct virtq *q)
{
	uint16_t old = q->signalled_used;
	bool need;

	if (q->broken || old == q->used_idx)
		return false;
	/* The used index is visible before the guest's wish is read. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (q->event_idx) {
		uint16_t event = __atomic_load_n(&q->avail->ring[size_of(q)],
						 __ATOMIC_RELAXED);

		need = tess_virtq_need_event(event, q->used_idx, old);
	} else {
		need = !(__atomic_load_n(&q->avail->flags, __ATOMIC_RELAXED) &
			 TESS_VIRTQ_AVAIL_F_NO_INTERRUPT);
	}
	q->signalled_used = q->used_idx;
	return need;
}

bool virtq_notifications(struct virtq *q, bool enable)
{
	if (q->broken)
		return false;
	if (q->event_idx) {
		uint16_t *avail_event = (uint16_t *)&q->used->ring[size_of(q)];

		/* Off: an index already passed, so no posting reaches it
		 * for 65535 entries. */
		__atomic_store_n(avail_event,
				 (uint16_t)(enable ? q->last_avail
						   : q->last_avail - 1),
				 __ATOMIC_RELEASE);
	} else {
		__atomic_store_n(&q->used->flags,
				 enable ? 0 : TESS_VIRTQ_USED_F_NO_NOTIFY,
				 __ATOMIC_RELEASE);
	}
	if (!enable)
		return false;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return __atomic_load_n(&q->avail->idx, __ATOMIC_ACQUIRE) !=
	       q->last_avail;
}
