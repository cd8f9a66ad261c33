/* SPDX-License-Identifier: BSD-3-Clause */
/* tess_elfexec_run: load a checked static PIE into heap pages, build its stack, enter it. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/elfexec.h>
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>
#include <tess/random.h>

#include "elf_check.h"

#define SPAN_MAX    ((uint64_t)CONFIG_TESS_ELFEXEC_MAX_MIB << 20)
#define STACK_PAGES ((CONFIG_TESS_ELFEXEC_STACK_KIB << 10) / TESS_PAGE_SIZE)

/* In jump_x86_64.S. */
void elfexec_jump(uintptr_t entry, uint64_t *sp) __attribute__((noreturn));

/* Set once a platform without page protections has been reported. */
static bool protect_unsupported_logged;

/* Sets prot on whole pages; a platform that cannot is said once and
 * tolerated (the memory stays read-write). */
static int protect(void *base, size_t len, enum tess_plat_prot prot)
{
	int err = tess_plat_memory_protect(base, len, prot);

	if (err == -ENOSYS) {
		if (!protect_unsupported_logged)
			tess_pr_warn(
				"this platform cannot set page protections: "
				"the program runs in read-write memory");
		protect_unsupported_logged = true;
		return 0;
	}
	return err;
}

static enum tess_plat_prot segment_prot(uint32_t flags)
{
	if (flags & TESS_ELF_PF_X)
		return TESS_PLAT_PROT_READ_EXEC;
	if (flags & TESS_ELF_PF_W)
		return TESS_PLAT_PROT_READ_WRITE;
	if (flags & TESS_ELF_PF_R)
		return TESS_PLAT_PROT_READ;
	return TESS_PLAT_PROT_NONE;
}

/* Copies the segments into mem (zeroed: bss and the gaps) and protects
 * their pages. */
static int load(unsigned char *mem, const unsigned char *file,
		const struct elfexec_layout *l)
{
	memset(mem, 0, l->span);
	for (unsigned int i = 0; i < l->nsegments; i++)
		memcpy(mem + l->segment[i].vaddr, file + l->segment[i].offset,
		       l->segment[i].filesz);
	for (unsigned int i = 0; i < l->nsegments; i++) {
		const struct elfexec_segment *s = &l->segment[i];
		uint64_t first = TESS_ALIGN_DOWN(s->vaddr, TESS_PAGE_SIZE);
		uint64_t end =
			TESS_ALIGN_UP(s->vaddr + s->memsz, TESS_PAGE_SIZE);
		int err = protect(mem + first, end - first,
				  segment_prot(s->flags));

		if (err) {
			tess_pr_err("cannot protect segment %u at %p: error %d",
				    i, (void *)(mem + first), err);
			return err;
		}
	}
	return 0;
}

/* AT_RANDOM's bytes, from lib/random's generator. */
static int random_bytes(unsigned char *buf, size_t len)
{
	tess_random_bytes(buf, len);
	return 0;
}

int tess_elfexec_run(const void *elf, size_t size, int argc, char *const argv[])
{
	struct tess_alloc *heap = tess_alloc_default();
	static struct elfexec_layout layout; /* boot thread only */
	unsigned char random[ELFEXEC_RANDOM_BYTES];
	unsigned char *mem, *stack;
	char why[160];
	uint64_t *sp;
	int err;

	if (argc < 0 || (argc > 0 && !argv)) {
		tess_pr_err("cannot run the program: argc %d, argv %p", argc,
			    (const void *)argv);
		return -EINVAL;
	}
	for (int i = 0; i < argc; i++)
		if (!argv[i]) {
			tess_pr_err("cannot run the program: argv[%d] is NULL",
				    i);
			return -EINVAL;
		}
	err = elfexec_check(elf, size, SPAN_MAX, &layout, why, sizeof(why));
	if (err) {
		tess_pr_err("cannot run the program (%zu bytes): %s", size,
			    why);
		return err;
	}
	if (!heap) {
		tess_pr_err("cannot run the program: no default heap");
		return -ENOMEM;
	}
	err = random_bytes(random, sizeof(random));
	if (err) {
		tess_pr_err("cannot run the program: no entropy for AT_RANDOM "
			    "(error %d)",
			    err);
		return err;
	}
	mem = tess_palloc(heap, layout.span / TESS_PAGE_SIZE);
	stack = tess_palloc(heap, STACK_PAGES + 1);
	if (!mem || !stack) {
		tess_pr_err("cannot run the program: %llu bytes and a %u KiB "
			    "stack do not fit the heap",
			    (unsigned long long)layout.span,
			    (unsigned int)CONFIG_TESS_ELFEXEC_STACK_KIB);
		err = -ENOMEM;
		goto fail;
	}
	sp = elfexec_stack_build(stack + TESS_PAGE_SIZE,
				 stack + (STACK_PAGES + 1) * TESS_PAGE_SIZE,
				 argc, argv, &layout, (uintptr_t)mem, random);
	if (!sp) {
		tess_pr_err("cannot run the program: its %d arguments do not "
			    "fit its %u KiB stack",
			    argc, (unsigned int)CONFIG_TESS_ELFEXEC_STACK_KIB);
		err = -E2BIG;
		goto fail;
	}
	err = load(mem, elf, &layout);
	if (err)
		goto fail;
	/* An overflow of the program's stack faults instead of running into
	 * the heap below it. */
	err = protect(stack, TESS_PAGE_SIZE, TESS_PLAT_PROT_NONE);
	if (err) {
		tess_pr_err("cannot guard the program's stack: error %d", err);
		goto fail;
	}
	tess_pr_debug("running a %zu-byte program at %p, entry %p", size,
		      (void *)mem, (void *)(mem + layout.entry));
	elfexec_jump((uintptr_t)(mem + layout.entry), sp);

fail:
	/* Heap pages go back read-write; if that fails they stay lost. */
	if (mem && protect(mem, layout.span, TESS_PLAT_PROT_READ_WRITE) == 0)
		tess_pfree(heap, mem, layout.span / TESS_PAGE_SIZE);
	if (stack)
		tess_pfree(heap, stack, STACK_PAGES + 1);
	return err;
}
