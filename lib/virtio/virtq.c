/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver side of a split virtqueue. The free descriptors are linked
 * through their own next fields, so a chain taken from the free list is
 * already linked; a used chain goes back whole.
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/memory.h>
#include <tess/virtio.h>

struct tess_virtq {
	unsigned int num;
	bool event_idx;
	bool broken;
	const char *why;
	struct tess_virtq_desc *desc;
	struct tess_virtq_avail *avail;
	struct tess_virtq_used *used;
	void *mem;
	size_t pages;
	uint16_t free_head;
	unsigned int nfree;
	uint16_t avail_idx;	/* the next available entry to fill */
	uint16_t published;	/* avail->idx as last published */
	uint16_t last_used;	/* the next used entry to take */
	void **cookies;		/* per head; NULL: not out */
	uint16_t *chain_len;	/* per head: descriptors in its chain */
	uint32_t *in_bytes;	/* per head: bytes the device may write */
};

/* used_event (after the available ring) and avail_event (after the used
 * ring): the EVENT_IDX fields. */
static uint16_t *used_event(struct tess_virtq *q)
{
	return &q->avail->ring[q->num];
}

static uint16_t *avail_event(struct tess_virtq *q)
{
	return (uint16_t *)((char *)q->used + 4 +
			    sizeof(struct tess_virtq_used_elem) * q->num);
}

int tess_virtq_create(struct tess_virtq **out, unsigned int num,
		      bool event_idx)
{
	struct tess_alloc *heap = tess_alloc_default();
	size_t avail_off, used_off, bytes;
	struct tess_virtq *q;

	if (!out || num == 0 || num > TESS_VIRTQ_SIZE_MAX || (num & (num - 1)))
		return -EINVAL;
	q = tess_calloc(heap, 1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	avail_off = tess_virtq_desc_bytes(num);
	used_off = TESS_ALIGN_UP(avail_off + tess_virtq_avail_bytes(num),
				 (size_t)64);
	bytes = used_off + tess_virtq_used_bytes(num);
	q->pages = TESS_ALIGN_UP(bytes, (size_t)TESS_PAGE_SIZE) / TESS_PAGE_SIZE;
	q->mem = tess_palloc(heap, q->pages);
	q->cookies = tess_calloc(heap, num, sizeof(*q->cookies));
	q->chain_len = tess_calloc(heap, num, sizeof(*q->chain_len));
	q->in_bytes = tess_calloc(heap, num, sizeof(*q->in_bytes));
	if (!q->mem || !q->cookies || !q->chain_len || !q->in_bytes) {
		tess_virtq_destroy(q);
		return -ENOMEM;
	}
	memset(q->mem, 0, q->pages * TESS_PAGE_SIZE);
	q->num = num;
	q->event_idx = event_idx;
	q->desc = q->mem;
	q->avail = (struct tess_virtq_avail *)((char *)q->mem + avail_off);
	q->used = (struct tess_virtq_used *)((char *)q->mem + used_off);
	for (unsigned int i = 0; i < num; i++)
		q->desc[i].next = (uint16_t)(i + 1);
	q->free_head = 0;
	q->nfree = num;
	*out = q;
	return 0;
}

void tess_virtq_destroy(struct tess_virtq *q)
{
	struct tess_alloc *heap = tess_alloc_default();

	if (!q)
		return;
	if (q->mem)
		tess_pfree(heap, q->mem, q->pages);
	tess_free(heap, q->cookies);
	tess_free(heap, q->chain_len);
	tess_free(heap, q->in_bytes);
	tess_free(heap, q);
}

void tess_virtq_addrs(const struct tess_virtq *q, uint64_t *desc,
		      uint64_t *avail, uint64_t *used)
{
	*desc = tess_plat_dma_addr(q->desc);
	*avail = tess_plat_dma_addr(q->avail);
	*used = tess_plat_dma_addr(q->used);
}

unsigned int tess_virtq_num(const struct tess_virtq *q)
{
	return q->num;
}

unsigned int tess_virtq_free(const struct tess_virtq *q)
{
	return q->nfree;
}

int tess_virtq_add(struct tess_virtq *q, const struct tess_virtq_buf *bufs,
		   unsigned int out, unsigned int in, void *cookie)
{
	unsigned int n = out + in;
	uint16_t head = q->free_head, i = head, last = head;
	uint32_t in_total = 0;

	if (!bufs || n == 0 || !cookie || n > q->num || out > n)
		return -EINVAL;
	for (unsigned int k = 0; k < n; k++)
		if (!bufs[k].addr || !bufs[k].len)
			return -EINVAL;
	if (q->nfree < n)
		return -ENOSPC;
	for (unsigned int k = 0; k < n; k++) {
		struct tess_virtq_desc *d = &q->desc[i];

		d->addr = tess_plat_dma_addr(bufs[k].addr);
		d->len = bufs[k].len;
		d->flags = (uint16_t)((k + 1 < n ? TESS_VIRTQ_DESC_F_NEXT : 0) |
				      (k >= out ? TESS_VIRTQ_DESC_F_WRITE : 0));
		if (k >= out)
			in_total += bufs[k].len;
		last = i;
		i = d->next; /* the free list's link is the chain's */
	}
	q->free_head = q->desc[last].next;
	q->nfree -= n;
	q->cookies[head] = cookie;
	q->chain_len[head] = (uint16_t)n;
	q->in_bytes[head] = in_total;
	q->avail->ring[q->avail_idx & (q->num - 1)] = head;
	q->avail_idx++;
	return 0;
}

bool tess_virtq_kick_prepare(struct tess_virtq *q)
{
	uint16_t old = q->published, new_idx = q->avail_idx;

	if (old == new_idx)
		return false;
	/* The descriptors and ring entries before the index. */
	__atomic_store_n(&q->avail->idx, new_idx, __ATOMIC_RELEASE);
	q->published = new_idx;
	/* The index before the device's wish is read. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (q->event_idx)
		return tess_virtq_need_event(
			__atomic_load_n(avail_event(q), __ATOMIC_RELAXED),
			new_idx, old);
	return !(__atomic_load_n(&q->used->flags, __ATOMIC_RELAXED) &
		 TESS_VIRTQ_USED_F_NO_NOTIFY);
}

static void *broken(struct tess_virtq *q, const char *why)
{
	if (!q->broken)
		tess_pr_err("virtqueue of %u entries: the device %s; the queue "
			    "is not used again",
			    q->num, why);
	q->broken = true;
	q->why = why;
	return NULL;
}

void *tess_virtq_get_used(struct tess_virtq *q, uint32_t *written)
{
	struct tess_virtq_used_elem e;
	uint16_t idx, id, i;
	void *cookie;

	if (q->broken)
		return NULL;
	idx = __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE);
	if (idx == q->last_used)
		return NULL;
	if ((uint16_t)(idx - q->last_used) > q->num)
		return broken(q, "moved the used index past the queue's size");
	memcpy(&e, (const void *)&q->used->ring[q->last_used & (q->num - 1)],
	       sizeof(e));
	if (e.id >= q->num || !q->cookies[e.id])
		return broken(q, "returned a descriptor that is not out");
	if (e.len > q->in_bytes[e.id])
		return broken(q, "wrote more than the buffers hold");
	id = (uint16_t)e.id;
	cookie = q->cookies[id];
	q->cookies[id] = NULL;
	/* The chain goes back whole, in front of the free list. */
	i = id;
	for (unsigned int k = 1; k < q->chain_len[id]; k++)
		i = q->desc[i].next;
	q->desc[i].next = q->free_head;
	q->free_head = id;
	q->nfree += q->chain_len[id];
	q->last_used++;
	if (written)
		*written = e.len;
	return cookie;
}

void tess_virtq_interrupts_off(struct tess_virtq *q)
{
	if (q->event_idx)
		/* An entry already passed: none is reached for 65535. */
		__atomic_store_n(used_event(q), (uint16_t)(q->last_used - 1),
				 __ATOMIC_RELAXED);
	else
		__atomic_store_n(&q->avail->flags,
				 TESS_VIRTQ_AVAIL_F_NO_INTERRUPT,
				 __ATOMIC_RELAXED);
}

bool tess_virtq_interrupts_on(struct tess_virtq *q)
{
	if (q->event_idx)
		__atomic_store_n(used_event(q), q->last_used, __ATOMIC_RELAXED);
	else
		__atomic_store_n(&q->avail->flags, 0, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE) != q->last_used;
}

bool tess_virtq_broken(const struct tess_virtq *q, const char **why)
{
	if (why)
		*why = q->why;
	return q->broken;
}

void *tess_virtq_detach_unused(struct tess_virtq *q)
{
	for (unsigned int id = 0; id < q->num; id++) {
		void *cookie = q->cookies[id];
		uint16_t i = (uint16_t)id;

		if (!cookie)
			continue;
		q->cookies[id] = NULL;
		for (unsigned int k = 1; k < q->chain_len[id]; k++)
			i = q->desc[i].next;
		q->desc[i].next = q->free_head;
		q->free_head = (uint16_t)id;
		q->nfree += q->chain_len[id];
		return cookie;
	}
	return NULL;
}
