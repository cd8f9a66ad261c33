/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm-specific platform tests: the TLS base and page guards through the
 * CPL0 layer (the shared contract tests are in plat/common/tests). */
#include <errno.h>
#ifdef CONFIG_TESS_ALLOC
#include <tess/alloc.h>
#endif
#include <tess/compiler.h>
#include <tess/plat/memory.h>
#include <tess/plat/tls.h>
#include <tess/test.h>

static uint64_t fs_read(size_t offset)
{
	uint64_t v;

	__asm__ __volatile__("movq %%fs:(%1), %0" : "=r"(v) : "r"(offset));
	return v;
}

TESS_TEST(kvm, tls_base_set_is_what_fs_reads)
{
	static uint64_t block_a[4] = { 11, 12, 13, 14 };
	static uint64_t block_b[4] = { 21, 22, 23, 24 };

	ASSERT_EQ(tess_plat_tls_set((uintptr_t)block_a), 0);
	EXPECT_EQ_U(fs_read(8), 12);
	ASSERT_EQ(tess_plat_tls_set((uintptr_t)block_b), 0);
	EXPECT_EQ_U(fs_read(24), 24);
	EXPECT_EQ(tess_plat_tls_set(0), 0);
}

#ifdef CONFIG_TESS_ALLOC
TESS_TEST(kvm, guarding_free_ram_pages_and_back_keeps_their_contents)
{
	volatile uint64_t *page = tess_palloc(tess_alloc_default(), 1);

	ASSERT_NOT_NULL(page);
	page[0] = 0x5eed;
	page[511] = 0xfeed;
	EXPECT_EQ(tess_plat_memory_guard((void *)page, TESS_PAGE_SIZE, true), 0);
	EXPECT_EQ(tess_plat_memory_guard((void *)page, TESS_PAGE_SIZE, false), 0);
	EXPECT_EQ_U(page[0], 0x5eed);
	EXPECT_EQ_U(page[511], 0xfeed);
	tess_pfree(tess_alloc_default(), (void *)page, 1);
}
#endif /* CONFIG_TESS_ALLOC */

TESS_TEST(kvm, image_pages_and_bad_ranges_cannot_be_guarded)
{
	static char in_image[TESS_PAGE_SIZE] __attribute__((aligned(4096)));

	/* .bss is part of the image, not free RAM: the CPL0 layer refuses. */
	EXPECT_EQ(tess_plat_memory_guard(in_image, TESS_PAGE_SIZE, true), -EINVAL);
	EXPECT_EQ(tess_plat_memory_guard(
			  (void *)((uintptr_t)tess_plat_memory_guard &
				   ~(uintptr_t)(TESS_PAGE_SIZE - 1)),
			  TESS_PAGE_SIZE, true),
		  -EINVAL);
	EXPECT_EQ(tess_plat_memory_guard(in_image + 1, TESS_PAGE_SIZE, true), -EINVAL);
	EXPECT_EQ(tess_plat_memory_guard(in_image, 0, true), -EINVAL);
	/* Page tables live above free RAM and are not free RAM either. */
	EXPECT_EQ(tess_plat_memory_guard((void *)0xd0000000, TESS_PAGE_SIZE, true),
		  -EINVAL);
}
