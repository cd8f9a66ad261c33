/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of the allocator interface, on a small bump-pointer mock backend. */

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/memory.h>
#include <tess/test.h>
#include <tess/test_util.h>

#include "../alloc_impl.h"

/*
 * The mock hands out blocks from a buffer and never reuses them, which
 * is all the wrappers need; it counts how often each op is called so the
 * tests can tell what the wrappers passed on.
 */
struct mock_heap {
	struct tess_alloc alloc;
	char *next;
	char *end;
	unsigned int malloc_calls;
	unsigned int memalign_calls;
	unsigned int free_calls;
	unsigned int addmem_calls;
};

struct mock_header {
	size_t size;
	size_t live;
};

#define MOCK_HEAP_SIZE (64 * 1024)
static char mock_buffer[MOCK_HEAP_SIZE] __attribute__((aligned(4096)));
static struct mock_heap mock;

static struct mock_heap *mock_of(struct tess_alloc *a)
{
	return tess_container_of(a, struct mock_heap, alloc);
}

static void *mock_memalign(struct tess_alloc *a, size_t align, size_t size)
{
	struct mock_heap *m = mock_of(a);
	struct mock_header *header;
	uintptr_t block;

	m->memalign_calls++;
	align = TESS_MAX(align, sizeof(struct mock_header));
	block = TESS_ALIGN_UP((uintptr_t)m->next + sizeof(*header), align);
	if (block > (uintptr_t)m->end || size > (uintptr_t)m->end - block)
		return NULL;
	header = (struct mock_header *)block - 1;
	header->size = size;
	header->live = 1;
	m->next = (char *)block + TESS_ALIGN_UP(size, 16);
	a->stats.free_bytes = (size_t)(m->end - m->next);
	return (void *)block;
}

static void *mock_malloc(struct tess_alloc *a, size_t size)
{
	mock_of(a)->malloc_calls++;
	return mock_memalign(a, 16, size);
}

static void mock_free(struct tess_alloc *a, void *ptr)
{
	struct mock_header *header = (struct mock_header *)ptr - 1;

	mock_of(a)->free_calls++;
	header->live = 0;
}

static size_t mock_usable_size(struct tess_alloc *a, const void *ptr)
{
	(void)a;
	return ((const struct mock_header *)ptr - 1)->size;
}

static int mock_addmem(struct tess_alloc *a, void *base, size_t len)
{
	(void)base;
	mock_of(a)->addmem_calls++;
	a->stats.heap_bytes += len;
	return 0;
}

/* Everything but realloc and palloc/pfree, which the wrappers emulate. */
static const struct tess_alloc_ops mock_ops = {
	.malloc = mock_malloc,
	.free = mock_free,
	.memalign = mock_memalign,
	.addmem = mock_addmem,
	.usable_size = mock_usable_size,
};

/* Only malloc: nothing else can be emulated. */
static const struct tess_alloc_ops mock_bare_ops = {
	.malloc = mock_malloc,
	.usable_size = mock_usable_size,
};

static struct tess_alloc *mock_create_ops(const struct tess_alloc_ops *ops)
{
	memset(mock_buffer, 0xa5, sizeof(mock_buffer));
	memset(&mock, 0, sizeof(mock));
	tess_alloc_init(&mock.alloc, ops, "mock");
	mock.next = mock_buffer;
	mock.end = mock_buffer + sizeof(mock_buffer);
	mock.alloc.stats.heap_bytes = sizeof(mock_buffer);
	mock.alloc.stats.free_bytes = sizeof(mock_buffer);
	return &mock.alloc;
}

static struct tess_alloc *mock_create(void)
{
	return mock_create_ops(&mock_ops);
}

static int stats_equal(const struct tess_alloc_stats *x,
		       const struct tess_alloc_stats *y)
{
	return memcmp(x, y, sizeof(*x)) == 0;
}

TESS_TEST(alloc, malloc_of_zero_bytes_returns_null_and_counts_nothing)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats before, after;

	tess_alloc_stats_get(a, &before);
	EXPECT_NULL(tess_malloc(a, 0));
	EXPECT_NULL(tess_memalign(a, 64, 0));
	EXPECT_NULL(tess_palloc(a, 0));
	EXPECT_NULL(tess_calloc(a, 0, 8));
	EXPECT_NULL(tess_calloc(a, 8, 0));
	tess_alloc_stats_get(a, &after);
	EXPECT_TRUE(stats_equal(&before, &after));
	EXPECT_EQ(mock.malloc_calls + mock.memalign_calls, 0);
}

TESS_TEST(alloc, huge_sizes_return_null_without_reaching_the_backend)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats st;

	EXPECT_NULL(tess_malloc(a, SIZE_MAX));
	EXPECT_NULL(tess_malloc(a, SIZE_MAX / 2 + 1));
	EXPECT_NULL(tess_memalign(a, 4096, SIZE_MAX));
	EXPECT_NULL(tess_palloc(a, SIZE_MAX / TESS_PAGE_SIZE));
	EXPECT_NULL(tess_calloc(a, SIZE_MAX / 2, 3));
	EXPECT_NULL(tess_calloc(a, 3, SIZE_MAX / 2));
	EXPECT_EQ(mock.malloc_calls + mock.memalign_calls, 0);
	tess_alloc_stats_get(a, &st);
	EXPECT_EQ_U(st.fail_count, 6);
	EXPECT_EQ_U(st.alloc_count, 0);
	EXPECT_EQ_U(st.in_use_bytes, 0);
}

TESS_TEST(alloc, out_of_memory_returns_null_and_counts_only_the_failure)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats before, after;

	ASSERT_NOT_NULL(tess_malloc(a, 100));
	tess_alloc_stats_get(a, &before);
	EXPECT_NULL(tess_malloc(a, MOCK_HEAP_SIZE));
	tess_alloc_stats_get(a, &after);
	EXPECT_EQ_U(after.fail_count, before.fail_count + 1);
	after.fail_count = before.fail_count;
	EXPECT_TRUE(stats_equal(&before, &after));
}

TESS_TEST(alloc, stats_follow_allocations_and_frees)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats st;
	void *x, *y, *pages;

	x = tess_malloc(a, 100);
	y = tess_malloc(a, 50);
	pages = tess_palloc(a, 2);
	ASSERT_NOT_NULL(x);
	ASSERT_NOT_NULL(y);
	ASSERT_NOT_NULL(pages);
	tess_alloc_stats_get(a, &st);
	EXPECT_EQ_U(st.in_use_bytes, 150 + 2 * TESS_PAGE_SIZE);
	EXPECT_EQ_U(st.live_blocks, 3);
	EXPECT_EQ_U(st.alloc_count, 3);

	tess_free(a, x);
	tess_pfree(a, pages, 2);
	tess_alloc_stats_get(a, &st);
	EXPECT_EQ_U(st.in_use_bytes, 50);
	EXPECT_EQ_U(st.peak_in_use_bytes, 150 + 2 * TESS_PAGE_SIZE);
	EXPECT_EQ_U(st.live_blocks, 1);
	EXPECT_EQ_U(st.free_count, 2);
	EXPECT_EQ_U(st.fail_count, 0);
	EXPECT_EQ_U(st.heap_bytes, MOCK_HEAP_SIZE);
	EXPECT_EQ(mock.free_calls, 2);
}

TESS_TEST(alloc, free_of_null_is_a_no_op)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats before, after;

	tess_alloc_stats_get(a, &before);
	tess_free(a, NULL);
	tess_pfree(a, NULL, 3);
	tess_alloc_stats_get(a, &after);
	EXPECT_TRUE(stats_equal(&before, &after));
	EXPECT_EQ(mock.free_calls, 0);
}

TESS_TEST(alloc, calloc_zeroes_the_block)
{
	struct tess_alloc *a = mock_create();
	unsigned char zeros[300] = {0};
	unsigned char *p;

	/* The mock's memory is filled with 0xa5, so zeros come from calloc. */
	p = tess_calloc(a, 3, 100);
	ASSERT_NOT_NULL(p);
	EXPECT_MEMEQ(p, zeros, sizeof(zeros));
	EXPECT_EQ_U(tess_alloc_usable_size(a, p), 300);
}

TESS_TEST(alloc, realloc_of_null_allocates_and_to_zero_frees)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats st;
	void *p;

	p = tess_realloc(a, NULL, 40);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(mock.malloc_calls, 1);
	EXPECT_NULL(tess_realloc(a, p, 0));
	EXPECT_EQ(mock.free_calls, 1);
	tess_alloc_stats_get(a, &st);
	EXPECT_EQ_U(st.live_blocks, 0);
	EXPECT_EQ_U(st.in_use_bytes, 0);
}

TESS_TEST(alloc, realloc_without_backend_support_moves_and_keeps_contents)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats st;
	unsigned char *p, *q;
	unsigned int i;

	p = tess_malloc(a, 64);
	ASSERT_NOT_NULL(p);
	for (i = 0; i < 64; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	q = tess_realloc(a, p, 1000);
	ASSERT_NOT_NULL(q);
	EXPECT_TRUE(q != p);
	for (i = 0; i < 64; i++)
		EXPECT_EQ(q[i], (unsigned char)(i * 7 + 1));
	q = tess_realloc(a, q, 10);
	ASSERT_NOT_NULL(q);
	for (i = 0; i < 10; i++)
		EXPECT_EQ(q[i], (unsigned char)(i * 7 + 1));
	tess_alloc_stats_get(a, &st);
	EXPECT_EQ_U(st.in_use_bytes, 10);
	EXPECT_EQ_U(st.live_blocks, 1);
	EXPECT_EQ_U(st.peak_in_use_bytes, 1000);
}

TESS_TEST(alloc, failed_realloc_keeps_the_old_block)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats st;
	char *p;

	p = tess_malloc(a, 32);
	ASSERT_NOT_NULL(p);
	memcpy(p, "still here", 11);
	EXPECT_NULL(tess_realloc(a, p, MOCK_HEAP_SIZE));
	EXPECT_NULL(tess_realloc(a, p, SIZE_MAX));
	EXPECT_STREQ(p, "still here");
	tess_alloc_stats_get(a, &st);
	EXPECT_EQ_U(st.in_use_bytes, 32);
	EXPECT_EQ_U(st.fail_count, 2);
	EXPECT_EQ(mock.free_calls, 0);
}

TESS_TEST(alloc, memalign_accepts_only_powers_of_two_from_pointer_size)
{
	struct tess_alloc *a = mock_create();
	size_t bad[] = {0,  1,	 2,    3,	sizeof(void *) / 2,
			24, 100, 4097, SIZE_MAX};
	size_t align;
	unsigned int i;
	void *p;

	for (i = 0; i < TESS_ARRAY_SIZE(bad); i++)
		EXPECT_NULL(tess_memalign(a, bad[i], 16));
	EXPECT_EQ(mock.memalign_calls, 0);
	for (align = sizeof(void *); align <= 4096; align <<= 1) {
		p = tess_memalign(a, align, 24);
		ASSERT_NOT_NULL(p);
		EXPECT_EQ_U((uintptr_t)p % align, 0);
	}
}

TESS_TEST(alloc, palloc_is_emulated_with_page_aligned_memalign)
{
	struct tess_alloc *a = mock_create();
	struct tess_alloc_stats st;
	void *p;

	p = tess_palloc(a, 3);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ_U((uintptr_t)p % TESS_PAGE_SIZE, 0);
	EXPECT_EQ_U(tess_alloc_usable_size(a, p), 3 * TESS_PAGE_SIZE);
	tess_pfree(a, p, 3);
	EXPECT_EQ(mock.free_calls, 1);
	tess_alloc_stats_get(a, &st);
	EXPECT_EQ_U(st.in_use_bytes, 0);
	EXPECT_EQ_U(st.peak_in_use_bytes, 3 * TESS_PAGE_SIZE);
}

TESS_TEST(alloc, missing_operations_fail_instead_of_pretending)
{
	struct tess_alloc *a = mock_create_ops(&mock_bare_ops);
	struct tess_alloc_stats st;
	void *p;
	enum tess_log_level level;

	p = tess_malloc(a, 16);
	ASSERT_NOT_NULL(p);
	level = tess_test_log_quiet();
	EXPECT_NULL(tess_memalign(a, 64, 16));
	EXPECT_NULL(tess_palloc(a, 1));
	EXPECT_NULL(tess_realloc(a, p, 32));
	EXPECT_EQ(tess_alloc_addmem(a, mock_buffer, 4096), -ENOSYS);
	/* No free op: the block stays allocated and the stats say so. */
	tess_free(a, p);
	tess_test_log_restore(level);
	tess_alloc_stats_get(a, &st);
	EXPECT_EQ_U(st.live_blocks, 1);
	EXPECT_EQ_U(st.in_use_bytes, 16);
	EXPECT_EQ_U(st.fail_count, 3);
}

TESS_TEST(alloc, addmem_checks_its_region_and_reaches_the_backend)
{
	struct tess_alloc *a = mock_create();

	EXPECT_EQ(tess_alloc_addmem(a, NULL, 4096), -EINVAL);
	EXPECT_EQ(tess_alloc_addmem(a, mock_buffer, 0), -EINVAL);
	EXPECT_EQ(mock.addmem_calls, 0);
	EXPECT_EQ(tess_alloc_addmem(a, mock_buffer, 4096), 0);
	EXPECT_EQ(mock.addmem_calls, 1);
}

TESS_TEST(alloc, a_null_heap_fails_every_allocation)
{
	struct tess_alloc_stats st;
	enum tess_log_level level;

	level = tess_test_log_quiet();
	EXPECT_NULL(tess_malloc(NULL, 8));
	EXPECT_NULL(tess_calloc(NULL, 1, 8));
	EXPECT_NULL(tess_realloc(NULL, NULL, 8));
	EXPECT_NULL(tess_memalign(NULL, 64, 8));
	EXPECT_NULL(tess_palloc(NULL, 1));
	EXPECT_EQ(tess_alloc_addmem(NULL, mock_buffer, 4096), -EINVAL);
	tess_free(NULL, NULL);
	tess_test_log_restore(level);
	tess_alloc_stats_get(NULL, &st);
	EXPECT_EQ_U(st.heap_bytes, 0);
}

TESS_TEST(alloc, default_heap_can_be_replaced)
{
	struct tess_alloc *saved = tess_alloc_default();
	struct tess_alloc *a = mock_create();

	tess_alloc_default_set(a);
	EXPECT_TRUE(tess_alloc_default() == a);
	tess_alloc_default_set(saved);
	EXPECT_TRUE(tess_alloc_default() == saved);
}

/* A fake memory map: a region too small for a heap, then two good ones. */
static const struct tess_plat_memory_region fake_regions[] = {
	{0x1000, 0x1000},
	{0x100000, 0x40000},
	{0x200000, 0x10000},
};
static unsigned int fake_region_count;

static int fake_region_get(unsigned int idx,
			   struct tess_plat_memory_region *out)
{
	if (idx >= fake_region_count)
		return -ENOENT;
	*out = fake_regions[idx];
	return 0;
}

static uintptr_t fake_heap_base;

/* Builds the mock on the test buffer, refusing regions below 64 KiB, and
 * records which region it was asked to use (it never touches it). */
static struct tess_alloc *fake_create(void *base, size_t len)
{
	if (len < 0x10000)
		return NULL;
	fake_heap_base = (uintptr_t)base;
	return mock_create();
}

TESS_TEST(alloc, heap_is_built_on_the_first_usable_region_and_grows)
{
	struct tess_alloc *heap = NULL;
	int ret;
	enum tess_log_level level;

	fake_region_count = TESS_ARRAY_SIZE(fake_regions);
	level = tess_test_log_quiet();
	ret = alloc_heap_from_regions(fake_create, fake_region_get, &heap);
	tess_test_log_restore(level);
	ASSERT_EQ(ret, 0);
	ASSERT_TRUE(heap == &mock.alloc);
	EXPECT_EQ_U(fake_heap_base, 0x100000);
	EXPECT_EQ(mock.addmem_calls, 1);
	EXPECT_EQ_U(heap->stats.heap_bytes, MOCK_HEAP_SIZE + 0x10000);
}

TESS_TEST(alloc, no_usable_memory_region_is_enomem)
{
	struct tess_alloc *heap = NULL;
	enum tess_log_level level;

	level = tess_test_log_quiet();
	fake_region_count = 0;
	EXPECT_EQ(alloc_heap_from_regions(fake_create, fake_region_get, &heap),
		  -ENOMEM);
	fake_region_count = 1;
	EXPECT_EQ(alloc_heap_from_regions(fake_create, fake_region_get, &heap),
		  -ENOMEM);
	tess_test_log_restore(level);
	EXPECT_NULL(heap);
}
