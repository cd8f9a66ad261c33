/* SPDX-License-Identifier: BSD-3-Clause */
/* TLSF allocator: size classes, free lists, split and merge, checks. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <tess/alloc-tlsf.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>

#include "tlsf_impl.h"

#ifdef CONFIG_TESS_ALLOC_TLSF_CHECKS
#define TLSF_CHECKS 1
#else
#define TLSF_CHECKS 0
#endif

/*
 * Size classes. The first level splits sizes by powers of two, the second
 * splits each power of two into TLSF_SL_COUNT equal ranges. Sizes below
 * TLSF_SMALL (512) all fall in first level 0, whose second level is
 * linear in steps of TLSF_ALIGN. Blocks are at most 2^TLSF_FL_MAX_LOG2
 * bytes; larger regions become several pools.
 */
#define TLSF_ALIGN_SHIFT 4
#define TLSF_SL_LOG2	 5
#define TLSF_SL_COUNT	 (1u << TLSF_SL_LOG2)
#define TLSF_FL_SHIFT	 (TLSF_SL_LOG2 + TLSF_ALIGN_SHIFT)
#define TLSF_SMALL	 (1UL << TLSF_FL_SHIFT)
#define TLSF_FL_MAX_LOG2 40
#define TLSF_FL_COUNT	 (TLSF_FL_MAX_LOG2 - TLSF_FL_SHIFT + 1)
#define TLSF_POOL_MAX	 ((size_t)1 << (TLSF_FL_MAX_LOG2 - 1))
/* Above this, size + header rounded up to its class leaves the classes. */
#define TLSF_MAX_REQUEST TLSF_POOL_MAX

_Static_assert(TLSF_ALIGN == 1 << TLSF_ALIGN_SHIFT, "alignment");
_Static_assert(TLSF_FL_COUNT <= __SIZEOF_LONG__ * __CHAR_BIT__,
	       "the first-level bitmap is one unsigned long");

/* Low bits of tlsf_block.size; sizes are multiples of TLSF_ALIGN. */
#define BLOCK_FREE	0x1UL
#define BLOCK_PREV_FREE 0x2UL
#define BLOCK_FLAGS	(TLSF_ALIGN - 1UL)

/* Check words: magic ^ block address ^ block size. */
#define SEAL_USED 0x7e55a11c0bb10c5dUL
#define SEAL_FREE 0x7e55a11cf4eeb10cUL
#define SEAL_END  0x7e55a11ce4d0f9a1UL

/*
 * A block: its header, then the payload. A free block keeps its free-list
 * links at the start of the payload and its size in its last word (the
 * footer), where the next block finds it to merge backwards; the next
 * block's BLOCK_PREV_FREE says whether that footer is valid.
 */
struct tlsf_block {
	size_t size;	/* whole block, header included | flags */
	uintptr_t seal; /* check word (CONFIG_TESS_ALLOC_TLSF_CHECKS) */
	struct tlsf_block *next_free; /* free blocks only */
	struct tlsf_block *prev_free;
};

/*
 * A region: this header, then blocks filling it, then an end marker: a
 * header of size 0 that is never free, so no merge walks past the region.
 */
struct tlsf_pool {
	uintptr_t first; /* first block */
	uintptr_t end;	 /* the end marker */
	struct tlsf_pool *next;
	uintptr_t unused; /* keeps blocks 16-byte aligned */
};

/* Lives at the start of the first region. */
struct tlsf_heap {
	struct tess_alloc alloc;
	struct tlsf_pool *pools;
	unsigned long fl_bitmap;	   /* bit f: sl_bitmap[f] != 0 */
	uint32_t sl_bitmap[TLSF_FL_COUNT]; /* bit s: free[f][s] != NULL */
	struct tlsf_block *free[TLSF_FL_COUNT][TLSF_SL_COUNT];
};

_Static_assert(TLSF_HEADER == offsetof(struct tlsf_block, next_free),
	       "header size");
_Static_assert(TLSF_MIN_BLOCK >= sizeof(struct tlsf_block) + sizeof(size_t),
	       "a free block holds its header, links and footer");
_Static_assert(sizeof(struct tlsf_pool) % TLSF_ALIGN == 0, "pool header");

static struct tlsf_heap *tlsf_of(struct tess_alloc *a)
{
	return tess_container_of(a, struct tlsf_heap, alloc);
}

static unsigned int floor_log2(size_t x)
{
	return __SIZEOF_LONG__ * __CHAR_BIT__ - 1 -
	       (unsigned int)__builtin_clzl(x);
}

/* ---------------------------------------------------------------- blocks */

static size_t block_size(const struct tlsf_block *block)
{
	return block->size & ~BLOCK_FLAGS;
}

static void block_set_size(struct tlsf_block *block, size_t size)
{
	block->size = size | (block->size & BLOCK_FLAGS);
}

static bool block_is_free(const struct tlsf_block *block)
{
	return block->size & BLOCK_FREE;
}

static struct tlsf_block *block_next(const struct tlsf_block *block)
{
	return (struct tlsf_block *)((uintptr_t)block + block_size(block));
}

/* Only valid when block->size has BLOCK_PREV_FREE. */
static struct tlsf_block *block_prev(const struct tlsf_block *block)
{
	size_t prev_size = ((const size_t *)block)[-1];

	return (struct tlsf_block *)((uintptr_t)block - prev_size);
}

static void *block_payload(const struct tlsf_block *block)
{
	return (void *)((uintptr_t)block + TLSF_HEADER);
}

static struct tlsf_block *block_of(const void *payload)
{
	return (struct tlsf_block *)((uintptr_t)payload - TLSF_HEADER);
}

static uintptr_t seal_value(const struct tlsf_block *block, uintptr_t magic)
{
	return magic ^ (uintptr_t)block ^ block_size(block);
}

static void block_seal(struct tlsf_block *block)
{
	if (TLSF_CHECKS)
		block->seal = seal_value(
			block, block_is_free(block) ? SEAL_FREE : SEAL_USED);
}

static bool block_sealed(const struct tlsf_block *block, uintptr_t magic)
{
	return !TLSF_CHECKS || block->seal == seal_value(block, magic);
}

/* A free block must carry the free seal; panics with what it found. */
static void block_check_free(const struct tlsf_block *block, const char *role)
{
	if (!block_is_free(block) || !block_sealed(block, SEAL_FREE))
		tess_panic("free block %p (%s) corrupted: size word %#lx "
			   "(written after free, or overflow of the block "
			   "before it?)",
			   (const void *)block, role,
			   (unsigned long)block->size);
}

/* Marks block free: footer for the next block, which learns it too. */
static void block_mark_free(struct tlsf_block *block)
{
	struct tlsf_block *next = block_next(block);

	block->size |= BLOCK_FREE;
	((size_t *)next)[-1] = block_size(block);
	next->size |= BLOCK_PREV_FREE;
	block_seal(block);
}

static void block_mark_used(struct tlsf_block *block)
{
	block->size &= ~BLOCK_FREE;
	block_next(block)->size &= ~BLOCK_PREV_FREE;
	block_seal(block);
}

/* ------------------------------------------------------------ free lists */

/* The class (first level, second level) holding blocks of size bytes. */
static void size_class(size_t size, unsigned int *fl, unsigned int *sl)
{
	unsigned int log2;

	if (size < TLSF_SMALL) {
		*fl = 0;
		*sl = (unsigned int)(size >> TLSF_ALIGN_SHIFT);
		return;
	}
	log2 = floor_log2(size);
	*fl = log2 - TLSF_FL_SHIFT + 1;
	*sl = (unsigned int)(size >> (log2 - TLSF_SL_LOG2)) ^ TLSF_SL_COUNT;
}

static void free_list_insert(struct tlsf_heap *heap, struct tlsf_block *block)
{
	struct tlsf_block **head;
	unsigned int fl, sl;

	size_class(block_size(block), &fl, &sl);
	head = &heap->free[fl][sl];
	block->prev_free = NULL;
	block->next_free = *head;
	if (*head)
		(*head)->prev_free = block;
	*head = block;
	heap->sl_bitmap[fl] |= 1u << sl;
	heap->fl_bitmap |= 1UL << fl;
	heap->alloc.stats.free_bytes += block_size(block);
}

static struct tlsf_pool *tlsf_pool_of(struct tlsf_heap *heap, uintptr_t addr);

/* A free-list link is NULL or a sealed free block of this heap; checked
 * before the link is followed. */
static bool free_link_valid(struct tlsf_heap *heap,
			    const struct tlsf_block *link)
{
	return !link || (tlsf_pool_of(heap, (uintptr_t)link) &&
			 TESS_IS_ALIGNED((uintptr_t)link, TLSF_ALIGN) &&
			 block_is_free(link) && block_sealed(link, SEAL_FREE));
}

static void free_list_remove(struct tlsf_heap *heap, struct tlsf_block *block)
{
	struct tlsf_block *next = block->next_free, *prev = block->prev_free;
	unsigned int fl, sl;

	size_class(block_size(block), &fl, &sl);
	if (TLSF_CHECKS &&
	    (!free_link_valid(heap, next) || !free_link_valid(heap, prev) ||
	     (prev && prev->next_free != block) ||
	     (!prev && heap->free[fl][sl] != block) ||
	     (next && next->prev_free != block)))
		tess_panic("free list links of block %p corrupted (memory "
			   "written after it was freed?)",
			   (void *)block);
	if (next)
		next->prev_free = prev;
	if (prev) {
		prev->next_free = next;
	} else {
		heap->free[fl][sl] = next;
		if (!next) {
			heap->sl_bitmap[fl] &= ~(1u << sl);
			if (!heap->sl_bitmap[fl])
				heap->fl_bitmap &= ~(1UL << fl);
		}
	}
	heap->alloc.stats.free_bytes -= block_size(block);
}

/*
 * Takes a free block of at least size bytes off its list, or returns
 * NULL. Rounding size up to the next class boundary makes any block of
 * the class found large enough, so the search is two bitmap scans. The
 * blocks of size's own class may be large enough too; trying the head of
 * that list keeps a single free block as large as the request usable.
 */
static struct tlsf_block *free_block_take(struct tlsf_heap *heap, size_t size)
{
	size_t rounded = size;
	unsigned long sl_map, fl_map;
	struct tlsf_block *block;
	unsigned int fl, sl;

	if (size >= TLSF_SMALL)
		rounded += (1UL << (floor_log2(size) - TLSF_SL_LOG2)) - 1;
	size_class(rounded, &fl, &sl);
	sl_map = fl < TLSF_FL_COUNT ? heap->sl_bitmap[fl] & (~0UL << sl) : 0;
	if (!sl_map) {
		fl_map = fl + 1 < TLSF_FL_COUNT
				 ? heap->fl_bitmap & (~0UL << (fl + 1))
				 : 0;
		if (fl_map) {
			fl = (unsigned int)__builtin_ctzl(fl_map);
			sl_map = heap->sl_bitmap[fl];
		}
	}
	if (sl_map) {
		sl = (unsigned int)__builtin_ctzl(sl_map);
		block = heap->free[fl][sl];
	} else {
		size_class(size, &fl, &sl);
		block = fl < TLSF_FL_COUNT ? heap->free[fl][sl] : NULL;
		if (!block || block_size(block) < size)
			return NULL;
	}
	block_check_free(block, "on a free list");
	free_list_remove(heap, block);
	return block;
}

/* ------------------------------------------------------- split and merge */

/* Merges the free block after block (if any) into block. */
static void block_merge_next(struct tlsf_heap *heap, struct tlsf_block *block)
{
	struct tlsf_block *next = block_next(block);

	if (!block_is_free(next))
		return;
	block_check_free(next, "next neighbour");
	free_list_remove(heap, next);
	block_set_size(block, block_size(block) + block_size(next));
}

/* Merges block into the free block before it (if any); returns the
 * merged block. */
static struct tlsf_block *block_merge_prev(struct tlsf_heap *heap,
					   struct tlsf_block *block)
{
	struct tlsf_block *prev;

	if (!(block->size & BLOCK_PREV_FREE))
		return block;
	prev = block_prev(block);
	block_check_free(prev, "previous neighbour");
	if (block_next(prev) != block)
		tess_panic("footer before block %p corrupted", (void *)block);
	free_list_remove(heap, prev);
	block_set_size(prev, block_size(prev) + block_size(block));
	return prev;
}

/* Gives back everything after the first size bytes of block (which is
 * not on a free list), if the rest can be a block of its own. */
static void block_trim(struct tlsf_heap *heap, struct tlsf_block *block,
		       size_t size)
{
	struct tlsf_block *rest;
	size_t total = block_size(block);

	if (total - size < TLSF_MIN_BLOCK)
		return;
	rest = (struct tlsf_block *)((uintptr_t)block + size);
	rest->size = total - size; /* block is (about to be) in use */
	block_set_size(block, size);
	block_merge_next(heap, rest);
	block_mark_free(rest);
	free_list_insert(heap, rest);
}

/* Header + size rounded to the alignment, at least a minimum block; 0
 * when no pool could hold it. */
static size_t block_size_for(size_t size)
{
	if (size > TLSF_MAX_REQUEST)
		return 0;
	return TESS_MAX(TESS_ALIGN_UP(size, TLSF_ALIGN) + TLSF_HEADER,
			(size_t)TLSF_MIN_BLOCK);
}

/* ---------------------------------------------------------------- checks */

static struct tlsf_pool *tlsf_pool_of(struct tlsf_heap *heap, uintptr_t addr)
{
	struct tlsf_pool *pool;

	for (pool = heap->pools; pool; pool = pool->next)
		if (addr >= pool->first && addr < pool->end)
			return pool;
	return NULL;
}

/* The seal a header in pool should carry: end marker, free or used. */
static uintptr_t seal_expected(const struct tlsf_pool *pool,
			       const struct tlsf_block *block)
{
	if ((uintptr_t)block == pool->end)
		return SEAL_END;
	return block_is_free(block) ? SEAL_FREE : SEAL_USED;
}

const char *tlsf_free_problem(struct tess_alloc *a, const void *ptr)
{
	struct tlsf_block *block = block_of(ptr), *next;
	struct tlsf_pool *pool;

	pool = tlsf_pool_of(tlsf_of(a), (uintptr_t)block);
	if (!pool)
		return "not allocated from this heap";
	if (!TESS_IS_ALIGNED((uintptr_t)ptr, TLSF_ALIGN))
		return "not the start of a block (misaligned)";
	if (!TLSF_CHECKS)
		return block_is_free(block) ? "already free (double free?)"
					    : NULL;
	if (block_is_free(block) && block_sealed(block, SEAL_FREE))
		return "already free (double free?)";
	if (block_is_free(block) || !block_sealed(block, SEAL_USED))
		return "not the start of a block, or its header was "
		       "overwritten";
	next = block_next(block);
	if (block_size(block) < TLSF_MIN_BLOCK || (uintptr_t)next > pool->end)
		return "block header corrupted (impossible size)";
	if (next->size & BLOCK_PREV_FREE ||
	    !block_sealed(next, seal_expected(pool, next)))
		return "the header after the block is corrupted (written "
		       "past its end?)";
	return NULL;
}

/* The block of a live pointer; panics naming ptr if it is not one (the
 * backtrace shows which call got it: free, realloc or usable_size). */
static struct tlsf_block *tlsf_block_find(struct tess_alloc *a, const void *ptr)
{
	const char *problem = tlsf_free_problem(a, ptr);

	if (problem)
		tess_panic("bad pointer %p: %s", ptr, problem);
	return block_of(ptr);
}

/* ------------------------------------------------------------ operations */

static void *tlsf_malloc(struct tess_alloc *a, size_t size)
{
	struct tlsf_heap *heap = tlsf_of(a);
	size_t need = block_size_for(size);
	struct tlsf_block *block;

	if (need == 0)
		return NULL;
	block = free_block_take(heap, need);
	if (!block)
		return NULL;
	block_trim(heap, block, need);
	block_mark_used(block);
	return block_payload(block);
}

static void tlsf_free(struct tess_alloc *a, void *ptr)
{
	struct tlsf_heap *heap = tlsf_of(a);
	struct tlsf_block *block = tlsf_block_find(a, ptr);

	/* Sealed free first: if it is merged into the block before it, its
	 * old header still says "free" to a second free of ptr. */
	block->size |= BLOCK_FREE;
	block_seal(block);
	block = block_merge_prev(heap, block);
	block_merge_next(heap, block);
	block_mark_free(block);
	free_list_insert(heap, block);
}

static size_t tlsf_usable_size(struct tess_alloc *a, const void *ptr)
{
	return block_size(tlsf_block_find(a, ptr)) - TLSF_HEADER;
}

static void *tlsf_memalign(struct tess_alloc *a, size_t align, size_t size)
{
	struct tlsf_heap *heap = tlsf_of(a);
	size_t need = block_size_for(size), gap;
	struct tlsf_block *block, *front;
	uintptr_t payload;

	if (align <= TLSF_ALIGN)
		return tlsf_malloc(a, size);
	/* The payload moves up by a gap that is 0 or can be a free block
	 * of its own: less than align + TLSF_MIN_BLOCK. */
	if (need == 0 || align > TLSF_MAX_REQUEST)
		return NULL;
	front = free_block_take(heap, need + align + TLSF_MIN_BLOCK);
	if (!front)
		return NULL;
	payload = TESS_ALIGN_UP((uintptr_t)block_payload(front), align);
	gap = payload - (uintptr_t)block_payload(front);
	if (gap != 0 && gap < TLSF_MIN_BLOCK)
		payload = TESS_ALIGN_UP((uintptr_t)block_payload(front) +
						TLSF_MIN_BLOCK,
					align);
	gap = payload - (uintptr_t)block_payload(front);
	block = front;
	if (gap != 0) {
		/* front's neighbours are in use: it needs no merging. */
		block = block_of((void *)payload);
		block->size = block_size(front) - gap;
		block_set_size(front, gap);
		block_mark_free(front);
		free_list_insert(heap, front);
	}
	block_trim(heap, block, need);
	block_mark_used(block);
	return block_payload(block);
}

/* Shrinks in place, grows in place into a free next block, else moves. */
static void *tlsf_realloc(struct tess_alloc *a, void *ptr, size_t size)
{
	struct tlsf_heap *heap = tlsf_of(a);
	struct tlsf_block *block = tlsf_block_find(a, ptr);
	size_t need = block_size_for(size), have = block_size(block);
	struct tlsf_block *next = block_next(block);
	void *moved;

	if (need == 0)
		return NULL;
	if (need > have && block_is_free(next) &&
	    have + block_size(next) >= need) {
		block_merge_next(heap, block);
		have = block_size(block);
	}
	if (need <= have) {
		block_trim(heap, block, need);
		block_mark_used(block);
		return ptr;
	}
	moved = tlsf_malloc(a, size);
	if (!moved)
		return NULL;
	memcpy(moved, ptr, have - TLSF_HEADER);
	tlsf_free(a, ptr);
	return moved;
}

/* ----------------------------------------------------------------- pools */

static bool tlsf_overlaps(struct tlsf_heap *heap, uintptr_t start,
			  uintptr_t end)
{
	struct tlsf_pool *pool;

	if (start < (uintptr_t)(heap + 1) && (uintptr_t)heap < end)
		return true;
	for (pool = heap->pools; pool; pool = pool->next)
		if (start < pool->end + TLSF_HEADER && (uintptr_t)pool < end)
			return true;
	return false;
}

/* Makes [start, end) (16-byte aligned, at most TLSF_POOL_MAX bytes) a
 * pool holding one free block. */
static int tlsf_pool_add(struct tlsf_heap *heap, uintptr_t start, uintptr_t end)
{
	struct tlsf_pool *pool = (struct tlsf_pool *)start;
	struct tlsf_block *block, *marker;

	if (end - start < sizeof(*pool) + TLSF_MIN_BLOCK + TLSF_HEADER)
		return -EINVAL;
	if (tlsf_overlaps(heap, start, end)) {
		tess_pr_err("region %#lx-%#lx overlaps one the heap already "
			    "has",
			    (unsigned long)start, (unsigned long)end);
		return -EINVAL;
	}
	block = (struct tlsf_block *)(pool + 1);
	marker = (struct tlsf_block *)(end - TLSF_HEADER);
	block->size = (uintptr_t)marker - (uintptr_t)block;
	marker->size = 0;
	if (TLSF_CHECKS)
		marker->seal = seal_value(marker, SEAL_END);
	block_mark_free(block);
	free_list_insert(heap, block);

	pool->first = (uintptr_t)block;
	pool->end = (uintptr_t)marker;
	pool->next = heap->pools;
	heap->pools = pool;
	heap->alloc.stats.heap_bytes += block_size(block);
	return 0;
}

/* Adds [start, end) as one or more pools (blocks have a largest size). */
static int tlsf_pools_add(struct tlsf_heap *heap, uintptr_t start,
			  uintptr_t end)
{
	int ret;

	while (end - start > TLSF_POOL_MAX) {
		ret = tlsf_pool_add(heap, start, start + TLSF_POOL_MAX);
		if (ret < 0)
			return ret;
		start += TLSF_POOL_MAX;
	}
	return tlsf_pool_add(heap, start, end);
}

static int tlsf_addmem(struct tess_alloc *a, void *base, size_t len)
{
	uintptr_t start, end;

	if (!tess_alloc_region_align(base, len, TLSF_ALIGN, &start, &end))
		return -EINVAL;
	return tlsf_pools_add(tlsf_of(a), start, end);
}

static const struct tess_alloc_ops tlsf_ops = {
	.malloc = tlsf_malloc,
	.free = tlsf_free,
	.realloc = tlsf_realloc,
	.memalign = tlsf_memalign,
	/* palloc/pfree: the wrappers use memalign(4096) and free. */
	.addmem = tlsf_addmem,
	.usable_size = tlsf_usable_size,
};

struct tess_alloc *tess_alloc_tlsf_init(void *base, size_t len)
{
	struct tlsf_heap *heap;
	uintptr_t start, end, first_pool;

	if (!tess_alloc_region_align(base, len, TLSF_ALIGN, &start, &end) ||
	    end - start < sizeof(*heap))
		return NULL;
	first_pool = TESS_ALIGN_UP(start + sizeof(*heap), TLSF_ALIGN);
	if (first_pool >= end)
		return NULL;

	heap = (struct tlsf_heap *)start;
	memset(heap, 0, sizeof(*heap));
	tess_alloc_init(&heap->alloc, &tlsf_ops, "tlsf");
	if (tlsf_pools_add(heap, first_pool, end) < 0)
		return NULL;
	return &heap->alloc;
}

size_t tlsf_free_block_count(struct tess_alloc *a)
{
	struct tlsf_heap *heap = tlsf_of(a);
	struct tlsf_block *block;
	unsigned int fl, sl;
	size_t count = 0;

	for (fl = 0; fl < TLSF_FL_COUNT; fl++)
		for (sl = 0; sl < TLSF_SL_COUNT; sl++)
			for (block = heap->free[fl][sl]; block;
			     block = block->next_free)
				count++;
	return count;
}
