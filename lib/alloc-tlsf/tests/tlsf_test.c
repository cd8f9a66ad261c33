/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of the TLSF allocator, on a static test heap. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <tess/alloc-tlsf.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/memory.h>
#include <tess/test.h>
#include <tess/test_util.h>

#include "../tlsf_impl.h"

#define HEAP_SIZE (256 * 1024)
static char heap_mem[HEAP_SIZE] __attribute__((aligned(4096)));

static struct tess_alloc *test_heap(void)
{
	return tess_alloc_tlsf_init(heap_mem, sizeof(heap_mem));
}

/* The largest size tess_malloc can satisfy right now (binary search). */
static size_t largest_allocatable(struct tess_alloc *a)
{
	size_t low = 0, high = a->stats.heap_bytes;
	void *p;

	while (low < high) {
		size_t mid = low + (high - low + 1) / 2;

		p = tess_malloc(a, mid);
		if (p) {
			tess_free(a, p);
			low = mid;
		} else {
			high = mid - 1;
		}
	}
	return low;
}

/* In use, headers and free blocks add up to the whole heap. */
static bool stats_add_up(struct tess_alloc *a)
{
	const struct tess_alloc_stats *st = &a->stats;

	return st->in_use_bytes + st->live_blocks * TLSF_HEADER +
		       st->free_bytes ==
	       st->heap_bytes;
}

TESS_TEST(alloc_tlsf, init_needs_room_for_control_and_one_block)
{
	struct tess_alloc *a;
	void *p;

	EXPECT_NULL(tess_alloc_tlsf_init(heap_mem, 0));
	EXPECT_NULL(tess_alloc_tlsf_init(heap_mem, 100));
	EXPECT_NULL(tess_alloc_tlsf_init(heap_mem, 4096));
	/* A misaligned region is aligned inward. */
	a = tess_alloc_tlsf_init(heap_mem + 3, 64 * 1024 - 5);
	ASSERT_NOT_NULL(a);
	EXPECT_TRUE(tess_test_is_aligned(a, 16));
	p = tess_malloc(a, 1);
	ASSERT_NOT_NULL(p);
	EXPECT_TRUE(tess_test_is_aligned(p, 16));
	EXPECT_TRUE((char *)p > heap_mem && (char *)p < heap_mem + 64 * 1024);
}

TESS_TEST(alloc_tlsf, fresh_heap_is_one_free_block_usable_whole)
{
	struct tess_alloc *a = test_heap();

	ASSERT_NOT_NULL(a);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
	EXPECT_EQ_U(a->stats.free_bytes, a->stats.heap_bytes);
	EXPECT_GT_U(a->stats.heap_bytes, HEAP_SIZE - 10 * 1024);
	EXPECT_EQ_U(largest_allocatable(a), a->stats.heap_bytes - TLSF_HEADER);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
}

static void *blocks[1024];

TESS_TEST(alloc_tlsf, malloc_gives_16_byte_aligned_blocks_of_enough_bytes)
{
	struct tess_alloc *a = test_heap();
	size_t size;

	ASSERT_NOT_NULL(a);
	for (size = 1; size <= 300; size++) {
		blocks[size - 1] = tess_malloc(a, size);
		ASSERT_NOT_NULL(blocks[size - 1]);
		EXPECT_TRUE(tess_test_is_aligned(blocks[size - 1], 16));
		EXPECT_GE_U(tess_alloc_usable_size(a, blocks[size - 1]), size);
		EXPECT_LT_U(tess_alloc_usable_size(a, blocks[size - 1]),
			    TESS_MAX(size + 16, (size_t)TLSF_MIN_BLOCK));
		tess_test_pattern_fill(blocks[size - 1], size,
				       (unsigned int)size);
	}
	for (size = 1; size <= 300; size++) {
		EXPECT_TRUE(tess_test_pattern_intact(blocks[size - 1], size,
						     (unsigned int)size));
		tess_free(a, blocks[size - 1]);
	}
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
	EXPECT_TRUE(stats_add_up(a));
}

TESS_TEST(alloc_tlsf, zero_and_huge_sizes_return_null)
{
	struct tess_alloc *a = test_heap();
	char *p;

	ASSERT_NOT_NULL(a);
	EXPECT_NULL(tess_malloc(a, 0));
	EXPECT_NULL(tess_malloc(a, SIZE_MAX));
	EXPECT_NULL(tess_malloc(a, SIZE_MAX - 15));
	EXPECT_NULL(tess_malloc(a, SIZE_MAX / 2));
	EXPECT_NULL(tess_malloc(a, (size_t)1 << 40));
	EXPECT_NULL(tess_malloc(a, HEAP_SIZE));
	EXPECT_NULL(tess_memalign(a, 4096, SIZE_MAX / 2));
	EXPECT_NULL(tess_memalign(a, (size_t)1 << 62, 16));
	EXPECT_NULL(tess_calloc(a, SIZE_MAX / 2, 3));
	EXPECT_NULL(tess_palloc(a, SIZE_MAX / 4096));
	/* The backend refuses them too, without overflowing size + header. */
	EXPECT_NULL(a->ops->malloc(a, SIZE_MAX));
	EXPECT_NULL(a->ops->malloc(a, SIZE_MAX - 15));
	EXPECT_NULL(a->ops->memalign(a, 64, SIZE_MAX - 15));

	p = tess_malloc(a, 10);
	ASSERT_NOT_NULL(p);
	memcpy(p, "contents", 9);
	EXPECT_NULL(tess_realloc(a, p, SIZE_MAX));
	EXPECT_NULL(tess_realloc(a, p, HEAP_SIZE));
	EXPECT_STREQ(p, "contents");
	tess_free(a, p);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
	EXPECT_EQ_U(a->stats.live_blocks, 0);
}

TESS_TEST(alloc_tlsf, out_of_memory_returns_null_and_leaves_stats_unchanged)
{
	struct tess_alloc *a = test_heap();
	struct tess_alloc_stats before, after;
	size_t n = 0, initial;

	ASSERT_NOT_NULL(a);
	initial = largest_allocatable(a);
	while (n < TESS_ARRAY_SIZE(blocks) &&
	       (blocks[n] = tess_malloc(a, 1000)))
		n++;
	ASSERT_LT(n, TESS_ARRAY_SIZE(blocks));
	EXPECT_GT(n, 200);

	tess_alloc_stats_get(a, &before);
	EXPECT_NULL(tess_malloc(a, 1000));
	EXPECT_NULL(tess_calloc(a, 10, 100));
	EXPECT_NULL(tess_memalign(a, 256, 1000));
	EXPECT_NULL(tess_palloc(a, 1));
	EXPECT_NULL(tess_realloc(a, blocks[0], 5000));
	tess_alloc_stats_get(a, &after);
	EXPECT_EQ_U(after.fail_count, before.fail_count + 5);
	after.fail_count = before.fail_count;
	EXPECT_MEMEQ(&after, &before, sizeof(before));

	while (n > 0)
		tess_free(a, blocks[--n]);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
	EXPECT_EQ_U(largest_allocatable(a), initial);
}

TESS_TEST(alloc_tlsf, freed_neighbours_merge_so_bigger_blocks_fit_again)
{
	struct tess_alloc *a = test_heap();
	size_t n = 0, i, initial, tail, holes = 0;

	ASSERT_NOT_NULL(a);
	initial = largest_allocatable(a);
	while (n < TESS_ARRAY_SIZE(blocks) && (blocks[n] = tess_malloc(a, 512)))
		n++;
	ASSERT_LT(n, TESS_ARRAY_SIZE(blocks));

	/* What is left at the end of the heap is too small for a block. */
	tail = tlsf_free_block_count(a);
	EXPECT_LE_U(tail, 1);

	/* Every other block freed (the last one kept, apart from that
	 * tail): holes of one block, nothing bigger. */
	for (i = 0; i + 1 < n; i += 2) {
		tess_free(a, blocks[i]);
		blocks[i] = NULL;
		holes++;
	}
	EXPECT_EQ_U(tlsf_free_block_count(a), tail + holes);
	EXPECT_NULL(tess_malloc(a, 1500));
	EXPECT_TRUE(stats_add_up(a));

	/* Freeing block 1 merges it with blocks 0 and 2: three in a row. */
	tess_free(a, blocks[1]);
	blocks[1] = NULL;
	EXPECT_EQ_U(tlsf_free_block_count(a), tail + holes - 1);
	blocks[0] = tess_malloc(a, 1500);
	EXPECT_NOT_NULL(blocks[0]);

	for (i = 0; i < n; i++)
		tess_free(a, blocks[i]);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
	EXPECT_EQ_U(a->stats.free_bytes, a->stats.heap_bytes);
	EXPECT_EQ_U(largest_allocatable(a), initial);
}

TESS_TEST(alloc_tlsf, memalign_gives_every_alignment)
{
	struct tess_alloc *a = test_heap();
	static const size_t sizes[] = {1, 24, 100, 5000};
	struct tess_test_rng rng;
	size_t align, n = 0, i, s;

	ASSERT_NOT_NULL(a);
	for (align = sizeof(void *); align <= 64 * 1024; align <<= 1) {
		for (s = 0; s < TESS_ARRAY_SIZE(sizes); s++) {
			char *p = tess_memalign(a, align, sizes[s]);

			ASSERT_NOT_NULL(p);
			EXPECT_TRUE(tess_test_is_aligned(p, align));
			EXPECT_GE_U(tess_alloc_usable_size(a, p), sizes[s]);
			tess_test_pattern_fill(p, sizes[s],
					       (unsigned int)(align + s));
			/* Keep small alignments: they mix in the heap. */
			if (align <= 4096 && n < TESS_ARRAY_SIZE(blocks))
				blocks[n++] = p;
			else
				tess_free(a, p);
		}
	}
	EXPECT_TRUE(stats_add_up(a));
	i = 0;
	for (align = sizeof(void *); align <= 4096; align <<= 1)
		for (s = 0; s < TESS_ARRAY_SIZE(sizes); s++, i++)
			EXPECT_TRUE(tess_test_pattern_intact(
				blocks[i], sizes[s],
				(unsigned int)(align + s)));
	tess_test_rng_seed(&rng, 42);
	for (i = n; i > 1; i--) {
		size_t j = tess_test_rng_below(&rng, i);
		void *x = blocks[j];

		blocks[j] = blocks[i - 1];
		blocks[i - 1] = x;
	}
	for (i = 0; i < n; i++)
		tess_free(a, blocks[i]);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
	EXPECT_EQ_U(a->stats.free_bytes, a->stats.heap_bytes);
}

TESS_TEST(alloc_tlsf, calloc_zeroes_recycled_memory_and_checks_overflow)
{
	struct tess_alloc *a = test_heap();
	static const unsigned char zeros[4000];
	void *p;

	ASSERT_NOT_NULL(a);
	p = tess_malloc(a, sizeof(zeros));
	ASSERT_NOT_NULL(p);
	memset(p, 0xff, sizeof(zeros));
	tess_free(a, p);
	p = tess_calloc(a, 40, 100);
	ASSERT_NOT_NULL(p);
	EXPECT_MEMEQ(p, zeros, sizeof(zeros));
	EXPECT_NULL(tess_calloc(a, SIZE_MAX / 16 + 1, 16));
	EXPECT_NULL(tess_calloc(a, 16, SIZE_MAX / 16 + 1));
}

TESS_TEST(alloc_tlsf, realloc_keeps_contents_in_place_and_when_moving)
{
	struct tess_alloc *a = test_heap();
	char *p, *q, *wall;

	ASSERT_NOT_NULL(a);
	/* Shrinking stays in place and gives the tail back. */
	p = tess_malloc(a, 1000);
	ASSERT_NOT_NULL(p);
	tess_test_pattern_fill(p, 1000, 1);
	q = tess_realloc(a, p, 100);
	EXPECT_TRUE(q == p);
	EXPECT_LT_U(tess_alloc_usable_size(a, q), 200);
	EXPECT_TRUE(tess_test_pattern_intact(q, 100, 1));

	/* The free space after it lets it grow in place. */
	q = tess_realloc(a, p, 5000);
	EXPECT_TRUE(q == p);
	EXPECT_TRUE(tess_test_pattern_intact(q, 100, 1));
	tess_test_pattern_fill(q, 5000, 2);

	/* A block right after it forces a move; contents follow. */
	wall = tess_malloc(a, 16);
	ASSERT_NOT_NULL(wall);
	q = tess_realloc(a, p, 20000);
	ASSERT_NOT_NULL(q);
	EXPECT_TRUE(q != p);
	EXPECT_TRUE(tess_test_pattern_intact(q, 5000, 2));
	EXPECT_EQ_U(a->stats.live_blocks, 2);
	EXPECT_TRUE(stats_add_up(a));

	/* Shrinking a moved block, then growing it again. */
	q = tess_realloc(a, q, 3000);
	ASSERT_NOT_NULL(q);
	EXPECT_TRUE(tess_test_pattern_intact(q, 3000, 2));
	q = tess_realloc(a, q, 3001);
	ASSERT_NOT_NULL(q);
	EXPECT_TRUE(tess_test_pattern_intact(q, 3000, 2));

	tess_free(a, q);
	tess_free(a, wall);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
}

TESS_TEST(alloc_tlsf, palloc_gives_page_aligned_pages)
{
	struct tess_alloc *a = test_heap();
	void *small, *pages;

	ASSERT_NOT_NULL(a);
	small = tess_malloc(a, 10);
	pages = tess_palloc(a, 3);
	ASSERT_NOT_NULL(small);
	ASSERT_NOT_NULL(pages);
	EXPECT_TRUE(tess_test_is_aligned(pages, TESS_PAGE_SIZE));
	EXPECT_GE_U(tess_alloc_usable_size(a, pages), 3 * TESS_PAGE_SIZE);
	memset(pages, 0x5a, 3 * TESS_PAGE_SIZE);
	EXPECT_EQ_U(a->stats.in_use_bytes,
		    3 * TESS_PAGE_SIZE + tess_alloc_usable_size(a, small));
	tess_pfree(a, pages, 3);
	tess_free(a, small);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
	EXPECT_EQ_U(a->stats.in_use_bytes, 0);
}

TESS_TEST(alloc_tlsf, addmem_adds_regions_blocks_never_span)
{
	struct tess_alloc *a;
	size_t half = HEAP_SIZE / 2, first_bytes;
	enum tess_log_level level;
	void *x, *y;

	a = tess_alloc_tlsf_init(heap_mem, half);
	ASSERT_NOT_NULL(a);
	first_bytes = a->stats.heap_bytes;
	EXPECT_EQ(tess_alloc_addmem(a, heap_mem + half, half), 0);
	EXPECT_GT_U(a->stats.heap_bytes, first_bytes + half - 64);
	EXPECT_EQ_U(a->stats.free_bytes, a->stats.heap_bytes);
	EXPECT_EQ_U(tlsf_free_block_count(a), 2);

	level = tess_test_log_quiet();
	EXPECT_EQ(tess_alloc_addmem(a, heap_mem + half, 32), -EINVAL);
	EXPECT_EQ(tess_alloc_addmem(a, heap_mem + 100, 4096), -EINVAL);
	EXPECT_EQ(tess_alloc_addmem(a, heap_mem + half + 4096, 4096), -EINVAL);
	tess_test_log_restore(level);

	/* Each region holds one 100 KiB block; no block spans both. */
	x = tess_malloc(a, 100 * 1024);
	y = tess_malloc(a, 100 * 1024);
	EXPECT_NOT_NULL(x);
	EXPECT_NOT_NULL(y);
	EXPECT_NULL(tess_malloc(a, 200 * 1024));
	tess_free(a, x);
	tess_free(a, y);
	EXPECT_NULL(tess_malloc(a, half + 1024));
	EXPECT_EQ_U(tlsf_free_block_count(a), 2);
}

#ifdef CONFIG_TESS_ALLOC_TLSF_CHECKS
TESS_TEST(alloc_tlsf, bad_frees_and_overwritten_headers_are_detected)
{
	struct tess_alloc *a = test_heap();
	char *p, *q, *r, outside[32];
	char saved[16];

	ASSERT_NOT_NULL(a);
	p = tess_malloc(a, 64);
	q = tess_malloc(a, 64);
	r = tess_malloc(a, 64);
	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(q);
	ASSERT_NOT_NULL(r);

	EXPECT_NULL(tlsf_free_problem(a, q));
	EXPECT_NOT_NULL(tlsf_free_problem(a, outside));
	EXPECT_NOT_NULL(tlsf_free_problem(a, q + 1));
	EXPECT_NOT_NULL(tlsf_free_problem(a, q + 16));
	EXPECT_NOT_NULL(tlsf_free_problem(a, heap_mem));

	/* Writing past the end of p overwrites q's header. */
	memcpy(saved, q - TLSF_HEADER, sizeof(saved));
	memset(p, 'x', tess_alloc_usable_size(a, p) + 8);
	EXPECT_NOT_NULL(tlsf_free_problem(a, p));
	EXPECT_NOT_NULL(tlsf_free_problem(a, q));
	memcpy(q - TLSF_HEADER, saved, sizeof(saved));
	EXPECT_NULL(tlsf_free_problem(a, p));

	/* Double frees, also of a block that merged with its neighbour. */
	tess_free(a, q);
	EXPECT_NOT_NULL(tlsf_free_problem(a, q));
	tess_free(a, r);
	EXPECT_NOT_NULL(tlsf_free_problem(a, r));
	EXPECT_NOT_NULL(tlsf_free_problem(a, q));
	tess_free(a, p);
	EXPECT_NOT_NULL(tlsf_free_problem(a, p));
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
}
#endif /* CONFIG_TESS_ALLOC_TLSF_CHECKS */

/*
 * Randomized stress: malloc, calloc, memalign, realloc and free of mostly
 * small, sometimes large blocks in a fixed pseudo-random order. Every live
 * block carries a pattern derived from its id, checked before it is freed
 * and after it is resized; the stats must add up after every step, and
 * blocks never overlap.
 */
#define STRESS_SLOTS 64
#define STRESS_OPS   5000

struct stress_block {
	char *ptr;
	size_t size;
	unsigned int id;
};

static struct stress_block slots[STRESS_SLOTS];

static size_t stress_size(struct tess_test_rng *rng)
{
	size_t kind = tess_test_rng_below(rng, 16);

	if (kind < 12)
		return 1 + tess_test_rng_below(rng, 256);
	if (kind < 15)
		return 1 + tess_test_rng_below(rng, 4096);
	return 1 + tess_test_rng_below(rng, 32 * 1024);
}

static void stress_alloc(struct tess_alloc *a, struct tess_test_rng *rng,
			 struct stress_block *b, unsigned int id)
{
	size_t kind = tess_test_rng_below(rng, 4);

	b->size = stress_size(rng);
	b->id = id;
	if (kind == 0)
		b->ptr = tess_calloc(a, 1, b->size);
	else if (kind == 1)
		b->ptr = tess_memalign(
			a, (size_t)16 << tess_test_rng_below(rng, 8), b->size);
	else
		b->ptr = tess_malloc(a, b->size);
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
		end_i = start_i + tess_alloc_usable_size(a, slots[i].ptr);
		for (j = i + 1; j < STRESS_SLOTS; j++) {
			uintptr_t start_j = (uintptr_t)slots[j].ptr;
			size_t len_j;

			if (!slots[j].ptr)
				continue;
			len_j = tess_alloc_usable_size(a, slots[j].ptr);
			if (start_i < start_j + len_j && start_j < end_i)
				return false;
		}
	}
	return true;
}

TESS_TEST(alloc_tlsf, randomized_stress_keeps_blocks_intact_and_apart)
{
	struct tess_alloc *a = test_heap();
	unsigned int op, next_id = 1, failures = 0, corrupt = 0, bad_stats = 0;
	struct tess_test_rng rng;
	size_t i, in_use, initial;

	ASSERT_NOT_NULL(a);
	initial = largest_allocatable(a);
	failures = (unsigned int)a->stats.fail_count;
	tess_test_rng_seed(&rng, 0x9e3779b97f4a7c15ull);
	memset(slots, 0, sizeof(slots));
	for (op = 0; op < STRESS_OPS; op++) {
		struct stress_block *b =
			&slots[tess_test_rng_below(&rng, STRESS_SLOTS)];

		if (!b->ptr) {
			stress_alloc(a, &rng, b, next_id++);
			failures += !b->ptr;
		} else if (tess_test_rng_below(&rng, 10) < 6) {
			corrupt += !tess_test_pattern_intact(b->ptr, b->size,
							     b->id);
			tess_free(a, b->ptr);
			b->ptr = NULL;
		} else {
			size_t size = stress_size(&rng);
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
			in_use += tess_alloc_usable_size(a, slots[i].ptr);
		bad_stats +=
			in_use != a->stats.in_use_bytes || !stats_add_up(a);
		if (op % 100 == 0)
			EXPECT_TRUE(stress_blocks_apart(a));
	}
	EXPECT_EQ(corrupt, 0);
	EXPECT_EQ(bad_stats, 0);
	EXPECT_EQ_U(a->stats.fail_count, failures);
	EXPECT_GT(next_id, 1500);

	for (i = 0; i < STRESS_SLOTS; i++) {
		if (!slots[i].ptr)
			continue;
		EXPECT_TRUE(tess_test_pattern_intact(
			slots[i].ptr, slots[i].size, slots[i].id));
		tess_free(a, slots[i].ptr);
	}
	EXPECT_EQ_U(a->stats.live_blocks, 0);
	EXPECT_EQ_U(a->stats.in_use_bytes, 0);
	EXPECT_EQ_U(a->stats.alloc_count, a->stats.free_count);
	EXPECT_EQ_U(tlsf_free_block_count(a), 1);
	EXPECT_EQ_U(largest_allocatable(a), initial);
}
