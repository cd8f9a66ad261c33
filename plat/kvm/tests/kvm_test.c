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

TESS_TEST(kvm, image_pages_cannot_be_made_executable_or_read_only)
{
	static char in_image[TESS_PAGE_SIZE] __attribute__((aligned(4096)));

	EXPECT_EQ(tess_plat_memory_protect(in_image, TESS_PAGE_SIZE,
					   TESS_PLAT_PROT_READ_EXEC),
		  -EINVAL);
	EXPECT_EQ(tess_plat_memory_protect(in_image, TESS_PAGE_SIZE,
					   TESS_PLAT_PROT_READ),
		  -EINVAL);
	in_image[0] = 1; /* still writable */
	EXPECT_EQ(in_image[0], 1);
}

#ifdef CONFIG_TESS_POSIX_PROCESS
#include <tess/syscall.h>

/* The `syscall` instruction, as an unmodified Linux binary issues it,
 * with the 128 bytes below the stack pointer (the red zone) filled with a
 * pattern the entry must leave alone. Returns rax; *intact counts the
 * red-zone words and argument registers that came back unchanged. */
static long trapped_syscall(long nr, long a, long b, long c, int *intact)
{
	long ret;
	long kept;

	__asm__ __volatile__(
		"movq $16, %%r11\n"
		"1:\tmovq %%r11, %%r8\n\t"
		"imulq $0x01010101, %%r8, %%r8\n\t"
		"negq %%r11\n\t"
		"movq %%r8, (%%rsp,%%r11,8)\n\t"
		"negq %%r11\n\t"
		"decq %%r11\n\t"
		"jnz 1b\n\t"
		"movq $0x5151, %%r8\n\t"
		"movq $0x9191, %%r9\n\t"
		"movq $0xa1a1, %%r10\n\t"
		"syscall\n\t"
		/* count what survived: 16 red-zone words, r8 r9 r10 rdi rsi rdx */
		"xorl %%ecx, %%ecx\n\t"
		"cmpq $0x5151, %%r8\n\tsete %%cl\n\tmovzbl %%cl, %%ecx\n\t"
		"movq %%rcx, %%r11\n\t"
		"cmpq $0x9191, %%r9\n\tsete %%cl\n\taddq %%rcx, %%r11\n\t"
		"cmpq $0xa1a1, %%r10\n\tsete %%cl\n\taddq %%rcx, %%r11\n\t"
		"cmpq %[a], %%rdi\n\tsete %%cl\n\taddq %%rcx, %%r11\n\t"
		"cmpq %[b], %%rsi\n\tsete %%cl\n\taddq %%rcx, %%r11\n\t"
		"cmpq %[c], %%rdx\n\tsete %%cl\n\taddq %%rcx, %%r11\n\t"
		"movq $16, %%r9\n"
		"2:\tmovq %%r9, %%r8\n\t"
		"imulq $0x01010101, %%r8, %%r8\n\t"
		"negq %%r9\n\t"
		"cmpq %%r8, (%%rsp,%%r9,8)\n\t"
		"sete %%cl\n\t"
		"addq %%rcx, %%r11\n\t"
		"negq %%r9\n\t"
		"decq %%r9\n\t"
		"jnz 2b\n\t"
		"movq %%r11, %[kept]"
		: "=a"(ret), [kept] "=m"(kept)
		: "a"(nr), "D"(a), "S"(b), "d"(c), [a] "r"(a), [b] "r"(b),
		  [c] "r"(c)
		: "rcx", "r8", "r9", "r10", "r11", "memory", "cc");
	*intact = (int)kept;
	return ret;
}

TESS_TEST(kvm, the_syscall_instruction_reaches_the_table_and_spares_the_red_zone)
{
	static const char msg[] = "kvm test: written by a trapped syscall\n";
	int intact = 0;

	EXPECT_EQ(trapped_syscall(TESS_SYS_getpid, 11, 22, 33, &intact), 1);
	EXPECT_EQ(intact, 16 + 6);
	EXPECT_EQ(trapped_syscall(TESS_SYS_write, 1, (long)msg, sizeof(msg) - 1,
				  &intact),
		  (long)sizeof(msg) - 1);
	EXPECT_EQ(intact, 16 + 6);
	EXPECT_EQ(trapped_syscall(TESS_SYS_tuxcall, 0, 0, 0, &intact), -ENOSYS);
}
#endif /* CONFIG_TESS_POSIX_PROCESS */

#include "../kvm.h"
#include "../privcall.h"

TESS_TEST(kvm, port_output_refuses_buffers_outside_the_callers_memory)
{
	/* The monitor's area (page tables, GDT, IDT, TSS, CPL0 stacks)
	 * starts where free RAM ends: supervisor pages. Refused before any
	 * port is touched. */
	EXPECT_EQ(kvm_privcall(KVM_PRIV_OUTSB, KVM_PORT_COM2,
			       kvm_boot_info.free_end, 16), -EINVAL);
	EXPECT_EQ(kvm_privcall(KVM_PRIV_OUTSB, KVM_PORT_COM2, 0, 1), -EINVAL);
	EXPECT_EQ(kvm_privcall(KVM_PRIV_OUTSB, KVM_PORT_COM2, -4096UL, 8192),
		  -EINVAL);
	/* A port outside the three is refused whatever the buffer. */
	EXPECT_EQ(kvm_privcall(KVM_PRIV_OUTSB, 0x80, (uintptr_t)&kvm_boot_info, 1),
		  -EINVAL);
	EXPECT_EQ(kvm_privcall(KVM_PRIV_COUNT, 0, 0, 0), -EINVAL);
}
