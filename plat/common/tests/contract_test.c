/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the platform contract (the headers in include/tess/plat) that every
 * platform must pass the same way: memory map, page guards and protections,
 * clocks, entropy, the TLS base. Page guards, page protections and the TLS
 * base are optional in the contract (-ENOSYS where a platform has none):
 * each platform states in its tess/plat_promises.h which of them it
 * promises (TESS_PLAT_PROMISES_*), and a promised call that says -ENOSYS fails
 * here, as an unpromised one that does anything but -ENOSYS does. Each
 * platform compiles this file into its own tests (see its Makefile.uk);
 * platform-specific behaviour is tested beside the platform.
 */
#include <errno.h>
#include <string.h>
#ifdef CONFIG_TESS_ALLOC
#include <tess/alloc.h>
#endif
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>
#include <tess/plat/time.h>
#include <tess/plat/tls.h>
#include <tess/plat_promises.h>
#include <tess/test.h>

#if !defined(TESS_PLAT_PROMISES_GUARD) || !defined(TESS_PLAT_PROMISES_PROTECT) || \
	!defined(TESS_PLAT_PROMISES_TLS)
#error "the platform's tess/plat_promises.h states what it promises"
#endif

/* Whether an optional call's result fits the promise: 0 or a real error
 * when promised, -ENOSYS when not. Returns whether to test on. */
static bool optional_call(int err, bool promised)
{
	if (promised) {
		EXPECT_NE(err, -ENOSYS);
		return err != -ENOSYS;
	}
	EXPECT_EQ(err, -ENOSYS);
	return false;
}

TESS_TEST(plat, memory_regions_are_page_aligned_and_apart)
{
	struct tess_plat_memory_region r, prev = {0, 0};
	unsigned int n;

	/* At least one region; each page-aligned, non-empty, above and
	 * apart from the one before; the list ends with -ENOENT. */
	for (n = 0; n < 64 && tess_plat_memory_region_get(n, &r) == 0; n++) {
		EXPECT_TRUE(r.base % TESS_PAGE_SIZE == 0);
		EXPECT_TRUE(r.len % TESS_PAGE_SIZE == 0);
		EXPECT_GE_U(r.len, TESS_PAGE_SIZE);
		if (n > 0)
			EXPECT_GE_U(r.base, prev.base + prev.len);
		prev = r;
	}
	EXPECT_GE_U(n, 1);
	EXPECT_LT_U(n, 64);
	EXPECT_EQ(tess_plat_memory_region_get(n, &r), -ENOENT);
}

TESS_TEST(plat, monotonic_clock_advances_and_never_goes_backwards)
{
	uint64_t start = tess_plat_monotonic_ns(), prev = start;

	for (int i = 0; i < 100000; i++) {
		uint64_t now = tess_plat_monotonic_ns();

		ASSERT_GE_U(now, prev);
		prev = now;
	}
	EXPECT_GT_U(prev, start);
}

TESS_TEST(plat, wall_clock_is_after_2020)
{
	/* 2020-01-01T00:00:00Z */
	EXPECT_GT_U(tess_plat_wall_ns(), 1577836800ULL * 1000000000ULL);
}

TESS_TEST(plat, entropy_fills_buffers_with_different_bytes)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };
	int same = 0;

	ASSERT_EQ(tess_plat_entropy(a, sizeof(a)), 0);
	ASSERT_EQ(tess_plat_entropy(b, sizeof(b)), 0);
	for (unsigned int i = 0; i < sizeof(a); i++)
		same += a[i] == b[i];
	EXPECT_LT(same, 8);
}

/* Page guards are tested on heap pages (where stacks come from). */
#ifdef CONFIG_TESS_ALLOC
TESS_TEST(plat, memory_guard_refuses_unaligned_or_empty_ranges)
{
	char *page = tess_palloc(tess_alloc_default(), 1);

	ASSERT_NOT_NULL(page);
	EXPECT_EQ(tess_plat_memory_guard(page + 1, TESS_PAGE_SIZE, true),
		  -EINVAL);
	EXPECT_EQ(tess_plat_memory_guard(page, 100, true), -EINVAL);
	EXPECT_EQ(tess_plat_memory_guard(page, 0, true), -EINVAL);
	tess_pfree(tess_alloc_default(), page, 1);
}

/* On heap memory, where thread stacks come from (kvm guards free RAM
 * only, never the image). */
TESS_TEST(plat, memory_guard_then_unguard_leaves_the_page_writable)
{
	volatile char *page = tess_palloc(tess_alloc_default(), 1);
	int err;

	ASSERT_NOT_NULL(page);
	err = tess_plat_memory_guard((void *)page, TESS_PAGE_SIZE, true);
	if (!optional_call(err, TESS_PLAT_PROMISES_GUARD)) {
		tess_pfree(tess_alloc_default(), (void *)page, 1);
		return;
	}
	ASSERT_EQ(err, 0);
	ASSERT_EQ(tess_plat_memory_guard((void *)page, TESS_PAGE_SIZE, false), 0);
	page[0] = 1;
	page[TESS_PAGE_SIZE - 1] = 2;
	EXPECT_EQ(page[0] + page[TESS_PAGE_SIZE - 1], 3);
	tess_pfree(tess_alloc_default(), (void *)page, 1);
}

TESS_TEST(plat, memory_protect_refuses_bad_ranges_and_unknown_modes)
{
	char *page = tess_palloc(tess_alloc_default(), 1);

	ASSERT_NOT_NULL(page);
	EXPECT_EQ(tess_plat_memory_protect(page + 1, TESS_PAGE_SIZE,
					   TESS_PLAT_PROT_READ),
		  -EINVAL);
	EXPECT_EQ(tess_plat_memory_protect(page, 100, TESS_PLAT_PROT_READ),
		  -EINVAL);
	EXPECT_EQ(tess_plat_memory_protect(page, 0, TESS_PLAT_PROT_READ),
		  -EINVAL);
	/* There is no writable and executable mode to ask for. */
	EXPECT_EQ(tess_plat_memory_protect(page, TESS_PAGE_SIZE,
					   (enum tess_plat_prot)4),
		  -EINVAL);
	EXPECT_EQ(tess_plat_memory_protect(page, TESS_PAGE_SIZE,
					   (enum tess_plat_prot)-1),
		  -EINVAL);
	page[0] = 1; /* still writable: nothing was changed */
	tess_pfree(tess_alloc_default(), page, 1);
}

/* x86_64 machine code for: mov $0x2a, %eax; ret */
static const unsigned char return_42[] = { 0xb8, 0x2a, 0, 0, 0, 0xc3 };

/* Heap pages are never executable until made read-execute (on kvm they are
 * NX, so calling the code without the change faults). */
TESS_TEST(plat, memory_protect_read_exec_runs_code_copied_into_a_heap_page)
{
	unsigned char *page = tess_palloc(tess_alloc_default(), 2);
	int (*fn)(void) = (int (*)(void))(void *)(page + TESS_PAGE_SIZE);
	int err;

	ASSERT_NOT_NULL(page);
	memcpy(page + TESS_PAGE_SIZE, return_42, sizeof(return_42));
	err = tess_plat_memory_protect(page + TESS_PAGE_SIZE, TESS_PAGE_SIZE,
				       TESS_PLAT_PROT_READ_EXEC);
	if (!optional_call(err, TESS_PLAT_PROMISES_PROTECT)) {
		tess_pfree(tess_alloc_default(), page, 2);
		return;
	}
	ASSERT_EQ(err, 0);
	__asm__ __volatile__("" ::: "memory");
	EXPECT_EQ(fn(), 42);
	/* The neighbour page kept its protection. */
	page[0] = 7;
	EXPECT_EQ(page[0], 7);
	ASSERT_EQ(tess_plat_memory_protect(page + TESS_PAGE_SIZE,
					   TESS_PAGE_SIZE,
					   TESS_PLAT_PROT_READ_WRITE),
		  0);
	page[TESS_PAGE_SIZE] = 0;
	EXPECT_EQ(page[TESS_PAGE_SIZE], 0);
	tess_pfree(tess_alloc_default(), page, 2);
}

TESS_TEST(plat, memory_protect_read_only_and_none_keep_the_contents)
{
	volatile uint64_t *page = tess_palloc(tess_alloc_default(), 1);
	int err;

	ASSERT_NOT_NULL(page);
	page[0] = 0x5eed;
	page[511] = 0xfeed;
	err = tess_plat_memory_protect((void *)page, TESS_PAGE_SIZE,
				       TESS_PLAT_PROT_READ);
	if (!optional_call(err, TESS_PLAT_PROMISES_PROTECT)) {
		tess_pfree(tess_alloc_default(), (void *)page, 1);
		return;
	}
	ASSERT_EQ(err, 0);
	EXPECT_EQ_U(page[0] + page[511], 0x5eed + 0xfeed);
	ASSERT_EQ(tess_plat_memory_protect((void *)page, TESS_PAGE_SIZE,
					   TESS_PLAT_PROT_NONE),
		  0);
	ASSERT_EQ(tess_plat_memory_protect((void *)page, TESS_PAGE_SIZE,
					   TESS_PLAT_PROT_READ_WRITE),
		  0);
	EXPECT_EQ_U(page[0], 0x5eed);
	page[511] = 1;
	EXPECT_EQ_U(page[511], 1);
	tess_pfree(tess_alloc_default(), (void *)page, 1);
}
#endif /* CONFIG_TESS_ALLOC */

static uintptr_t fs_word0(void)
{
	uintptr_t v;

	__asm__ __volatile__("movq %%fs:0, %0" : "=r"(v));
	return v;
}

TESS_TEST(plat, tls_set_loads_the_fs_base_or_says_it_cannot)
{
	static uintptr_t tls_a[4], tls_b[4];
	int err;

	tls_a[0] = (uintptr_t)tls_a;
	tls_b[0] = 0xfeedfacecafe;
	err = tess_plat_tls_set((uintptr_t)tls_a);
	if (!optional_call(err, TESS_PLAT_PROMISES_TLS))
		return;
	ASSERT_EQ(err, 0);
	EXPECT_EQ_U(fs_word0(), (uintptr_t)tls_a);
	ASSERT_EQ(tess_plat_tls_set((uintptr_t)tls_b), 0);
	EXPECT_EQ_U(fs_word0(), 0xfeedfacecafe);
	EXPECT_EQ(tess_plat_tls_set(0), 0);
}
