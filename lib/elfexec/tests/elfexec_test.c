/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-image tests of tess_elfexec_run's refusals (a program that runs never
 * returns, so running one is tests/integration/linuxbin.sh's job) and of
 * the validator as the image compiles it; tests/host has the rest.
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/elfexec.h>
#include <tess/plat/memory.h>
#include <tess/test.h>

#include "../elf_check.h"

/* A minimal static PIE: one R+X page holding the headers and a `hlt`. */
struct tiny_image {
	struct tess_elf64_ehdr eh;
	struct tess_elf64_phdr ph;
	unsigned char text[8];
};

static void tiny_make(struct tiny_image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, "\177ELF\2\1\1", 7);
	im->eh.e_type = TESS_ELF_ET_DYN;
	im->eh.e_machine = TESS_ELF_EM_X86_64;
	im->eh.e_version = 1;
	im->eh.e_entry = offsetof(struct tiny_image, text);
	im->eh.e_phoff = offsetof(struct tiny_image, ph);
	im->eh.e_ehsize = sizeof(im->eh);
	im->eh.e_phentsize = sizeof(im->ph);
	im->eh.e_phnum = 1;
	im->ph.p_type = TESS_ELF_PT_LOAD;
	im->ph.p_flags = TESS_ELF_PF_R | TESS_ELF_PF_X;
	im->ph.p_filesz = sizeof(*im);
	im->ph.p_memsz = sizeof(*im);
	im->ph.p_align = ELFEXEC_PAGE_SIZE;
	im->text[0] = 0xf4;
}

TESS_TEST(elfexec, the_validator_accepts_a_minimal_static_pie)
{
	static struct elfexec_layout l;
	struct tiny_image im;
	char why[120];

	tiny_make(&im);
	ASSERT_EQ(elfexec_check(&im, sizeof(im), 1 << 20, &l, why, sizeof(why)),
		  0);
	EXPECT_EQ_U(l.span, ELFEXEC_PAGE_SIZE);
	EXPECT_EQ_U(l.entry, offsetof(struct tiny_image, text));
	EXPECT_EQ_U(l.phdr, offsetof(struct tiny_image, ph));
}

TESS_TEST(elfexec,
	  refused_programs_return_an_error_and_leave_the_heap_as_it_was)
{
	struct tess_alloc *heap = tess_alloc_default();
	struct tess_alloc_stats before, after;
	char *argv[] = {"prog", NULL};
	struct tiny_image im;

	tiny_make(&im);
	tess_alloc_stats_get(heap, &before);
	EXPECT_EQ(tess_elfexec_run(&im, sizeof(im) - 1, 1, argv), -ENOEXEC);
	EXPECT_EQ(tess_elfexec_run(&im, 10, 1, argv), -ENOEXEC);
	im.eh.e_type = TESS_ELF_ET_EXEC;
	EXPECT_EQ(tess_elfexec_run(&im, sizeof(im), 1, argv), -ENOEXEC);
	tiny_make(&im);
	im.ph.p_memsz = (uint64_t)(CONFIG_TESS_ELFEXEC_MAX_MIB + 1) << 20;
	EXPECT_EQ(tess_elfexec_run(&im, sizeof(im), 1, argv), -EFBIG);
	tiny_make(&im);
	EXPECT_EQ(tess_elfexec_run(&im, sizeof(im), -1, argv), -EINVAL);
	EXPECT_EQ(tess_elfexec_run(&im, sizeof(im), 2, argv), -EINVAL);
	tess_alloc_stats_get(heap, &after);
	EXPECT_EQ_U(after.in_use_bytes, before.in_use_bytes);
	EXPECT_EQ_U(after.live_blocks, before.live_blocks);
}

/* The program's memory and stack are allocated before the arguments are
 * found too large; both go back. */
TESS_TEST(elfexec,
	  arguments_larger_than_the_stack_are_e2big_and_free_everything)
{
	struct tess_alloc *heap = tess_alloc_default();
	size_t pages =
		(CONFIG_TESS_ELFEXEC_STACK_KIB << 10) / TESS_PAGE_SIZE + 1;
	char *big = tess_palloc(heap, pages);
	char *argv[] = {"prog", big, NULL};
	struct tess_alloc_stats before, after;
	struct tiny_image im;

	ASSERT_NOT_NULL(big);
	memset(big, 'x', pages * TESS_PAGE_SIZE - 1);
	big[pages * TESS_PAGE_SIZE - 1] = 0;
	tiny_make(&im);
	tess_alloc_stats_get(heap, &before);
	EXPECT_EQ(tess_elfexec_run(&im, sizeof(im), 2, argv), -E2BIG);
	tess_alloc_stats_get(heap, &after);
	EXPECT_EQ_U(after.in_use_bytes, before.in_use_bytes);
	EXPECT_EQ_U(after.live_blocks, before.live_blocks);
	EXPECT_EQ_U(after.alloc_count, before.alloc_count + 2);
	tess_pfree(heap, big, pages);
}
