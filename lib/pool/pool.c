/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Object pools: the objects in one block of pages, a stack of the free
 * ones' indices (the last returned is the next handed out) and a bit per
 * object saying it is in the pool, which is what refuses a second put.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>
#include <tess/pool.h>

#define NAME_MAX_LEN 31

struct tess_pool {
	char name[NAME_MAX_LEN + 1];
	char *objects;	   /* count objects, stride bytes apart */
	size_t objects_pages;
	size_t size, stride;
	unsigned int count;
	unsigned int free_top;	/* free[0..free_top-1] are in the pool */
	uint32_t *free;		/* indices of the objects in the pool */
	uint64_t *in_pool;	/* bit i: object i is in the pool */
	struct tess_pool_stats stats;
};

static bool is_power_of_two(size_t x)
{
	return x && !(x & (x - 1));
}

int tess_pool_create(struct tess_pool **out, const char *name, size_t size,
		     size_t count, size_t align)
{
	struct tess_alloc *heap = tess_alloc_default();
	struct tess_pool *p;
	size_t words, bytes;

	if (align == 0)
		align = 16;
	if (!out || !size || size > TESS_POOL_SIZE_MAX || !count ||
	    count > TESS_POOL_COUNT_MAX || !is_power_of_two(align) ||
	    align > TESS_PAGE_SIZE)
		return -EINVAL;
	if (align < 16)
		align = 16;
	p = tess_calloc(heap, 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	snprintf(p->name, sizeof(p->name), "%s", name ? name : "pool");
	p->size = size;
	p->stride = TESS_ALIGN_UP(size, align);
	p->count = (unsigned int)count;
	/* At most 2^24 objects of 2^24 bytes: no overflow in 64 bits. */
	bytes = p->stride * count;
	p->objects_pages = TESS_ALIGN_UP(bytes, TESS_PAGE_SIZE) / TESS_PAGE_SIZE;
	p->objects = tess_palloc(heap, p->objects_pages);
	words = (count + 63) / 64;
	p->free = tess_malloc(heap, count * sizeof(*p->free));
	p->in_pool = tess_calloc(heap, words, sizeof(*p->in_pool));
	if (!p->objects || !p->free || !p->in_pool) {
		if (p->objects)
			tess_pfree(heap, p->objects, p->objects_pages);
		tess_free(heap, p->free);
		tess_free(heap, p->in_pool);
		tess_free(heap, p);
		return -ENOMEM;
	}
	/* Handed out in address order at first: index 0 on top. */
	for (unsigned int i = 0; i < p->count; i++) {
		p->free[i] = p->count - 1 - i;
		p->in_pool[i / 64] |= 1ULL << (i % 64);
	}
	p->free_top = p->count;
	p->stats.count = p->count;
	p->stats.min_free = p->count;
	p->stats.size = size;
	p->stats.stride = p->stride;
	*out = p;
	return 0;
}

int tess_pool_destroy(struct tess_pool *p)
{
	struct tess_alloc *heap = tess_alloc_default();

	if (!p)
		return 0;
	if (p->free_top != p->count)
		return -EBUSY;
	tess_pfree(heap, p->objects, p->objects_pages);
	tess_free(heap, p->free);
	tess_free(heap, p->in_pool);
	tess_free(heap, p);
	return 0;
}

/* Takes the top free object. Masked; the pool is not empty. */
static void *take(struct tess_pool *p)
{
	uint32_t i = p->free[--p->free_top];

	p->in_pool[i / 64] &= ~(1ULL << (i % 64));
	return p->objects + (size_t)i * p->stride;
}

static void low_water(struct tess_pool *p)
{
	if (p->free_top < p->stats.min_free)
		p->stats.min_free = p->free_top;
}

void *tess_pool_get(struct tess_pool *p)
{
	void *obj = NULL;
	bool was;

	if (!p)
		return NULL;
	was = tess_plat_irq_save();
	if (p->free_top) {
		obj = take(p);
		p->stats.gets++;
		low_water(p);
	} else {
		p->stats.empty++;
	}
	tess_plat_irq_restore(was);
	return obj;
}

unsigned int tess_pool_get_bulk(struct tess_pool *p, void **objs,
				unsigned int n)
{
	bool was;

	if (!p || !objs || !n)
		return 0;
	was = tess_plat_irq_save();
	if (p->free_top < n) {
		p->stats.empty++;
		tess_plat_irq_restore(was);
		return 0;
	}
	for (unsigned int k = 0; k < n; k++)
		objs[k] = take(p);
	p->stats.gets += n;
	low_water(p);
	tess_plat_irq_restore(was);
	return n;
}

/* obj's index, or -1 when it is not the start of one of p's objects. */
static long index_of(const struct tess_pool *p, const void *obj)
{
	uintptr_t base = (uintptr_t)p->objects, at = (uintptr_t)obj;

	if (at < base || at >= base + p->stride * p->count ||
	    (at - base) % p->stride)
		return -1;
	return (long)((at - base) / p->stride);
}

bool tess_pool_owns(const struct tess_pool *p, const void *ptr)
{
	return p && index_of(p, ptr) >= 0;
}

/* Gives one back, masked: 0 or the refusal. */
static int give(struct tess_pool *p, void *obj)
{
	long i = index_of(p, obj);

	if (i < 0) {
		p->stats.bad_puts++;
		tess_pr_err("pool %s: %p is none of its objects; not taken",
			    p->name, obj);
		return -EINVAL;
	}
	if (p->in_pool[i / 64] & (1ULL << (i % 64))) {
		p->stats.bad_puts++;
		tess_pr_err("pool %s: object %p given back twice; not taken again",
			    p->name, obj);
		return -EALREADY;
	}
	p->in_pool[i / 64] |= 1ULL << (i % 64);
	p->free[p->free_top++] = (uint32_t)i;
	p->stats.puts++;
	return 0;
}

int tess_pool_put(struct tess_pool *p, void *obj)
{
	bool was;
	int err;

	if (!p)
		return -EINVAL;
	was = tess_plat_irq_save();
	err = give(p, obj);
	tess_plat_irq_restore(was);
	return err;
}

unsigned int tess_pool_put_bulk(struct tess_pool *p, void *const *objs,
				unsigned int n)
{
	unsigned int taken = 0;
	bool was;

	if (!p || !objs)
		return 0;
	was = tess_plat_irq_save();
	for (unsigned int k = 0; k < n; k++)
		taken += give(p, objs[k]) == 0;
	tess_plat_irq_restore(was);
	return taken;
}

unsigned int tess_pool_available(const struct tess_pool *p)
{
	return p ? p->free_top : 0;
}

void tess_pool_stats_get(const struct tess_pool *p,
			 struct tess_pool_stats *out)
{
	bool was = tess_plat_irq_save();

	*out = p->stats;
	tess_plat_irq_restore(was);
}
