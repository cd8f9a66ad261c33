/* SPDX-License-Identifier: BSD-3-Clause */
/* Address sanitizer support: red zones, poisoned free blocks, quarantine. */

#include <stdbool.h>
#include <stdint.h>

#include <tess/alloc.h>
#include <tess/asan.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/memory.h>

#include "alloc_impl.h"

/*
 * The default heap's regions are watched: each keeps its last ninth for
 * the shadow map (one byte per 8 bytes). Every block handed out is
 * followed by a poisoned red zone whose last word records the size asked
 * for; a freed block is poisoned and waits in a FIFO quarantine before the
 * heap may reuse it, so late accesses through stale pointers are reported.
 *
 * This file and the allocators themselves are compiled without checks
 * (see Makefile.uk): they read and write headers, red zones and free
 * blocks by design.
 */

#define ASAN_REGIONS_MAX 4 /* lib/asan tracks at most 4 ranges */
#define ASAN_QUARANTINE	 CONFIG_TESS_ASAN_QUARANTINE
/* Ring size for the index arithmetic, never 0. */
#define ASAN_RING (ASAN_QUARANTINE ? ASAN_QUARANTINE : 1)

_Static_assert(CONFIG_TESS_ASAN_REDZONE >= 2 * sizeof(size_t),
	       "a red zone holds the block's size");

struct asan_region {
	uintptr_t base;
	size_t len;	 /* what the heap gets */
	uint8_t *shadow; /* right after it */
};

/* Filled by alloc_asan_region_get while the default heap is built at
 * boot, read once by alloc_asan_watch. */
static struct asan_region asan_regions[ASAN_REGIONS_MAX];
static unsigned int asan_region_count;

/* The heap whose blocks get red zones; set once at boot. */
static struct tess_alloc *asan_heap;

/* Freed blocks of asan_heap not yet given back, oldest at asan_oldest. */
static void *asan_quarantine[ASAN_RING];
static unsigned int asan_oldest, asan_quarantined;

int alloc_asan_region_get(unsigned int idx,
			  struct tess_plat_memory_region *region)
{
	struct asan_region *watched;
	size_t heap_len;
	int ret;

	ret = tess_plat_memory_region_get(idx, region);
	if (ret < 0 || asan_region_count == ASAN_REGIONS_MAX)
		return ret;
	heap_len = TESS_ALIGN_DOWN(region->len / 9 * 8, TESS_PAGE_SIZE);
	if (heap_len == 0)
		return ret;
	watched = &asan_regions[asan_region_count++];
	watched->base = region->base;
	watched->len = heap_len;
	watched->shadow = (uint8_t *)(region->base + heap_len);
	region->len = heap_len;
	return 0;
}

/* After the heap is built: tracking poisons the whole region, so the
 * backend must have written its metadata already. */
void alloc_asan_watch(struct tess_alloc *heap)
{
	unsigned int i, watched = 0;
	int ret;

	for (i = 0; i < asan_region_count; i++) {
		ret = tess_asan_track(asan_regions[i].base, asan_regions[i].len,
				      asan_regions[i].shadow);
		if (ret < 0)
			tess_pr_warn("heap region %#lx not watched by the "
				     "address sanitizer (%d)",
				     (unsigned long)asan_regions[i].base, ret);
		else
			watched++;
	}
	if (watched)
		asan_heap = heap;
}

size_t alloc_asan_redzone(const struct tess_alloc *a)
{
	return a == asan_heap ? CONFIG_TESS_ASAN_REDZONE : 0;
}

/* The last aligned word of a block, in its red zone. */
static size_t *asan_size_slot(const void *ptr, size_t usable)
{
	return (size_t *)TESS_ALIGN_DOWN(
		(uintptr_t)ptr + usable - sizeof(size_t), sizeof(size_t));
}

void alloc_asan_block_out(struct tess_alloc *a, void *ptr, size_t size,
			  size_t usable)
{
	uintptr_t end = TESS_ALIGN_UP((uintptr_t)ptr + size, TESS_ASAN_GRANULE);

	if (a != asan_heap)
		return;
	*asan_size_slot(ptr, usable) = size;
	tess_asan_unpoison(ptr, size);
	tess_asan_poison((void *)end, (uintptr_t)ptr + usable - end,
			 TESS_ASAN_HEAP_REDZONE);
}

size_t alloc_asan_block_size(struct tess_alloc *a, const void *ptr,
			     size_t usable)
{
	return a == asan_heap ? *asan_size_slot(ptr, usable) : usable;
}

void *alloc_asan_block_back(struct tess_alloc *a, void *ptr, size_t usable)
{
	unsigned int i;
	void *oldest;

	if (a != asan_heap)
		return ptr;
	tess_asan_poison(ptr, usable, TESS_ASAN_HEAP_FREED);
	if (ASAN_QUARANTINE == 0)
		return ptr;
	/* The heap still counts a quarantined block as allocated, so only
	 * this search can tell a second free of it. */
	for (i = 0; i < asan_quarantined; i++)
		if (asan_quarantine[(asan_oldest + i) % ASAN_RING] == ptr)
			tess_panic("bad pointer %p: already free (double "
				   "free, found in the sanitizer quarantine)",
				   ptr);
	if (asan_quarantined < ASAN_RING) {
		asan_quarantine[(asan_oldest + asan_quarantined++) %
				ASAN_RING] = ptr;
		return NULL;
	}
	oldest = asan_quarantine[asan_oldest];
	asan_quarantine[asan_oldest] = ptr;
	asan_oldest = (asan_oldest + 1) % ASAN_RING;
	return oldest;
}

unsigned int alloc_asan_drain(struct tess_alloc *a)
{
	unsigned int drained = asan_quarantined;

	if (a != asan_heap)
		return 0;
	while (asan_quarantined) {
		a->ops->free(a, asan_quarantine[asan_oldest]);
		asan_oldest = (asan_oldest + 1) % ASAN_RING;
		asan_quarantined--;
	}
	return drained;
}

void alloc_asan_pages_out(struct tess_alloc *a, void *ptr, size_t len)
{
	if (a == asan_heap)
		tess_asan_unpoison(ptr, len);
}

void alloc_asan_pages_back(struct tess_alloc *a, void *ptr, size_t len)
{
	if (a == asan_heap)
		tess_asan_poison(ptr, len, TESS_ASAN_HEAP_FREED);
}
