/* SPDX-License-Identifier: BSD-3-Clause */
/* Binary buddy page allocator: page map, free lists, split and merge. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <tess/alloc-buddy.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/memory.h>

#include "buddy_impl.h"

#ifdef CONFIG_TESS_ALLOC_BUDDY_CHECKS
#define BUDDY_CHECKS 1
#else
#define BUDDY_CHECKS 0
#endif

#define BUDDY_PAGE_SHIFT 12
#define BUDDY_PAGE_SIZE	 TESS_PAGE_SIZE

_Static_assert(BUDDY_PAGE_SIZE == 1UL << BUDDY_PAGE_SHIFT,
	       "the buddy allocator works in 4 KiB pages");
_Static_assert(BUDDY_MAX_ORDER >= 3 && BUDDY_MAX_ORDER <= 30,
	       "CONFIG_TESS_ALLOC_BUDDY_MAX_ORDER must be 3..30");

/*
 * One byte of state per page. Knowing, for any page, whether it is free
 * and which allocation it starts or continues is what lets merges find
 * free buddies, lets free find a block's size and lets every free be
 * checked.
 */
#define PAGE_FREE_HEAD	 0x80 /* first page of a free block, | its order */
#define PAGE_FREE_TAIL	 0x01 /* any other page of a free block */
#define PAGE_PALLOC_HEAD 0x02 /* first page of a palloc allocation */
#define PAGE_PALLOC_TAIL 0x03 /* its other pages */
#define PAGE_BLOCK_HEAD	 0x04 /* first page of a malloc/memalign block */
#define PAGE_BLOCK_TAIL	 0x05 /* its other pages */

/* Links of a free-list entry, kept in the first bytes of the free block. */
struct buddy_free_block {
	struct buddy_free_block *next;
	struct buddy_free_block *prev;
};

/* One memory region. This header and the page map sit in the region's
 * first pages; [start, end) are the pages handed out. */
struct buddy_zone {
	uintptr_t start;
	uintptr_t end;
	uint8_t *page_state; /* one byte per page of [start, end) */
	struct buddy_zone *next;
};

/* Lives at the start of the first region. */
struct buddy_heap {
	struct tess_alloc alloc;
	unsigned int max_order;
	struct buddy_zone *zones;
	/* Circular lists of free blocks, by order; blocks of all zones. */
	struct buddy_free_block free_list[BUDDY_MAX_ORDER + 1];
	size_t free_blocks[BUDDY_MAX_ORDER + 1];
};

static struct buddy_heap *buddy_of(struct tess_alloc *a)
{
	return tess_container_of(a, struct buddy_heap, alloc);
}

static size_t order_bytes(unsigned int order)
{
	return BUDDY_PAGE_SIZE << order;
}

/* Smallest order whose blocks hold npages (>= 1) pages. */
static unsigned int order_for_pages(size_t npages)
{
	if (npages <= 1)
		return 0;
	return __SIZEOF_LONG__ * __CHAR_BIT__ -
	       (unsigned int)__builtin_clzl(npages - 1);
}

static size_t pages_for_bytes(size_t size)
{
	return size / BUDDY_PAGE_SIZE + (size % BUDDY_PAGE_SIZE != 0);
}

static struct buddy_zone *buddy_zone_of(struct buddy_heap *heap, uintptr_t addr)
{
	struct buddy_zone *zone;

	for (zone = heap->zones; zone; zone = zone->next)
		if (addr >= zone->start && addr < zone->end)
			return zone;
	return NULL;
}

static uint8_t *page_state(struct buddy_zone *zone, uintptr_t addr)
{
	return &zone->page_state[(addr - zone->start) >> BUDDY_PAGE_SHIFT];
}

/* Not memset: with the address sanitizer the page map lies in memory it
 * watches, and only this file is exempt from its checks. */
static void page_state_fill(uint8_t *state, uint8_t value, size_t npages)
{
	while (npages--)
		*state++ = value;
}

static void buddy_list_push(struct buddy_heap *heap, struct buddy_zone *zone,
			    uintptr_t addr, unsigned int order)
{
	struct buddy_free_block *head = &heap->free_list[order];
	struct buddy_free_block *block = (struct buddy_free_block *)addr;

	*page_state(zone, addr) = PAGE_FREE_HEAD | order;
	block->next = head->next;
	block->prev = head;
	head->next->prev = block;
	head->next = block;
	heap->free_blocks[order]++;
	heap->alloc.stats.free_bytes += order_bytes(order);
}

/* A free-list link is the list head or a free block of that order; the
 * page map tells, so a stray link is caught before it is followed. */
static bool buddy_link_valid(struct buddy_heap *heap,
			     struct buddy_free_block *link, unsigned int order)
{
	struct buddy_zone *zone;

	if (link == &heap->free_list[order])
		return true;
	zone = buddy_zone_of(heap, (uintptr_t)link);
	return zone && TESS_IS_ALIGNED((uintptr_t)link, BUDDY_PAGE_SIZE) &&
	       *page_state(zone, (uintptr_t)link) == (PAGE_FREE_HEAD | order);
}

/* The caller gives the block's first page its new state. */
static void buddy_list_remove(struct buddy_heap *heap,
			      struct buddy_free_block *block,
			      unsigned int order)
{
	if (BUDDY_CHECKS &&
	    (!buddy_link_valid(heap, block->next, order) ||
	     !buddy_link_valid(heap, block->prev, order) ||
	     block->next->prev != block || block->prev->next != block))
		tess_panic("free list of order %u corrupted at %p "
			   "(memory written after it was freed?)",
			   order, (void *)block);
	block->prev->next = block->next;
	block->next->prev = block->prev;
	heap->free_blocks[order]--;
	heap->alloc.stats.free_bytes -= order_bytes(order);
}

/*
 * Frees the naturally aligned block of 2^order pages at addr, whose pages
 * are marked PAGE_FREE_TAIL, merging it with its buddy for as long as the
 * buddy is a free block of the same order.
 */
static void buddy_block_free(struct buddy_heap *heap, struct buddy_zone *zone,
			     uintptr_t addr, unsigned int order)
{
	while (order < heap->max_order) {
		uintptr_t buddy = addr ^ order_bytes(order);
		uint8_t *state;

		if (buddy < zone->start || buddy >= zone->end)
			break;
		state = page_state(zone, buddy);
		if (*state != (PAGE_FREE_HEAD | order))
			break;
		buddy_list_remove(heap, (struct buddy_free_block *)buddy,
				  order);
		*state = PAGE_FREE_TAIL;
		addr = TESS_MIN(addr, buddy);
		order++;
	}
	buddy_list_push(heap, zone, addr, order);
}

/*
 * Frees the pages [start, end) of a zone, cut into the largest naturally
 * aligned blocks. Cutting greedily from the low end gives blocks no two
 * of which are buddies, so merging only ever reaches outside the range.
 */
static void buddy_range_free(struct buddy_heap *heap, struct buddy_zone *zone,
			     uintptr_t start, uintptr_t end)
{
	page_state_fill(page_state(zone, start), PAGE_FREE_TAIL,
			(end - start) >> BUDDY_PAGE_SHIFT);
	while (start < end) {
		unsigned long pfn = start >> BUDDY_PAGE_SHIFT;
		unsigned long npages = (end - start) >> BUDDY_PAGE_SHIFT;
		unsigned int order = heap->max_order;
		unsigned int fits = __SIZEOF_LONG__ * __CHAR_BIT__ - 1 -
				    (unsigned int)__builtin_clzl(npages);

		if (pfn != 0)
			order = TESS_MIN(order,
					 (unsigned int)__builtin_ctzl(pfn));
		order = TESS_MIN(order, fits);
		buddy_block_free(heap, zone, start, order);
		start += order_bytes(order);
	}
}

/* Takes a free block of the given order, splitting a larger one when
 * needed. Returns its address (its first page still marked free) and
 * zone, or 0 when no block is large enough. */
static uintptr_t buddy_block_take(struct buddy_heap *heap, unsigned int order,
				  struct buddy_zone **zonep)
{
	struct buddy_free_block *block;
	struct buddy_zone *zone;
	unsigned int k = order;
	uintptr_t addr;

	while (k <= heap->max_order && heap->free_blocks[k] == 0)
		k++;
	if (k > heap->max_order)
		return 0;
	block = heap->free_list[k].next;
	addr = (uintptr_t)block;
	zone = buddy_zone_of(heap, addr);
	if (!zone || *page_state(zone, addr) != (PAGE_FREE_HEAD | k))
		tess_panic("free list of order %u holds %p, which is not a "
			   "free block (memory corrupted)",
			   k, block);
	buddy_list_remove(heap, block, k);
	while (k > order) {
		k--;
		buddy_list_push(heap, zone, addr + order_bytes(k), k);
	}
	*zonep = zone;
	return addr;
}

/*
 * Allocates npages pages at the start of a block of 2^order >= npages
 * pages, marks them head, tail, tail..., and gives the rest of the block
 * back at once.
 */
static void *buddy_pages_alloc(struct buddy_heap *heap, size_t npages,
			       unsigned int order, uint8_t head, uint8_t tail)
{
	struct buddy_zone *zone;
	uintptr_t addr;
	uint8_t *state;

	if (order > heap->max_order)
		return NULL;
	addr = buddy_block_take(heap, order, &zone);
	if (!addr)
		return NULL;
	state = page_state(zone, addr);
	state[0] = head;
	page_state_fill(state + 1, tail, npages - 1);
	if (npages < (1UL << order))
		buddy_range_free(heap, zone, addr + npages * BUDDY_PAGE_SIZE,
				 addr + order_bytes(order));
	return (void *)addr;
}

static void *buddy_palloc(struct tess_alloc *a, size_t npages)
{
	struct buddy_heap *heap = buddy_of(a);

	if (npages == 0 || npages > (1UL << heap->max_order))
		return NULL;
	return buddy_pages_alloc(heap, npages, order_for_pages(npages),
				 PAGE_PALLOC_HEAD, PAGE_PALLOC_TAIL);
}

static void *buddy_memalign(struct tess_alloc *a, size_t align, size_t size)
{
	struct buddy_heap *heap = buddy_of(a);
	size_t npages = pages_for_bytes(size);
	unsigned int order;

	if (npages == 0 || npages > (1UL << heap->max_order))
		return NULL;
	order = order_for_pages(npages);
	/* A block of order k is aligned to 4096 << k. */
	if (align > BUDDY_PAGE_SIZE)
		order = TESS_MAX(order,
				 order_for_pages(align / BUDDY_PAGE_SIZE));
	return buddy_pages_alloc(heap, npages, order, PAGE_BLOCK_HEAD,
				 PAGE_BLOCK_TAIL);
}

static void *buddy_malloc(struct tess_alloc *a, size_t size)
{
	return buddy_memalign(a, BUDDY_PAGE_SIZE, size);
}

/*
 * Checks that addr is the first page of an allocation whose pages are
 * marked head, tail, tail...; returns NULL and sets its zone and length,
 * or returns what is wrong.
 */
static const char *buddy_run_find(struct buddy_heap *heap, uintptr_t addr,
				  uint8_t head, uint8_t tail,
				  struct buddy_zone **zonep, size_t *npages)
{
	struct buddy_zone *zone = buddy_zone_of(heap, addr);
	uint8_t *state;
	size_t n = 1;

	if (!zone)
		return "not allocated from this heap";
	if (!TESS_IS_ALIGNED(addr, BUDDY_PAGE_SIZE))
		return "not page-aligned, so not the start of an allocation";
	state = page_state(zone, addr);
	if (*state != head) {
		if (*state == PAGE_BLOCK_HEAD)
			return "allocated with tess_malloc: free it with "
			       "tess_free";
		if (*state == PAGE_PALLOC_HEAD)
			return "pages from tess_palloc: free them with "
			       "tess_pfree";
		if (*state == PAGE_BLOCK_TAIL || *state == PAGE_PALLOC_TAIL)
			return "points inside an allocation, not at its start";
		return "already free (double free?)";
	}
	while (addr + n * BUDDY_PAGE_SIZE < zone->end && state[n] == tail)
		n++;
	*zonep = zone;
	*npages = n;
	return NULL;
}

const char *buddy_free_problem(struct tess_alloc *a, const void *ptr)
{
	struct buddy_zone *zone;
	size_t npages;

	return buddy_run_find(buddy_of(a), (uintptr_t)ptr, PAGE_BLOCK_HEAD,
			      PAGE_BLOCK_TAIL, &zone, &npages);
}

const char *buddy_pfree_problem(struct tess_alloc *a, const void *ptr,
				size_t npages)
{
	struct buddy_zone *zone;
	const char *problem;
	size_t allocated;

	problem = buddy_run_find(buddy_of(a), (uintptr_t)ptr, PAGE_PALLOC_HEAD,
				 PAGE_PALLOC_TAIL, &zone, &allocated);
	if (!problem && npages != allocated)
		problem = "page count differs from the allocation's";
	return problem;
}

/* Finds the malloc block at ptr; panics naming ptr if it does not start
 * one (the backtrace shows which call got it: free, realloc or
 * usable_size). */
static struct buddy_zone *buddy_block_find(struct tess_alloc *a,
					   const void *ptr, size_t *npages)
{
	struct buddy_zone *zone;
	const char *problem;

	problem = buddy_run_find(buddy_of(a), (uintptr_t)ptr, PAGE_BLOCK_HEAD,
				 PAGE_BLOCK_TAIL, &zone, npages);
	if (problem)
		tess_panic("bad pointer %p: %s", ptr, problem);
	return zone;
}

static void buddy_free(struct tess_alloc *a, void *ptr)
{
	uintptr_t addr = (uintptr_t)ptr;
	struct buddy_zone *zone;
	size_t npages;

	zone = buddy_block_find(a, ptr, &npages);
	buddy_range_free(buddy_of(a), zone, addr,
			 addr + npages * BUDDY_PAGE_SIZE);
}

static size_t buddy_usable_size(struct tess_alloc *a, const void *ptr)
{
	size_t npages;

	buddy_block_find(a, ptr, &npages);
	return npages * BUDDY_PAGE_SIZE;
}

/* Shrinks in place; grows by moving (growing in place would need the
 * pages after the block to be free, which is rare). */
static void *buddy_realloc(struct tess_alloc *a, void *ptr, size_t size)
{
	size_t old_pages, new_pages = pages_for_bytes(size);
	uintptr_t addr = (uintptr_t)ptr;
	struct buddy_zone *zone;
	void *moved;

	zone = buddy_block_find(a, ptr, &old_pages);
	if (new_pages <= old_pages) {
		if (new_pages < old_pages)
			buddy_range_free(buddy_of(a), zone,
					 addr + new_pages * BUDDY_PAGE_SIZE,
					 addr + old_pages * BUDDY_PAGE_SIZE);
		return ptr;
	}
	moved = buddy_malloc(a, size);
	if (!moved)
		return NULL;
	memcpy(moved, ptr, old_pages * BUDDY_PAGE_SIZE);
	buddy_range_free(buddy_of(a), zone, addr,
			 addr + old_pages * BUDDY_PAGE_SIZE);
	return moved;
}

static void buddy_pfree(struct tess_alloc *a, void *ptr, size_t npages)
{
	uintptr_t addr = (uintptr_t)ptr;
	struct buddy_zone *zone;
	const char *problem;
	size_t allocated;

	problem = buddy_run_find(buddy_of(a), addr, PAGE_PALLOC_HEAD,
				 PAGE_PALLOC_TAIL, &zone, &allocated);
	if (problem)
		tess_panic("pfree(%p, %zu pages): %s", ptr, npages, problem);
	if (npages != allocated)
		tess_panic("pfree(%p, %zu pages): the allocation has %zu "
			   "pages",
			   ptr, npages, allocated);
	buddy_range_free(buddy_of(a), zone, addr,
			 addr + npages * BUDDY_PAGE_SIZE);
}

/*
 * Turns the pages [base, end) into a zone: the first `reserved` bytes are
 * already taken (the heap header), then come the zone header and its page
 * map, then the pages it manages, all freed at once.
 */
static int buddy_zone_add(struct buddy_heap *heap, uintptr_t base,
			  uintptr_t end, size_t reserved)
{
	size_t total_pages = (end - base) >> BUDDY_PAGE_SHIFT;
	size_t header = TESS_ALIGN_UP(reserved, _Alignof(struct buddy_zone));
	size_t meta_pages;
	struct buddy_zone *zone, *other;

	/* The map gets a byte for the metadata pages too: simpler, and
	 * less than one byte in 4096 is wasted. */
	if (total_pages > SIZE_MAX - header - sizeof(*zone))
		return -EINVAL;
	meta_pages = pages_for_bytes(header + sizeof(*zone) + total_pages);
	if (meta_pages >= total_pages)
		return -EINVAL;
	for (other = heap->zones; other; other = other->next) {
		uintptr_t other_base =
			TESS_ALIGN_DOWN((uintptr_t)other, BUDDY_PAGE_SIZE);

		if (base < other->end && other_base < end) {
			tess_pr_err("region %#lx-%#lx overlaps one the heap "
				    "already has",
				    (unsigned long)base, (unsigned long)end);
			return -EINVAL;
		}
	}

	zone = (struct buddy_zone *)(base + header);
	zone->start = base + meta_pages * BUDDY_PAGE_SIZE;
	zone->end = end;
	zone->page_state = (uint8_t *)(zone + 1);
	zone->next = heap->zones;
	heap->zones = zone;
	heap->alloc.stats.heap_bytes += zone->end - zone->start;
	buddy_range_free(heap, zone, zone->start, zone->end);
	return 0;
}

static int buddy_addmem(struct tess_alloc *a, void *base, size_t len)
{
	uintptr_t start, end;

	if (!tess_alloc_region_align(base, len, BUDDY_PAGE_SIZE, &start,
				     &end))
		return -EINVAL;
	return buddy_zone_add(buddy_of(a), start, end, 0);
}

static const struct tess_alloc_ops buddy_ops = {
	.malloc = buddy_malloc,
	.free = buddy_free,
	.realloc = buddy_realloc,
	.memalign = buddy_memalign,
	.palloc = buddy_palloc,
	.pfree = buddy_pfree,
	.addmem = buddy_addmem,
	.usable_size = buddy_usable_size,
};

struct tess_alloc *buddy_heap_create(void *base, size_t len,
				     unsigned int max_order)
{
	struct buddy_heap *heap;
	uintptr_t start, end;
	unsigned int order;

	if (max_order > BUDDY_MAX_ORDER ||
	    !tess_alloc_region_align(base, len, BUDDY_PAGE_SIZE, &start,
				     &end) ||
	    end - start < sizeof(*heap))
		return NULL;

	heap = (struct buddy_heap *)start;
	tess_alloc_init(&heap->alloc, &buddy_ops, "buddy");
	heap->max_order = max_order;
	heap->zones = NULL;
	for (order = 0; order <= BUDDY_MAX_ORDER; order++) {
		heap->free_list[order].next = &heap->free_list[order];
		heap->free_list[order].prev = &heap->free_list[order];
		heap->free_blocks[order] = 0;
	}
	if (buddy_zone_add(heap, start, end, sizeof(*heap)) < 0)
		return NULL;
	return &heap->alloc;
}

struct tess_alloc *tess_alloc_buddy_init(void *base, size_t len)
{
	return buddy_heap_create(base, len, BUDDY_MAX_ORDER);
}

size_t buddy_free_blocks(struct tess_alloc *a, unsigned int order)
{
	struct buddy_heap *heap = buddy_of(a);

	return order <= heap->max_order ? heap->free_blocks[order] : 0;
}
