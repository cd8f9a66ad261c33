/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of the buddy page allocator, on a static test heap. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <tess/alloc-buddy.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/memory.h>
#include <tess/test.h>
#include <tess/test_util.h>

#include "../buddy_impl.h"

/*
 * The test heap is two blocks of the largest test order T, aligned to
 * that size. Its first page holds the metadata, so a fresh heap is cut
 * into exactly one free block of each order 0..T: pages 1, 2-3, 4-7, ...
 * of the first half and the whole second half. Tests use T <= 6 (256 KiB
 * blocks) whatever the configured largest order, to stay small and fast.
 */
#define TEST_ORDER	 (BUDDY_MAX_ORDER < 6 ? BUDDY_MAX_ORDER : 6)
#define TEST_BLOCK_PAGES (1UL << TEST_ORDER)
#define TEST_BLOCK_BYTES (TESS_PAGE_SIZE << TEST_ORDER)
#define TEST_FREE_PAGES	 (2 * TEST_BLOCK_PAGES - 1)
#define PAGE		 TESS_PAGE_SIZE

static char heap_mem[2 * TEST_BLOCK_BYTES]
	__attribute__((aligned(TEST_BLOCK_BYTES)));

static struct tess_alloc *test_heap(void)
{
	return buddy_heap_create(heap_mem, sizeof(heap_mem), TEST_ORDER);
}

/* True when the heap is back to one free block of every order. */
static bool layout_is_initial(struct tess_alloc *a)
{
	unsigned int order;

	for (order = 0; order <= TEST_ORDER; order++)
		if (buddy_free_blocks(a, order) != 1)
			return false;
	return a->stats.free_bytes == TEST_FREE_PAGES * PAGE;
}

TESS_TEST(alloc_buddy, init_needs_room_for_metadata_and_one_page)
{
	struct tess_alloc *a;

	EXPECT_NULL(tess_alloc_buddy_init(heap_mem, 0));
	EXPECT_NULL(tess_alloc_buddy_init(heap_mem, PAGE));
	/* Aligned inward, [heap_mem + 1, + 2 pages) holds one whole page. */
	EXPECT_NULL(tess_alloc_buddy_init(heap_mem + 1, 2 * PAGE));
	EXPECT_NULL(buddy_heap_create(heap_mem, sizeof(heap_mem),
				      BUDDY_MAX_ORDER + 1));

	/* Two whole pages: one of metadata, one to hand out. */
	a = tess_alloc_buddy_init(heap_mem + 100, 3 * PAGE);
	ASSERT_NOT_NULL(a);
	EXPECT_EQ_U(a->stats.heap_bytes, PAGE);
	EXPECT_EQ_U(a->stats.free_bytes, PAGE);
	EXPECT_TRUE(tess_palloc(a, 1) == heap_mem + 2 * PAGE);
	EXPECT_NULL(tess_palloc(a, 1));
}

TESS_TEST(alloc_buddy, fresh_heap_holds_one_free_block_of_every_order)
{
	struct tess_alloc *a = test_heap();

	ASSERT_NOT_NULL(a);
	EXPECT_TRUE(layout_is_initial(a));
	EXPECT_EQ_U(a->stats.heap_bytes, TEST_FREE_PAGES * PAGE);
	EXPECT_EQ_U(a->stats.free_bytes, a->stats.heap_bytes);
}

TESS_TEST(alloc_buddy, palloc_of_every_order_is_aligned_and_merges_back)
{
	struct tess_alloc *a = test_heap();
	unsigned int order;
	void *p;

	ASSERT_NOT_NULL(a);
	for (order = 0; order <= TEST_ORDER; order++) {
		p = tess_palloc(a, 1UL << order);
		ASSERT_NOT_NULL(p);
		EXPECT_TRUE(tess_test_is_aligned(p, PAGE << order));
		memset(p, 0xab, PAGE << order);
		EXPECT_EQ_U(a->stats.free_bytes,
			    (TEST_FREE_PAGES - (1UL << order)) * PAGE);
		tess_pfree(a, p, 1UL << order);
		EXPECT_TRUE(layout_is_initial(a));
	}
}

TESS_TEST(alloc_buddy, palloc_takes_exactly_the_pages_asked_for)
{
	struct tess_alloc *a = test_heap();
	size_t npages, align;
	void *p;

	ASSERT_NOT_NULL(a);
	for (npages = 1; npages <= TEST_BLOCK_PAGES; npages++) {
		p = tess_palloc(a, npages);
		ASSERT_NOT_NULL(p);
		/* Aligned to the power of two covering the request. */
		for (align = PAGE; align < npages * PAGE; align <<= 1)
			;
		EXPECT_TRUE(tess_test_is_aligned(p, align));
		EXPECT_EQ_U(a->stats.free_bytes,
			    (TEST_FREE_PAGES - npages) * PAGE);
		EXPECT_EQ_U(a->stats.in_use_bytes, npages * PAGE);
		tess_pfree(a, p, npages);
		EXPECT_TRUE(layout_is_initial(a));
	}
}

TESS_TEST(alloc_buddy, largest_block_is_the_limit_and_comes_back)
{
	struct tess_alloc *a = test_heap();
	struct tess_alloc_stats before;
	void *big;

	ASSERT_NOT_NULL(a);
	big = tess_palloc(a, TEST_BLOCK_PAGES);
	ASSERT_TRUE(big == heap_mem + TEST_BLOCK_BYTES);
	/* The first half has free pages, but no block of the largest order. */
	tess_alloc_stats_get(a, &before);
	EXPECT_NULL(tess_palloc(a, TEST_BLOCK_PAGES));
	EXPECT_NULL(tess_palloc(a, TEST_BLOCK_PAGES + 1));
	EXPECT_EQ_U(a->stats.fail_count, before.fail_count + 2);
	EXPECT_EQ_U(a->stats.free_bytes, before.free_bytes);
	EXPECT_EQ_U(a->stats.in_use_bytes, before.in_use_bytes);
	EXPECT_EQ_U(a->stats.live_blocks, before.live_blocks);
	tess_pfree(a, big, TEST_BLOCK_PAGES);
	EXPECT_TRUE(tess_palloc(a, TEST_BLOCK_PAGES) == big);
}

TESS_TEST(alloc_buddy, zero_and_huge_sizes_return_null)
{
	struct tess_alloc *a = test_heap();

	ASSERT_NOT_NULL(a);
	EXPECT_NULL(tess_malloc(a, 0));
	EXPECT_NULL(tess_palloc(a, 0));
	EXPECT_NULL(tess_malloc(a, SIZE_MAX));
	EXPECT_NULL(tess_malloc(a, SIZE_MAX / 2));
	EXPECT_NULL(tess_palloc(a, SIZE_MAX / PAGE));
	EXPECT_NULL(tess_palloc(a, SIZE_MAX));
	EXPECT_NULL(tess_memalign(a, PAGE, SIZE_MAX / 2));
	EXPECT_NULL(tess_memalign(a, (size_t)1 << 62, 1));
	EXPECT_NULL(tess_calloc(a, SIZE_MAX / 2, 4));
	EXPECT_TRUE(layout_is_initial(a));
	EXPECT_EQ_U(a->stats.live_blocks, 0);
}

/* Sorts pointers by address (insertion sort: the arrays are small). */
static void sort_pointers(void **p, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		void *x = p[i];

		for (j = i; j > 0 && (uintptr_t)p[j - 1] > (uintptr_t)x; j--)
			p[j] = p[j - 1];
		p[j] = x;
	}
}

static void *pages[TEST_FREE_PAGES];

TESS_TEST(alloc_buddy, out_of_memory_returns_null_and_leaves_stats_unchanged)
{
	struct tess_alloc *a = test_heap();
	struct tess_alloc_stats before, after;
	struct tess_test_rng rng;
	size_t n = 0, i;

	ASSERT_NOT_NULL(a);
	while (n < TEST_FREE_PAGES && (pages[n] = tess_palloc(a, 1)))
		n++;
	EXPECT_EQ_U(n, TEST_FREE_PAGES);
	EXPECT_EQ_U(a->stats.free_bytes, 0);

	tess_alloc_stats_get(a, &before);
	EXPECT_NULL(tess_palloc(a, 1));
	EXPECT_NULL(tess_malloc(a, 1));
	EXPECT_NULL(tess_memalign(a, 2 * PAGE, 1));
	tess_alloc_stats_get(a, &after);
	EXPECT_EQ_U(after.fail_count, before.fail_count + 3);
	after.fail_count = before.fail_count;
	EXPECT_MEMEQ(&after, &before, sizeof(before));

	/* Freed in any order, the pages merge back into the initial blocks. */
	tess_test_rng_seed(&rng, 0x5eed);
	for (i = n; i > 1; i--) {
		size_t j = tess_test_rng_below(&rng, i);
		void *x = pages[j];

		pages[j] = pages[i - 1];
		pages[i - 1] = x;
	}
	for (i = 0; i < n; i++)
		tess_pfree(a, pages[i], 1);
	EXPECT_TRUE(layout_is_initial(a));
	EXPECT_EQ_U(a->stats.live_blocks, 0);
}

TESS_TEST(alloc_buddy, freeing_every_other_page_merges_nothing_until_the_rest)
{
	struct tess_alloc *a = test_heap();
	size_t n = 0, i;

	ASSERT_NOT_NULL(a);
	while (n < TEST_FREE_PAGES && (pages[n] = tess_palloc(a, 1)))
		n++;
	ASSERT_EQ(n, TEST_FREE_PAGES);
	sort_pointers(pages, n);
	for (i = 0; i < n; i += 2)
		tess_pfree(a, pages[i], 1);
	/* No two free pages are buddies: all blocks have one page. */
	EXPECT_EQ_U(buddy_free_blocks(a, 0), (n + 1) / 2);
	EXPECT_NULL(tess_palloc(a, 2));
	EXPECT_NULL(tess_malloc(a, PAGE + 1));
	for (i = 1; i < n; i += 2)
		tess_pfree(a, pages[i], 1);
	EXPECT_TRUE(layout_is_initial(a));
	pages[0] = tess_palloc(a, TEST_BLOCK_PAGES);
	EXPECT_NOT_NULL(pages[0]);
}

TESS_TEST(alloc_buddy, malloc_rounds_up_to_whole_pages)
{
	struct tess_alloc *a = test_heap();
	void *one, *two, *three;

	ASSERT_NOT_NULL(a);
	one = tess_malloc(a, 1);
	two = tess_malloc(a, PAGE + 1);
	three = tess_malloc(a, 3 * PAGE);
	ASSERT_NOT_NULL(one);
	ASSERT_NOT_NULL(two);
	ASSERT_NOT_NULL(three);
	EXPECT_TRUE(tess_test_is_aligned(one, PAGE));
	EXPECT_EQ_U(tess_alloc_usable_size(a, one), PAGE);
	EXPECT_EQ_U(tess_alloc_usable_size(a, two), 2 * PAGE);
	EXPECT_EQ_U(tess_alloc_usable_size(a, three), 3 * PAGE);
	EXPECT_EQ_U(a->stats.free_bytes, (TEST_FREE_PAGES - 6) * PAGE);
	EXPECT_EQ_U(a->stats.in_use_bytes, 6 * PAGE);
	tess_free(a, two);
	tess_free(a, one);
	tess_free(a, three);
	EXPECT_TRUE(layout_is_initial(a));
	EXPECT_EQ_U(a->stats.in_use_bytes, 0);
}

TESS_TEST(alloc_buddy, memalign_gives_every_alignment_up_to_the_largest_block)
{
	struct tess_alloc *a = test_heap();
	size_t align;
	void *p;

	ASSERT_NOT_NULL(a);
	for (align = sizeof(void *); align <= TEST_BLOCK_BYTES; align <<= 1) {
		p = tess_memalign(a, align, 100);
		ASSERT_NOT_NULL(p);
		EXPECT_TRUE(tess_test_is_aligned(p, align));
		EXPECT_EQ_U(tess_alloc_usable_size(a, p), PAGE);
		tess_free(a, p);
		EXPECT_TRUE(layout_is_initial(a));
	}
	EXPECT_NULL(tess_memalign(a, 2 * TEST_BLOCK_BYTES, 100));
}

TESS_TEST(alloc_buddy, realloc_shrinks_in_place_and_moves_to_grow)
{
	struct tess_alloc *a = test_heap();
	char *p, *q;

	ASSERT_NOT_NULL(a);
	p = tess_malloc(a, 4 * PAGE);
	ASSERT_NOT_NULL(p);
	tess_test_pattern_fill(p, 4 * PAGE, 1);
	q = tess_realloc(a, p, 2 * PAGE - 10);
	ASSERT_TRUE(q == p);
	EXPECT_EQ_U(tess_alloc_usable_size(a, q), 2 * PAGE);
	EXPECT_EQ_U(a->stats.free_bytes, (TEST_FREE_PAGES - 2) * PAGE);
	EXPECT_TRUE(tess_test_pattern_intact(q, 2 * PAGE, 1));

	p = tess_realloc(a, q, 8 * PAGE);
	ASSERT_NOT_NULL(p);
	EXPECT_TRUE(tess_test_pattern_intact(p, 2 * PAGE, 1));
	EXPECT_EQ_U(a->stats.in_use_bytes, 8 * PAGE);
	tess_free(a, p);
	EXPECT_TRUE(layout_is_initial(a));
}

TESS_TEST(alloc_buddy, calloc_zeroes_recycled_pages)
{
	struct tess_alloc *a = test_heap();
	static const unsigned char zeros[2 * 5000];
	void *p;

	ASSERT_NOT_NULL(a);
	p = tess_palloc(a, 4);
	ASSERT_NOT_NULL(p);
	memset(p, 0xff, 4 * PAGE);
	tess_pfree(a, p, 4);
	p = tess_calloc(a, 2, 5000);
	ASSERT_NOT_NULL(p);
	EXPECT_MEMEQ(p, zeros, sizeof(zeros));
	EXPECT_NULL(tess_calloc(a, SIZE_MAX / 8, 16));
}

TESS_TEST(alloc_buddy, addmem_adds_a_region_whose_blocks_stay_apart)
{
	struct tess_alloc *a;
	enum tess_log_level level;
	size_t n = 0;

	a = buddy_heap_create(heap_mem, TEST_BLOCK_BYTES, TEST_ORDER);
	ASSERT_NOT_NULL(a);
	EXPECT_EQ(tess_alloc_addmem(a, heap_mem + TEST_BLOCK_BYTES,
				    TEST_BLOCK_BYTES),
		  0);
	/* Each region gave its first page to metadata. */
	EXPECT_EQ_U(a->stats.heap_bytes, 2 * (TEST_BLOCK_PAGES - 1) * PAGE);
	EXPECT_EQ_U(a->stats.free_bytes, a->stats.heap_bytes);
	level = tess_test_log_quiet();
	EXPECT_EQ(tess_alloc_addmem(a, heap_mem + PAGE, PAGE), -EINVAL);
	EXPECT_EQ(tess_alloc_addmem(a, heap_mem, 2 * TEST_BLOCK_BYTES),
		  -EINVAL);
	tess_test_log_restore(level);
	EXPECT_EQ_U(a->stats.heap_bytes, 2 * (TEST_BLOCK_PAGES - 1) * PAGE);
	/* No block of the largest order: no region holds a whole one. */
	EXPECT_NULL(tess_palloc(a, TEST_BLOCK_PAGES));
	while (n < TEST_FREE_PAGES && (pages[n] = tess_palloc(a, 1)))
		n++;
	EXPECT_EQ_U(n, 2 * (TEST_BLOCK_PAGES - 1));
	while (n > 0)
		tess_pfree(a, pages[--n], 1);
	EXPECT_EQ_U(a->stats.free_bytes, a->stats.heap_bytes);
	if (TEST_ORDER > 0)
		EXPECT_EQ_U(buddy_free_blocks(a, TEST_ORDER - 1), 2);
}

TESS_TEST(alloc_buddy, bad_frees_are_detected)
{
	struct tess_alloc *a = test_heap();
	char *block, *run, outside;

	ASSERT_NOT_NULL(a);
	block = tess_malloc(a, 2 * PAGE);
	run = tess_palloc(a, 2);
	ASSERT_NOT_NULL(block);
	ASSERT_NOT_NULL(run);

	EXPECT_NULL(buddy_free_problem(a, block));
	EXPECT_NOT_NULL(buddy_free_problem(a, block + 1));
	EXPECT_NOT_NULL(buddy_free_problem(a, block + PAGE));
	EXPECT_NOT_NULL(buddy_free_problem(a, run));
	EXPECT_NOT_NULL(buddy_free_problem(a, &outside));
	EXPECT_NOT_NULL(buddy_free_problem(a, heap_mem));

	EXPECT_NULL(buddy_pfree_problem(a, run, 2));
	EXPECT_NOT_NULL(buddy_pfree_problem(a, run, 1));
	EXPECT_NOT_NULL(buddy_pfree_problem(a, run, 3));
	EXPECT_NOT_NULL(buddy_pfree_problem(a, run + PAGE, 1));
	EXPECT_NOT_NULL(buddy_pfree_problem(a, block, 2));
	EXPECT_NOT_NULL(buddy_pfree_problem(a, &outside, 1));

	tess_free(a, block);
	tess_pfree(a, run, 2);
	/* A second free of either is a double free. */
	EXPECT_NOT_NULL(buddy_free_problem(a, block));
	EXPECT_NOT_NULL(buddy_pfree_problem(a, run, 2));
	EXPECT_TRUE(layout_is_initial(a));
}

/*
 * Randomized stress: malloc, memalign, palloc, realloc and frees in a
 * fixed pseudo-random order. Every live block carries a pattern derived
 * from its id, checked before it is freed and after it is resized; the
 * stats must match the live blocks exactly, and blocks never overlap.
 */
#define STRESS_SLOTS 40
#define STRESS_OPS   3000

struct stress_block {
	char *ptr;
	size_t size;   /* bytes filled with the pattern */
	size_t npages; /* != 0: from palloc */
	unsigned int id;
};

static struct stress_block slots[STRESS_SLOTS];

static size_t stress_block_bytes(struct tess_alloc *a, struct stress_block *b)
{
	return b->npages ? b->npages * PAGE : tess_alloc_usable_size(a, b->ptr);
}

static void stress_alloc(struct tess_alloc *a, struct tess_test_rng *rng,
			 struct stress_block *b, unsigned int id)
{
	size_t kind = tess_test_rng_below(rng, 3);

	b->npages = 0;
	b->size = 1 + tess_test_rng_below(rng, 3 * PAGE);
	if (kind == 0) {
		b->ptr = tess_malloc(a, b->size);
	} else if (kind == 1) {
		b->ptr = tess_memalign(a, PAGE << tess_test_rng_below(rng, 3),
				       b->size);
	} else {
		b->npages = 1 + tess_test_rng_below(rng, 8);
		b->size = b->npages * PAGE;
		b->ptr = tess_palloc(a, b->npages);
	}
	b->id = id;
	if (b->ptr)
		tess_test_pattern_fill(b->ptr, b->size, id);
}

static bool stress_blocks_apart(struct tess_alloc *a)
{
	size_t i, j;

	for (i = 0; i < STRESS_SLOTS; i++) {
		uintptr_t start_i = (uintptr_t)slots[i].ptr;
		uintptr_t end_i;

		if (!slots[i].ptr)
			continue;
		end_i = start_i + stress_block_bytes(a, &slots[i]);
		for (j = i + 1; j < STRESS_SLOTS; j++) {
			uintptr_t start_j = (uintptr_t)slots[j].ptr;
			size_t len_j;

			if (!slots[j].ptr)
				continue;
			len_j = stress_block_bytes(a, &slots[j]);
			if (start_i < start_j + len_j && start_j < end_i)
				return false;
		}
	}
	return true;
}

TESS_TEST(alloc_buddy, randomized_stress_keeps_blocks_intact_and_apart)
{
	struct tess_alloc *a = test_heap();
	unsigned int op, next_id = 1, failures = 0, corrupt = 0, bad_stats = 0;
	struct tess_test_rng rng;
	size_t i, in_use;

	ASSERT_NOT_NULL(a);
	tess_test_rng_seed(&rng, 0x9e3779b97f4a7c15ull);
	memset(slots, 0, sizeof(slots));
	for (op = 0; op < STRESS_OPS; op++) {
		struct stress_block *b =
			&slots[tess_test_rng_below(&rng, STRESS_SLOTS)];
		size_t what = tess_test_rng_below(&rng, 10);

		if (!b->ptr) {
			stress_alloc(a, &rng, b, next_id++);
			failures += !b->ptr;
		} else if (what < 6 || b->npages) {
			corrupt += !tess_test_pattern_intact(b->ptr, b->size,
							     b->id);
			if (b->npages)
				tess_pfree(a, b->ptr, b->npages);
			else
				tess_free(a, b->ptr);
			b->ptr = NULL;
		} else {
			size_t size = 1 + tess_test_rng_below(&rng, 4 * PAGE);
			char *moved = tess_realloc(a, b->ptr, size);

			if (!moved) {
				failures++;
				continue;
			}
			corrupt += !tess_test_pattern_intact(
				moved, TESS_MIN(size, b->size), b->id);
			b->ptr = moved;
			b->size = size;
			tess_test_pattern_fill(moved, size, b->id);
		}

		in_use = 0;
		for (i = 0; i < STRESS_SLOTS; i++)
			if (slots[i].ptr)
				in_use += stress_block_bytes(a, &slots[i]);
		bad_stats +=
			in_use != a->stats.in_use_bytes ||
			in_use + a->stats.free_bytes != a->stats.heap_bytes;
		if (op % 100 == 0)
			EXPECT_TRUE(stress_blocks_apart(a));
	}
	EXPECT_EQ(corrupt, 0);
	EXPECT_EQ(bad_stats, 0);
	EXPECT_EQ_U(a->stats.fail_count, failures);
	EXPECT_GT(next_id, 1000);

	for (i = 0; i < STRESS_SLOTS; i++) {
		struct stress_block *b = &slots[i];

		if (!b->ptr)
			continue;
		EXPECT_TRUE(tess_test_pattern_intact(b->ptr, b->size, b->id));
		if (b->npages)
			tess_pfree(a, b->ptr, b->npages);
		else
			tess_free(a, b->ptr);
	}
	EXPECT_TRUE(layout_is_initial(a));
	EXPECT_EQ_U(a->stats.live_blocks, 0);
	EXPECT_EQ_U(a->stats.in_use_bytes, 0);
	EXPECT_EQ_U(a->stats.alloc_count, a->stats.free_count);
}
