/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of lib/elfexec's validator and initial-stack builder:
 * a synthetic static PIE and hostile variants of it (every truncation,
 * malformed headers, hostile segment tables, random mutations), a real
 * musl static PIE when one is given as argv[1], and the stack layout
 * checked word by word; built with ASan and UBSan. The glibc <elf.h>
 * constants cross-check the loader's own definitions.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../elf_check.h"

#define SPAN_MAX (64ULL << 20)

#define HOST_CHECK_PREFIX "elfexec host: "
#include "../../../../tools/common/host_check.h"
#include "../../../../tools/common/host_elf.h"

/* A static PIE: headers and text (R+X) on page 0, rodata (R) at 0x2000,
 * data + bss (R+W) at 0x3000; PT_DYNAMIC, PT_GNU_STACK. */
#define NPH 6
struct test_image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[NPH];
	unsigned char text[64];
	unsigned char
		pad[4096 - sizeof(Elf64_Ehdr) - NPH * sizeof(Elf64_Phdr) - 64];
	unsigned char rodata[32];
	unsigned char data[48];
};

static void image_make(struct test_image *im)
{
	size_t text = offsetof(struct test_image, text);
	size_t rodata = offsetof(struct test_image, rodata);
	size_t data = offsetof(struct test_image, data);

	memset(im, 0, sizeof(*im));
	host_elf_header(&im->eh, ET_DYN, text + 8,
			offsetof(struct test_image, ph), NPH);
	im->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
				 .p_flags = PF_R | PF_X,
				 .p_offset = 0,
				 .p_vaddr = 0,
				 .p_filesz = text + 64,
				 .p_memsz = text + 64,
				 .p_align = 4096};
	/* Placed at 0x2000 from file offset 0x1000: a gap page between. */
	im->ph[1] = (Elf64_Phdr){.p_type = PT_LOAD,
				 .p_flags = PF_R,
				 .p_offset = rodata,
				 .p_vaddr = 0x2000,
				 .p_filesz = 32,
				 .p_memsz = 32,
				 .p_align = 4096};
	im->ph[2] = (Elf64_Phdr){.p_type = PT_LOAD,
				 .p_flags = PF_R | PF_W,
				 .p_offset = data,
				 .p_vaddr = 0x3000 + 0x20,
				 .p_filesz = 48,
				 .p_memsz = 0x1800,
				 .p_align = 4096};
	im->ph[3] = (Elf64_Phdr){.p_type = PT_DYNAMIC,
				 .p_flags = PF_R | PF_W,
				 .p_offset = data,
				 .p_vaddr = 0x3020,
				 .p_filesz = 16,
				 .p_memsz = 16,
				 .p_align = 8};
	im->ph[4] = (Elf64_Phdr){
		.p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W, .p_align = 16};
	im->ph[5] = (Elf64_Phdr){.p_type = PT_NOTE,
				 .p_flags = PF_R,
				 .p_offset = text,
				 .p_vaddr = text,
				 .p_filesz = 8,
				 .p_memsz = 8,
				 .p_align = 4};
	memset(im->text, 0x90, sizeof(im->text));
}

/* elfexec_check on im with a fresh layout; the message goes to why. */
static int run(const void *im, size_t size, struct elfexec_layout *l, char *why,
	       size_t why_size)
{
	memset(why, 0, why_size);
	return elfexec_check(im, size, SPAN_MAX, l, why, why_size);
}

/* Runs one mutation of the valid image; expects err and a message
 * containing text. */
static void expect_refused(const char *name, const struct test_image *im,
			   int err, const char *text)
{
	struct elfexec_layout l;
	char why[200], label[300];
	int got = run(im, sizeof(*im), &l, why, sizeof(why));

	snprintf(label, sizeof(label), "%s: %d \"%s\"", name, got, why);
	check(got == err && strstr(why, text) != NULL, label);
}

static void test_valid_image(void)
{
	struct test_image im;
	struct elfexec_layout l;
	char why[200];

	image_make(&im);
	check(run(&im, sizeof(im), &l, why, sizeof(why)) == 0,
	      "the synthetic static PIE is accepted");
	check(l.nsegments == 3 && l.span == 0x5000,
	      "three segments spanning five pages (bss rounds up)");
	check(l.entry == offsetof(struct test_image, text) + 8,
	      "the entry is relative to the load base");
	check(l.phdr == offsetof(struct test_image, ph) && l.phnum == NPH,
	      "AT_PHDR is the table's copy inside the first segment");
	check(l.segment[2].vaddr == 0x3020 && l.segment[2].filesz == 48 &&
		      l.segment[2].memsz == 0x1800 &&
		      l.segment[2].flags == (PF_R | PF_W),
	      "the data segment keeps its address, sizes and flags");
	check(elfexec_check(&im, sizeof(im), 0x4000, &l, why, sizeof(why)) ==
			      -EFBIG &&
		      strstr(why, "spans"),
	      "a program larger than the limit is -EFBIG");
	check(elfexec_check(&im, sizeof(im), SPAN_MAX, &l, NULL, 0) == 0,
	      "no message buffer is needed");
}

/* Shifted so the program is based at 0x400000: addresses stay relative. */
static void test_nonzero_base(void)
{
	struct test_image im;
	struct elfexec_layout l;
	char why[200];

	image_make(&im);
	for (int i = 0; i < NPH; i++)
		if (im.ph[i].p_type == PT_LOAD)
			im.ph[i].p_vaddr += 0x400000;
	im.eh.e_entry += 0x400000;
	check(run(&im, sizeof(im), &l, why, sizeof(why)) == 0 &&
		      l.entry == offsetof(struct test_image, text) + 8 &&
		      l.segment[1].vaddr == 0x2000 && l.span == 0x5000,
	      "a PIE linked above zero loads relative to its first page");
}

static void test_truncation(void)
{
	struct test_image im;
	struct elfexec_layout l;
	char why[200];
	unsigned int accepted = 0;

	image_make(&im);
	/* The last segment's bytes end the file: every shorter length must
	 * be refused, and without reading past it (ASan). */
	for (size_t len = 0; len < sizeof(im); len++) {
		unsigned char *copy = malloc(len ? len : 1);

		memcpy(copy, &im, len);
		if (run(copy, len, &l, why, sizeof(why)) != -ENOEXEC ||
		    why[0] == 0)
			accepted++;
		free(copy);
	}
	check(accepted == 0,
	      "a truncation at every length is -ENOEXEC with a message");
}

static void test_malformed(void)
{
	struct test_image im;

	image_make(&im);
	im.eh.e_ident[EI_MAG1] = 'X';
	expect_refused("bad magic", &im, -ENOEXEC, "not an ELF");
	image_make(&im);
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	expect_refused("32-bit class", &im, -ENOEXEC, "64-bit");
	image_make(&im);
	im.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	expect_refused("big-endian", &im, -ENOEXEC, "little-endian");
	image_make(&im);
	im.eh.e_version = 2;
	expect_refused("unknown version", &im, -ENOEXEC, "version");
	image_make(&im);
	im.eh.e_machine = EM_AARCH64;
	expect_refused("another machine", &im, -ENOEXEC, "x86_64");
	image_make(&im);
	im.eh.e_type = ET_EXEC;
	expect_refused("fixed-address ET_EXEC", &im, -ENOEXEC, "static PIE");
	image_make(&im);
	im.eh.e_type = ET_REL;
	expect_refused("relocatable object", &im, -ENOEXEC,
		       "not an executable");
	image_make(&im);
	im.eh.e_phentsize = 32;
	expect_refused("program header size", &im, -ENOEXEC, "header size");
	image_make(&im);
	im.eh.e_phnum = 0;
	expect_refused("no program headers", &im, -ENOEXEC, "program headers");
	image_make(&im);
	im.eh.e_phnum = 65;
	expect_refused("65 program headers", &im, -ENOEXEC, "program headers");
	image_make(&im);
	im.eh.e_phoff = UINT64_MAX - 8;
	expect_refused("table offset that overflows", &im, -ENOEXEC,
		       "past the end");
	image_make(&im);
	im.eh.e_phoff = sizeof(im) - 100;
	expect_refused("table past the end", &im, -ENOEXEC, "past the end");
}

static void test_segments(void)
{
	struct test_image im;

	image_make(&im);
	im.ph[5].p_type = PT_INTERP;
	expect_refused("PT_INTERP (dynamic)", &im, -ENOEXEC, "PT_INTERP");
	image_make(&im);
	im.ph[4].p_flags |= PF_X;
	expect_refused("executable stack", &im, -ENOEXEC, "executable stack");
	image_make(&im);
	im.ph[1].p_filesz = 64;
	expect_refused("file size above memory size", &im, -ENOEXEC,
		       "file size larger");
	image_make(&im);
	im.ph[2].p_filesz = 4096;
	im.ph[2].p_memsz = 8192;
	expect_refused("bytes past the end of the file", &im, -ENOEXEC,
		       "outside the file");
	image_make(&im);
	im.ph[2].p_offset = UINT64_MAX - 10;
	expect_refused("offset that overflows", &im, -ENOEXEC,
		       "outside the file");
	image_make(&im);
	im.ph[2].p_vaddr = UINT64_MAX - 0x100;
	expect_refused("address range that overflows", &im, -ENOEXEC,
		       "overflows");
	image_make(&im);
	im.ph[2].p_memsz = 1ULL << 40;
	expect_refused("huge segment", &im, -EFBIG, "more than the limit");
	image_make(&im);
	im.ph[2].p_vaddr = 0x7fffffff000ULL;
	im.ph[2].p_memsz = 0x1000;
	expect_refused("far-apart segments", &im, -EFBIG, "spans");
	image_make(&im);
	im.ph[1].p_vaddr = 0x800;
	expect_refused("segment sharing the text page", &im, -ENOEXEC,
		       "overlaps");
	image_make(&im);
	im.ph[2].p_vaddr = 0x1000;
	expect_refused("segments out of order", &im, -ENOEXEC, "overlaps");
	image_make(&im);
	im.ph[1].p_align = 0x1800;
	expect_refused("alignment not a power of two", &im, -ENOEXEC,
		       "power of two");
	image_make(&im);
	im.ph[2].p_flags = PF_R | PF_W | PF_X;
	expect_refused("writable and executable segment", &im, -ENOEXEC, "W^X");
	image_make(&im);
	im.eh.e_entry = 0x2004;
	expect_refused("entry in read-only data", &im, -ENOEXEC, "entry point");
	image_make(&im);
	im.eh.e_entry = 0x100000;
	expect_refused("entry outside every segment", &im, -ENOEXEC,
		       "entry point");
	image_make(&im);
	im.eh.e_entry = offsetof(struct test_image, text) + 64;
	expect_refused("entry just past the text", &im, -ENOEXEC,
		       "entry point");
	image_make(&im);
	im.ph[0].p_offset = 0x1000 - 64;
	im.ph[0].p_filesz = 64;
	im.ph[0].p_memsz = 64;
	im.eh.e_entry = 8;
	expect_refused("program headers outside the segments", &im, -ENOEXEC,
		       "AT_PHDR");
	image_make(&im);
	for (int i = 0; i < NPH; i++)
		if (im.ph[i].p_type == PT_LOAD)
			im.ph[i].p_type = PT_NULL;
	expect_refused("no PT_LOAD", &im, -ENOEXEC, "no loadable");
}

/* Random damage to the headers: never a crash or an out-of-bounds read,
 * and whatever is accepted obeys the layout's promises. */
static void test_mutations(void)
{
	struct test_image im, bad;
	struct elfexec_layout l;
	char why[200];
	unsigned int broken = 0, accepted = 0;

	srand(12345);
	image_make(&im);
	for (int round = 0; round < 200000; round++) {
		size_t header_bytes =
			sizeof(Elf64_Ehdr) + NPH * sizeof(Elf64_Phdr);
		int flips = 1 + rand() % 4;

		bad = im;
		for (int f = 0; f < flips; f++)
			((unsigned char *)&bad)[rand() % header_bytes] ^=
				(unsigned char)(1u << (rand() % 8));
		if (run(&bad, sizeof(bad), &l, why, sizeof(why)) != 0) {
			if (why[0] == 0)
				broken++;
			continue;
		}
		accepted++;
		if (l.nsegments == 0 || l.span % 4096 || l.span > SPAN_MAX ||
		    l.entry >= l.span ||
		    l.phdr + (uint64_t)l.phnum * sizeof(Elf64_Phdr) > l.span)
			broken++;
		for (unsigned int i = 0; i < l.nsegments; i++) {
			const struct elfexec_segment *s = &l.segment[i];

			if (s->filesz > s->memsz ||
			    s->vaddr + s->memsz > l.span ||
			    s->offset + s->filesz > sizeof(bad) ||
			    ((s->flags & PF_W) && (s->flags & PF_X)) ||
			    (i && (s->vaddr & ~4095ULL) <
					  l.segment[i - 1].vaddr +
						  l.segment[i - 1].memsz))
				broken++;
		}
	}
	printf("# %u of 200000 mutated images accepted\n", accepted);
	check(broken == 0, "200000 mutated images: refusals explain, "
			   "acceptances stay in bounds");
}

/* A real static PIE (musl): accepted, and refused when cut short of its
 * last loaded byte. */
static void test_real_program(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *file;
	long size;
	const Elf64_Ehdr *eh;
	uint64_t load_end = 0;
	struct elfexec_layout l;
	char why[200];
	unsigned int wrong = 0;

	if (!f) {
		check(0, "the real program can be read");
		return;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	file = malloc((size_t)size);
	if (fread(file, 1, (size_t)size, f) != (size_t)size) {
		check(0, "the real program can be read");
		fclose(f);
		free(file);
		return;
	}
	fclose(f);
	eh = (const Elf64_Ehdr *)file;
	check(run(file, (size_t)size, &l, why, sizeof(why)) == 0, path);
	check(l.entry == eh->e_entry && l.phdr == eh->e_phoff &&
		      l.phnum == eh->e_phnum,
	      "the real program: entry and AT_PHDR as in its ELF header");
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph =
			(const Elf64_Phdr *)(file + eh->e_phoff) + i;

		if (ph->p_type == PT_LOAD &&
		    ph->p_offset + ph->p_filesz > load_end)
			load_end = ph->p_offset + ph->p_filesz;
	}
	for (size_t len = 0; len < (size_t)size; len++) {
		int err = run(file, len, &l, why, sizeof(why));

		if ((len < load_end && err != -ENOEXEC) ||
		    (len >= load_end && err != 0))
			wrong++;
	}
	check(wrong == 0, "the real program: every cut short of its last "
			  "loaded byte is refused, every other accepted");
	free(file);
}

static void test_stack(void)
{
	static uint64_t stack[1024];
	struct test_image im;
	struct elfexec_layout l;
	char why[200];
	char *argv[] = {"prog", "a", "b c", NULL};
	unsigned char rnd[16];
	uint64_t *sp, *p;
	uintptr_t base = 0x7f0000000000;
	int ok = 1;

	image_make(&im);
	run(&im, sizeof(im), &l, why, sizeof(why));
	for (int i = 0; i < 16; i++)
		rnd[i] = (unsigned char)(0xa0 + i);
	sp = elfexec_stack_build(stack, stack + 1024, 3, argv, &l, base, rnd);
	check(sp && ((uintptr_t)sp & 15) == 0 && sp >= stack &&
		      sp < stack + 1024,
	      "the stack pointer is 16-byte aligned inside the stack");
	if (!sp)
		return;
	check(sp[0] == 3, "argc first");
	for (int i = 0; i < 3; i++)
		ok &= strcmp((const char *)sp[1 + i], argv[i]) == 0 &&
		      (const char *)sp[1 + i] != argv[i] &&
		      sp[1 + i] > (uintptr_t)sp &&
		      sp[1 + i] < (uintptr_t)(stack + 1024);
	check(ok, "argv strings are copies on the stack");
	check(sp[4] == 0 && sp[5] == 0, "argv and an empty envp end with NULL");
	ok = 1;
	int seen = 0;

	for (p = sp + 6; p[0] != AT_NULL; p += 2) {
		switch (p[0]) {
		case AT_PHDR:
			ok &= p[1] == base + l.phdr;
			seen |= 1;
			break;
		case AT_PHENT:
			ok &= p[1] == sizeof(Elf64_Phdr);
			seen |= 2;
			break;
		case AT_PHNUM:
			ok &= p[1] == NPH;
			seen |= 4;
			break;
		case AT_PAGESZ:
			ok &= p[1] == 4096;
			seen |= 8;
			break;
		case AT_ENTRY:
			ok &= p[1] == base + l.entry;
			seen |= 16;
			break;
		case AT_BASE:
			ok &= p[1] == 0;
			seen |= 32;
			break;
		case AT_RANDOM:
			ok &= memcmp((const void *)p[1], rnd, 16) == 0 &&
			      p[1] > (uintptr_t)sp;
			seen |= 64;
			break;
		case AT_UID:
		case AT_EUID:
		case AT_GID:
		case AT_EGID:
		case AT_SECURE:
		case AT_HWCAP:
		case AT_FLAGS:
			ok &= p[1] == 0;
			seen |= 128;
			break;
		case AT_CLKTCK:
			ok &= p[1] == 100;
			seen |= 256;
			break;
		default: ok = 0;
		}
		if (p > stack + 1024)
			break;
	}
	check(ok && seen == 511 && (p - sp - 6) / 2 == ELFEXEC_AUXV_ENTRIES - 1,
	      "auxv: PHDR, PHENT, PHNUM, PAGESZ, ENTRY, BASE 0, RANDOM, ids 0, "
	      "CLKTCK 100, then AT_NULL");
	check(elfexec_stack_build(stack, stack + 40, 3, argv, &l, base, rnd) ==
		      NULL,
	      "arguments that do not fit are refused");
	check(elfexec_stack_build(stack, stack + 1024, -1, argv, &l, base,
				  rnd) == NULL,
	      "a negative argc is refused");
	sp = elfexec_stack_build(stack, stack + 1023, 0, argv, &l, base, rnd);
	check(sp && ((uintptr_t)sp & 15) == 0 && sp[0] == 0 && sp[1] == 0,
	      "no arguments, an odd top: still aligned, argc 0");
}

int main(int argc, char **argv)
{
	check(TESS_ELF_PT_INTERP == PT_INTERP &&
		      TESS_ELF_PT_GNU_STACK == PT_GNU_STACK &&
		      ELFEXEC_AT_RANDOM == AT_RANDOM &&
		      ELFEXEC_AT_SECURE == AT_SECURE &&
		      ELFEXEC_AT_CLKTCK == AT_CLKTCK &&
		      TESS_ELF_EM_X86_64 == EM_X86_64 &&
		      sizeof(struct tess_elf64_ehdr) == sizeof(Elf64_Ehdr) &&
		      sizeof(struct tess_elf64_phdr) == sizeof(Elf64_Phdr),
	      "the loader's ELF definitions match <elf.h>");
	test_valid_image();
	test_nonzero_base();
	test_truncation();
	test_malformed();
	test_segments();
	test_mutations();
	test_stack();
	if (argc > 1)
		test_real_program(argv[1]);
	printf("# elfexec host tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
