/* SPDX-License-Identifier: BSD-3-Clause */
/* Packet buffers: pools of them over lib/pool, and alloc and free of one
 * or many. */
#include <errno.h>
#include <stdio.h>
#include <tess/alloc.h>

#include "netbuf_impl.h"

/* Each buffer starts a cache line: its header and the first bytes of its
 * frame (where a driver's header and the Ethernet header sit) share it. */
#define NETBUF_ALIGN 64

int tess_netbuf_pool_create(struct tess_netbuf_pool **out, const char *name,
			    size_t count, size_t data_size, size_t headroom)
{
	struct tess_alloc *heap = tess_alloc_default();
	struct tess_netbuf_pool *p;
	int err;

	/* capacity and the offsets inside a buffer are 16 bits. */
	if (!out || !count || !data_size || data_size > UINT16_MAX ||
	    headroom > UINT16_MAX - data_size)
		return -EINVAL;
	p = tess_calloc(heap, 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	snprintf(p->name, sizeof(p->name), "%s", name ? name : "netbuf");
	err = tess_pool_create(&p->objects, p->name,
			       sizeof(struct tess_netbuf) + headroom +
				       data_size,
			       count, NETBUF_ALIGN);
	if (err) {
		tess_free(heap, p);
		return err;
	}
	p->info.name = p->name;
	p->info.count = (unsigned int)count;
	p->info.headroom = (uint16_t)headroom;
	p->info.data_size = (uint16_t)data_size;
	*out = p;
	return 0;
}

int tess_netbuf_pool_destroy(struct tess_netbuf_pool *p)
{
	int err;

	if (!p)
		return 0;
	if (p->receivers)
		return -EBUSY;
	err = tess_pool_destroy(p->objects);
	if (err)
		return err;
	tess_free(tess_alloc_default(), p);
	return 0;
}

const struct tess_netbuf_pool_info *
tess_netbuf_pool_info(const struct tess_netbuf_pool *p)
{
	return p ? &p->info : NULL;
}

unsigned int tess_netbuf_pool_available(const struct tess_netbuf_pool *p)
{
	return p ? tess_pool_available(p->objects) : 0;
}

/* A buffer as it leaves its pool. Every field is set again, since the
 * last holder may have changed any of them. */
static void netbuf_reset(struct tess_netbuf_pool *p, struct tess_netbuf *b)
{
	b->data = b->storage + p->info.headroom;
	b->len = 0;
	b->capacity = (uint16_t)(p->info.headroom + p->info.data_size);
	b->pool = p;
	b->next = NULL;
	b->priv = NULL;
}

struct tess_netbuf *tess_netbuf_alloc(struct tess_netbuf_pool *p)
{
	struct tess_netbuf *b;

	if (!p)
		return NULL;
	b = tess_pool_get(p->objects);
	if (b)
		netbuf_reset(p, b);
	return b;
}

unsigned int tess_netbuf_alloc_bulk(struct tess_netbuf_pool *p,
				    struct tess_netbuf **bufs, unsigned int n)
{
	if (!p || !bufs || !n)
		return 0;
	/* lib/pool hands out objects as void pointers; these are buffers. */
	if (tess_pool_get_bulk(p->objects, (void **)bufs, n) != n)
		return 0;
	for (unsigned int i = 0; i < n; i++)
		netbuf_reset(p, bufs[i]);
	return n;
}

int tess_netbuf_free(struct tess_netbuf *buf)
{
	if (!buf || !buf->pool)
		return -EINVAL;
	/* lib/pool refuses (and logs) a buffer already back, and one whose
	 * pool field names a pool it is not an object of. */
	return tess_pool_put(buf->pool->objects, buf);
}

unsigned int tess_netbuf_free_bulk(struct tess_netbuf *const *bufs,
				   unsigned int n)
{
	unsigned int taken = 0, start = 0, end;
	struct tess_netbuf_pool *p;

	if (!bufs)
		return 0;
	while (start < n) {
		if (!bufs[start] || !bufs[start]->pool) {
			start++;
			continue;
		}
		/* A run of buffers of one pool goes back in one bulk put. */
		p = bufs[start]->pool;
		for (end = start + 1;
		     end < n && bufs[end] && bufs[end]->pool == p; end++)
			;
		taken += tess_pool_put_bulk(
			p->objects, (void *const *)(bufs + start), end - start);
		start = end;
	}
	return taken;
}
