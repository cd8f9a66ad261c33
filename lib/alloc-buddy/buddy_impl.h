/* SPDX-License-Identifier: BSD-3-Clause */
/* Buddy allocator internals shared by its sources and its tests. */
#ifndef TESS_ALLOC_BUDDY_IMPL_H
#define TESS_ALLOC_BUDDY_IMPL_H

#include <stddef.h>

#include <tess/alloc.h>

#ifndef CONFIG_TESS_ALLOC_BUDDY_MAX_ORDER
#define CONFIG_TESS_ALLOC_BUDDY_MAX_ORDER 10
#endif
#define BUDDY_MAX_ORDER CONFIG_TESS_ALLOC_BUDDY_MAX_ORDER

/* tess_alloc_buddy_init() with a smaller largest order (<= the Kconfig
 * one), so tests can reach it with a small heap. */
struct tess_alloc *buddy_heap_create(void *base, size_t len,
				     unsigned int max_order);

/* Number of free blocks of the given order. */
size_t buddy_free_blocks(struct tess_alloc *a, unsigned int order);

/* What is wrong with tess_free(a, ptr) (or usable_size, realloc), or NULL
 * if ptr is the start of a live malloc block. Never panics. */
const char *buddy_free_problem(struct tess_alloc *a, const void *ptr);

/* The same for tess_pfree(a, ptr, npages). */
const char *buddy_pfree_problem(struct tess_alloc *a, const void *ptr,
				size_t npages);

#endif /* TESS_ALLOC_BUDDY_IMPL_H */
