/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixed-size object pools: N objects of one size, allocated once when the
 * pool is made, handed out and taken back in constant time.
 *
 * Provides what packet and request buffers need (lib/netdev's packet
 * buffers, lib/blkdev's requests): no allocation on the data path, bulk
 * operations that take or give many objects under one interrupt mask, the
 * most recently returned object handed out first (it is likely still in
 * the cache), and statistics.
 *
 * Needs: lib/alloc's default heap (the objects are one block of pages),
 * the platform's interrupt mask.
 *
 * Promises:
 * - Every operation is safe from threads and interrupt handlers (one
 *   CPU; each runs with interrupts masked) and never blocks.
 * - Objects are aligned to align (a power of two up to the page size; at
 *   least 16) and do not overlap; their memory is not cleared between
 *   uses.
 * - A put of a pointer the pool did not give out (outside it, not at an
 *   object's start) or of an object already back in it is refused with an
 *   error and logged; the pool is left as it was.
 * - Errors are negative errno values; bad arguments never crash.
 */
#ifndef TESS_POOL_H
#define TESS_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tess_pool;

/* The largest pool: objects and their count. */
#define TESS_POOL_COUNT_MAX (1u << 24)
#define TESS_POOL_SIZE_MAX  (1u << 24)

/*
 * Makes a pool of count objects of size bytes, each aligned to align (0:
 * 16), named name (copied; for logs). Returns 0, -EINVAL (NULL out, zero
 * or too large size or count, align not a power of two or above the page
 * size) or -ENOMEM.
 */
int tess_pool_create(struct tess_pool **out, const char *name, size_t size,
		     size_t count, size_t align);

/* Frees the pool. Returns 0, or -EBUSY (and frees nothing) while some of
 * its objects are out. NULL: 0. */
int tess_pool_destroy(struct tess_pool *pool);

/* One object, or NULL when the pool is empty (counted). */
void *tess_pool_get(struct tess_pool *pool);

/* n objects into objs[0..n-1], or none: returns n, or 0 (objs untouched)
 * when fewer than n are left (counted as one empty get). */
unsigned int tess_pool_get_bulk(struct tess_pool *pool, void **objs,
				unsigned int n);

/* Gives obj back. Returns 0, -EINVAL (NULL pool, or obj not one of the
 * pool's objects) or -EALREADY (obj is in the pool already). */
int tess_pool_put(struct tess_pool *pool, void *obj);

/* Gives objs[0..n-1] back; each as tess_pool_put (a refused one is
 * skipped). Returns how many were taken back. */
unsigned int tess_pool_put_bulk(struct tess_pool *pool, void *const *objs,
				unsigned int n);

/* Objects in the pool now. */
unsigned int tess_pool_available(const struct tess_pool *pool);

/* Whether ptr is the start of one of the pool's objects (in or out). */
bool tess_pool_owns(const struct tess_pool *pool, const void *ptr);

struct tess_pool_stats {
	uint64_t gets, puts;   /* objects handed out / taken back */
	uint64_t empty;	       /* gets (or bulk gets) refused: empty */
	uint64_t bad_puts;     /* puts refused: foreign or twice */
	unsigned int count;    /* objects in all */
	unsigned int min_free; /* fewest ever available: headroom */
	size_t size, stride;   /* object size, and bytes between objects */
};
void tess_pool_stats_get(const struct tess_pool *pool,
			 struct tess_pool_stats *out);

#endif /* TESS_POOL_H */
