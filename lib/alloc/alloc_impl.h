/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/alloc internals shared by its sources and its tests. */
#ifndef TESS_ALLOC_IMPL_H
#define TESS_ALLOC_IMPL_H

#include <tess/alloc.h>
#include <tess/plat/memory.h>

/*
 * Builds a heap with create() on the first region region_get() lists that
 * can hold one and adds the later regions with addmem. Stores the heap in
 * *out and returns 0, or returns -ENOMEM when no region could hold a heap.
 */
int alloc_heap_from_regions(
	struct tess_alloc *(*create)(void *base, size_t len),
	int (*region_get)(unsigned int idx,
			  struct tess_plat_memory_region *region),
	struct tess_alloc **out);

/*
 * Address sanitizer support (alloc_asan.c, with CONFIG_TESS_ASAN): the
 * default heap's blocks get red zones, freed blocks are poisoned and wait
 * in a quarantine. Every hook does nothing for other heaps.
 */
#ifdef CONFIG_TESS_ASAN
/* tess_plat_memory_region_get, keeping the end of each region for its
 * shadow. */
int alloc_asan_region_get(unsigned int idx,
			  struct tess_plat_memory_region *region);
/* Tracks the regions alloc_asan_region_get handed out; heap is the heap
 * built on them. */
void alloc_asan_watch(struct tess_alloc *heap);
/* Red zone bytes to add to each request on a, or 0. */
size_t alloc_asan_redzone(const struct tess_alloc *a);
/* A block of `usable` bytes leaves the heap; the caller may use size. */
void alloc_asan_block_out(struct tess_alloc *a, void *ptr, size_t size,
			  size_t usable);
/* The size asked for when ptr (usable bytes) was handed out. */
size_t alloc_asan_block_size(struct tess_alloc *a, const void *ptr,
			     size_t usable);
/* A block comes back: poisons it and quarantines it. Returns the block
 * the heap must free now (an older one, or ptr itself), or NULL. */
void *alloc_asan_block_back(struct tess_alloc *a, void *ptr, size_t usable);
/* Frees every quarantined block of a; returns how many. */
unsigned int alloc_asan_drain(struct tess_alloc *a);
void alloc_asan_pages_out(struct tess_alloc *a, void *ptr, size_t len);
void alloc_asan_pages_back(struct tess_alloc *a, void *ptr, size_t len);
#else
static inline int alloc_asan_region_get(unsigned int idx,
					struct tess_plat_memory_region *region)
{
	return tess_plat_memory_region_get(idx, region);
}
static inline void alloc_asan_watch(struct tess_alloc *heap)
{
	(void)heap;
}
static inline size_t alloc_asan_redzone(const struct tess_alloc *a)
{
	(void)a;
	return 0;
}
static inline void alloc_asan_block_out(struct tess_alloc *a, void *ptr,
					size_t size, size_t usable)
{
	(void)a, (void)ptr, (void)size, (void)usable;
}
static inline size_t alloc_asan_block_size(struct tess_alloc *a,
					   const void *ptr, size_t usable)
{
	(void)a, (void)ptr;
	return usable;
}
static inline void *alloc_asan_block_back(struct tess_alloc *a, void *ptr,
					  size_t usable)
{
	(void)a, (void)usable;
	return ptr;
}
static inline unsigned int alloc_asan_drain(struct tess_alloc *a)
{
	(void)a;
	return 0;
}
static inline void alloc_asan_pages_out(struct tess_alloc *a, void *ptr,
					size_t len)
{
	(void)a, (void)ptr, (void)len;
}
static inline void alloc_asan_pages_back(struct tess_alloc *a, void *ptr,
					 size_t len)
{
	(void)a, (void)ptr, (void)len;
}
#endif /* CONFIG_TESS_ASAN */

#endif /* TESS_ALLOC_IMPL_H */
