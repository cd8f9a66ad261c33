/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-mmap: anonymous mappings, their checks, W^X, mprotect, mremap, madvise. */
#include <errno.h>
#include <string.h>
#include <tess/compiler.h>
#include <tess/plat/memory.h>
#include <tess/posix-mmap.h>
#include <tess/syscall.h>
#include <tess/test.h>

#define RW   (TESS_PROT_READ | TESS_PROT_WRITE)
#define ANON (TESS_MAP_PRIVATE | TESS_MAP_ANONYMOUS)

static bool all_bytes(const unsigned char *p, size_t len, unsigned char v)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

TESS_TEST(posix_mmap, anonymous_mappings_are_zeroed_whole_pages)
{
	long p = tess_syscall(TESS_SYS_mmap, 0, 10000, RW, ANON, -1, 0);

	ASSERT_GT(p, 0);
	EXPECT_EQ(p % TESS_PAGE_SIZE, 0);
	EXPECT_TRUE(all_bytes((unsigned char *)p, 3 * TESS_PAGE_SIZE, 0));
	memset((void *)p, 0xab, 3 * TESS_PAGE_SIZE);
	EXPECT_EQ(tess_sys_munmap((void *)p, 10000), 0);
	/* Its pages went back: a new mapping is zeroed again. */
	p = tess_sys_mmap(NULL, 10000, RW, ANON, -1, 0);
	ASSERT_GT(p, 0);
	EXPECT_TRUE(all_bytes((unsigned char *)p, 3 * TESS_PAGE_SIZE, 0));
	EXPECT_EQ(tess_sys_munmap((void *)p, 3 * TESS_PAGE_SIZE), 0);
}

TESS_TEST(posix_mmap, what_cannot_be_done_is_refused)
{
	/* A file mapping of a descriptor that is no open file: -ENODEV
	 * without a file layer, -EBADF (Linux's answer) with lib/posix-fs. */
	long r = tess_sys_mmap(NULL, 4096, RW, TESS_MAP_PRIVATE, 999, 0);

	EXPECT_TRUE(r == -ENODEV || r == -EBADF);
	EXPECT_EQ(tess_sys_mmap(NULL, 4096, RW | TESS_PROT_EXEC, ANON, -1, 0),
		  -EACCES);
	EXPECT_EQ(tess_sys_mmap(NULL, 0, RW, ANON, -1, 0), -EINVAL);
	EXPECT_EQ(tess_sys_mmap(NULL, 4096, RW, ANON | TESS_MAP_FIXED, -1, 0),
		  -EINVAL);
	EXPECT_EQ(tess_sys_mmap(NULL, 4096, RW,
				TESS_MAP_SHARED | TESS_MAP_ANONYMOUS, -1, 0),
		  -EINVAL);
	EXPECT_EQ(tess_sys_mmap(NULL, (size_t)-1, RW, ANON, -1, 0), -EINVAL);
	EXPECT_EQ(tess_sys_munmap((void *)1, 4096), -EINVAL);
	EXPECT_EQ(tess_sys_brk(0), 0);
	EXPECT_EQ(tess_sys_brk(0x10000000), 0);
}

TESS_TEST(posix_mmap, protections_switch_and_contents_stay)
{
	long p = tess_sys_mmap(NULL, 4 * TESS_PAGE_SIZE, TESS_PROT_NONE, ANON,
			       -1, 0);

	ASSERT_GT(p, 0);
	/* A libc's thread stack: all PROT_NONE, then all but a guard RW. */
	ASSERT_EQ(tess_sys_mprotect((void *)(p + TESS_PAGE_SIZE),
				    3 * TESS_PAGE_SIZE, RW),
		  0);
	memset((void *)(p + TESS_PAGE_SIZE), 0x5a, 3 * TESS_PAGE_SIZE);
	EXPECT_EQ(tess_sys_mprotect((void *)p, TESS_PAGE_SIZE, TESS_PROT_EXEC),
		  -EACCES);
	ASSERT_EQ(tess_sys_mprotect((void *)(p + TESS_PAGE_SIZE),
				    TESS_PAGE_SIZE, TESS_PROT_NONE),
		  0);
	ASSERT_EQ(tess_sys_mprotect((void *)(p + TESS_PAGE_SIZE),
				    TESS_PAGE_SIZE, RW),
		  0);
	EXPECT_TRUE(all_bytes((unsigned char *)(p + TESS_PAGE_SIZE),
			      3 * TESS_PAGE_SIZE, 0x5a));
	EXPECT_EQ(tess_sys_mprotect((void *)(p + 8 * TESS_PAGE_SIZE),
				    TESS_PAGE_SIZE, RW),
		  -ENOMEM);
	EXPECT_EQ(tess_sys_munmap((void *)p, 4 * TESS_PAGE_SIZE), 0);
}

TESS_TEST(posix_mmap, partial_unmaps_and_remaps)
{
	long p = tess_sys_mmap(NULL, 4 * TESS_PAGE_SIZE, RW, ANON, -1, 0), q;

	ASSERT_GT(p, 0);
	memset((void *)p, 0x11, 4 * TESS_PAGE_SIZE);
	/* Shrink in place, then grow by moving: the contents follow. */
	EXPECT_EQ(tess_sys_mremap((void *)p, 4 * TESS_PAGE_SIZE,
				  2 * TESS_PAGE_SIZE, 0, NULL),
		  p);
	EXPECT_EQ(tess_sys_mremap((void *)p, 2 * TESS_PAGE_SIZE,
				  8 * TESS_PAGE_SIZE, 0, NULL),
		  -EFAULT); /* the mapping has unmapped pages now */
	q = tess_sys_mmap(NULL, 2 * TESS_PAGE_SIZE, RW, ANON, -1, 0);
	ASSERT_GT(q, 0);
	memset((void *)q, 0x22, 2 * TESS_PAGE_SIZE);
	EXPECT_EQ(tess_sys_mremap((void *)q, 2 * TESS_PAGE_SIZE,
				  8 * TESS_PAGE_SIZE, 0, NULL),
		  -ENOMEM);
	long r = tess_sys_mremap((void *)q, 2 * TESS_PAGE_SIZE,
				 8 * TESS_PAGE_SIZE, TESS_MREMAP_MAYMOVE, NULL);
	ASSERT_GT(r, 0);
	EXPECT_TRUE(all_bytes((unsigned char *)r, 2 * TESS_PAGE_SIZE, 0x22));
	EXPECT_TRUE(all_bytes((unsigned char *)r + 2 * TESS_PAGE_SIZE,
			      6 * TESS_PAGE_SIZE, 0));
	/* madvise(DONTNEED) zeroes. */
	EXPECT_EQ(
		tess_sys_madvise((void *)r, TESS_PAGE_SIZE, TESS_MADV_DONTNEED),
		0);
	EXPECT_TRUE(all_bytes((unsigned char *)r, TESS_PAGE_SIZE, 0));
	EXPECT_EQ(tess_sys_munmap((void *)r, 8 * TESS_PAGE_SIZE), 0);
	/* The rest of the first mapping, head first. */
	EXPECT_EQ(tess_sys_munmap((void *)p, TESS_PAGE_SIZE), 0);
	EXPECT_EQ(tess_sys_munmap((void *)(p + TESS_PAGE_SIZE), TESS_PAGE_SIZE),
		  0);
	EXPECT_EQ(tess_sys_mprotect((void *)p, TESS_PAGE_SIZE, RW), -ENOMEM);
}

/* Two one-page mappings, wherever the heap puts them (next to each other
 * or with heap memory between them), as one range from the lower. */
TESS_TEST(posix_mmap, ranges_across_mappings_act_on_each_of_them)
{
	long a = tess_sys_mmap(NULL, TESS_PAGE_SIZE, RW, ANON, -1, 0);
	long b = tess_sys_mmap(NULL, TESS_PAGE_SIZE, RW, ANON, -1, 0);
	long lo, hi, solo;
	size_t span;

	ASSERT_GT(a, 0);
	ASSERT_GT(b, 0);
	lo = a < b ? a : b;
	hi = a < b ? b : a;
	span = (size_t)(hi - lo) + TESS_PAGE_SIZE;
	ASSERT_LT_U(span, 1024 * TESS_PAGE_SIZE);
	/* Nothing else is mapped between them (so munmap of the range takes
	 * no one else's memory), and that reads back as a hole. */
	for (long p = lo + TESS_PAGE_SIZE; p < hi; p += TESS_PAGE_SIZE)
		ASSERT_EQ(tess_sys_madvise((void *)p, TESS_PAGE_SIZE,
					   TESS_MADV_NORMAL),
			  -ENOMEM);
	memset((void *)lo, 0x33, TESS_PAGE_SIZE);
	memset((void *)hi, 0x33, TESS_PAGE_SIZE);
	if (span == 2 * TESS_PAGE_SIZE) {
		/* Adjacent: mprotect and madvise act on both. */
		EXPECT_EQ(tess_sys_mprotect((void *)lo, span, TESS_PROT_NONE),
			  0);
		EXPECT_EQ(tess_sys_mprotect((void *)lo, span, RW), 0);
		EXPECT_TRUE(all_bytes((unsigned char *)lo, span, 0x33));
		EXPECT_EQ(
			tess_sys_madvise((void *)lo, span, TESS_MADV_DONTNEED),
			0);
	} else {
		/* A hole: mprotect changes nothing (the pages stay readable);
		 * madvise gives the mapped parts the advice, and -ENOMEM. */
		EXPECT_EQ(tess_sys_mprotect((void *)lo, span, TESS_PROT_NONE),
			  -ENOMEM);
		EXPECT_TRUE(
			all_bytes((unsigned char *)lo, TESS_PAGE_SIZE, 0x33));
		EXPECT_TRUE(
			all_bytes((unsigned char *)hi, TESS_PAGE_SIZE, 0x33));
		EXPECT_EQ(
			tess_sys_madvise((void *)lo, span, TESS_MADV_DONTNEED),
			-ENOMEM);
	}
	EXPECT_TRUE(all_bytes((unsigned char *)lo, TESS_PAGE_SIZE, 0));
	EXPECT_TRUE(all_bytes((unsigned char *)hi, TESS_PAGE_SIZE, 0));
	/* munmap of the range unmaps both. */
	EXPECT_EQ(tess_sys_munmap((void *)lo, span), 0);
	EXPECT_EQ(tess_sys_mprotect((void *)lo, TESS_PAGE_SIZE, RW), -ENOMEM);
	EXPECT_EQ(tess_sys_mprotect((void *)hi, TESS_PAGE_SIZE, RW), -ENOMEM);

	/* A range reaching past a mapping's end still unmaps its pages, and
	 * one that would wrap around the address space is refused. */
	solo = tess_sys_mmap(NULL, TESS_PAGE_SIZE, RW, ANON, -1, 0);
	ASSERT_GT(solo, 0);
	EXPECT_EQ(tess_sys_munmap((void *)solo,
				  (size_t)-solo - TESS_PAGE_SIZE + 1),
		  -EINVAL);
	EXPECT_EQ(tess_sys_mprotect((void *)solo, TESS_PAGE_SIZE, RW), 0);
	EXPECT_EQ(tess_sys_munmap((void *)solo, 64 * TESS_PAGE_SIZE), 0);
	EXPECT_EQ(tess_sys_mprotect((void *)solo, TESS_PAGE_SIZE, RW), -ENOMEM);
}
