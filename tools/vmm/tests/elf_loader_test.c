/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of the monitor's ELF loader with malformed images:
 * truncated at every length, bad headers, hostile segment tables, and
 * random mutations; built with ASan and UBSan.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../plat/kvm/include/tess/kvm_abi.h"
#include "../elf_loader.h"

#define MEM_SIZE (1u << 20)

#include "../../common/host_check.h"
#include "../../common/host_elf.h"

/* A valid image: text (R+X) at 0x10000, data+bss (R+W) at 0x20000. */
struct test_image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[3];
	unsigned char text[64];
	unsigned char data[32];
	unsigned char note[32]; /* Elf64_Nhdr, "Tessera\0", 8-byte address */
};

/* The Tessera trap-vector note pointing at vectors. */
static void note_make(struct test_image *im, uint64_t vectors, uint32_t descsz)
{
	Elf64_Nhdr nh = {.n_namesz = 8,
			 .n_descsz = descsz,
			 .n_type = TESS_KVM_NOTE_TRAP_VECTORS};

	memset(im->note, 0, sizeof(im->note));
	memcpy(im->note, &nh, sizeof(nh));
	memcpy(im->note + sizeof(nh), "Tessera", 8);
	memcpy(im->note + sizeof(nh) + 8, &vectors, 8);
}

static void image_make(struct test_image *im)
{
	memset(im, 0, sizeof(*im));
	host_elf_header(&im->eh, ET_EXEC, 0x10010,
			offsetof(struct test_image, ph), 3);
	im->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
				 .p_flags = PF_R | PF_X,
				 .p_offset = offsetof(struct test_image, text),
				 .p_vaddr = 0x10000,
				 .p_paddr = 0x10000,
				 .p_filesz = 64,
				 .p_memsz = 4096};
	im->ph[1] = (Elf64_Phdr){.p_type = PT_LOAD,
				 .p_flags = PF_R | PF_W,
				 .p_offset = offsetof(struct test_image, data),
				 .p_vaddr = 0x20000,
				 .p_paddr = 0x20000,
				 .p_filesz = 32,
				 .p_memsz = 4096};
	im->ph[2] = (Elf64_Phdr){.p_type = PT_NOTE,
				 .p_offset = offsetof(struct test_image, note),
				 .p_filesz = sizeof(im->note)};
	memset(im->text, 0x90, sizeof(im->text));
	memset(im->data, 0xab, sizeof(im->data));
	note_make(im, 0x10000, 8);
}

static enum elf_load_error validate(const struct test_image *im)
{
	struct elf_image out;

	return elf_validate(im, sizeof(*im), 0, MEM_SIZE, &out);
}

static void test_valid_image_loads(void)
{
	struct test_image im;
	struct elf_image out;
	unsigned char *mem = calloc(1, MEM_SIZE);
	int ok;

	image_make(&im);
	memset(mem + 0x20000, 0xcc, 4096); /* the bss must be zeroed */
	ok = elf_validate(&im, sizeof(im), 0, MEM_SIZE, &out) == ELF_OK &&
	     out.segment_count == 2 && out.entry == 0x10010 &&
	     out.trap_vectors == 0x10000 && out.lowest == 0x10000 &&
	     out.highest == 0x21000;
	check(ok, "a valid image validates with its two PT_LOAD segments and "
		  "trap-vector note");
	elf_load(&im, &out, mem, 0);
	check(mem[0x10000] == 0x90 && mem[0x1003f] == 0x90 &&
		      mem[0x20000] == 0xab && mem[0x2001f] == 0xab &&
		      mem[0x20020] == 0 && mem[0x20fff] == 0,
	      "loading copies file bytes and zeroes the bss");
	free(mem);
}

static void test_ram_not_starting_at_zero(void)
{
	struct test_image im;
	struct elf_image out;
	/* Guest RAM [0x10000, 0x30000): held at mem[0] onwards. */
	unsigned char *mem = calloc(1, 0x20000);

	image_make(&im);
	check(elf_validate(&im, sizeof(im), 0x10000, 0x30000, &out) == ELF_OK,
	      "segments inside RAM that starts above 0 validate");
	elf_load(&im, &out, mem, 0x10000);
	check(mem[0] == 0x90 && mem[0x10000] == 0xab && mem[0x10020] == 0,
	      "loading places guest address ram_start at the buffer's start");
	check(elf_validate(&im, sizeof(im), 0x11000, 0x40000, &out) ==
		      ELF_ERR_LOW,
	      "a segment below guest RAM is refused");
	check(elf_validate(&im, sizeof(im), 0x10000, 0x20800, &out) ==
		      ELF_ERR_TOO_LARGE,
	      "a segment past the end of guest RAM is refused");
	free(mem);
}

static void test_every_truncation_is_rejected(void)
{
	struct test_image im;
	struct elf_image out;
	int all = 1;

	image_make(&im);
	/* Copies to an exact-size heap block so ASan sees any overread. */
	for (size_t len = 0; len < sizeof(im); len++) {
		unsigned char *copy = malloc(len ? len : 1);

		memcpy(copy, &im, len);
		if (elf_validate(copy, len, 0, MEM_SIZE, &out) == ELF_OK)
			all = 0;
		free(copy);
	}
	check(all, "the image truncated at every length is rejected");
}

#define EXPECT_ERROR(mutation, want, name)                                     \
	do {                                                                   \
		struct test_image im;                                          \
		image_make(&im);                                               \
		mutation;                                                      \
		enum elf_load_error got = validate(&im);                       \
		if (got != (want))                                             \
			printf("# %s: got %s\n", name, elf_error_text(got));   \
		check(got == (want), name);                                    \
	} while (0)

static void test_bad_headers(void)
{
	EXPECT_ERROR(im.eh.e_ident[1] = 'X', ELF_ERR_NOT_ELF,
		     "bad magic is not an ELF");
	EXPECT_ERROR(im.eh.e_ident[EI_CLASS] = ELFCLASS32, ELF_ERR_CLASS,
		     "32-bit ELF is refused");
	EXPECT_ERROR(im.eh.e_ident[EI_DATA] = ELFDATA2MSB, ELF_ERR_CLASS,
		     "big-endian ELF is refused");
	EXPECT_ERROR(im.eh.e_machine = EM_AARCH64, ELF_ERR_MACHINE,
		     "wrong architecture is named");
	EXPECT_ERROR(im.eh.e_type = ET_DYN, ELF_ERR_TYPE,
		     "a shared object is refused");
	EXPECT_ERROR(im.eh.e_phnum = 0, ELF_ERR_PHDRS, "no program headers");
	EXPECT_ERROR(im.eh.e_phnum = 65, ELF_ERR_PHDRS,
		     "too many program headers");
	EXPECT_ERROR(im.eh.e_phentsize = 32, ELF_ERR_PHDRS,
		     "wrong program header size");
	EXPECT_ERROR(im.eh.e_phoff = sizeof(im) - 8, ELF_ERR_TRUNCATED,
		     "program headers past the end of the file");
	EXPECT_ERROR(im.eh.e_phoff = UINT64_MAX - 8, ELF_ERR_TRUNCATED,
		     "program header offset near 2^64");
	EXPECT_ERROR(im.eh.e_phoff = 1, ELF_ERR_PHDRS,
		     "misaligned program header table");
}

static void test_hostile_segments(void)
{
	EXPECT_ERROR(im.ph[1].p_filesz = 8192, ELF_ERR_SEGMENT,
		     "file size above memory size");
	EXPECT_ERROR(im.ph[0].p_offset = sizeof(im) - 8, ELF_ERR_TRUNCATED,
		     "segment data past the end of the file");
	EXPECT_ERROR(im.ph[0].p_offset = UINT64_MAX, ELF_ERR_TRUNCATED,
		     "segment offset near 2^64");
	EXPECT_ERROR(
		(im.ph[1].p_paddr = UINT64_MAX - 16, im.ph[1].p_filesz = 0),
		ELF_ERR_SEGMENT, "segment address wrapping around 2^64");
	EXPECT_ERROR(im.ph[1].p_memsz = UINT64_MAX, ELF_ERR_SEGMENT,
		     "huge memory size wraps");
	EXPECT_ERROR(im.ph[1].p_paddr = MEM_SIZE - 100, ELF_ERR_TOO_LARGE,
		     "segment ending beyond guest memory");
	EXPECT_ERROR(im.ph[1].p_memsz = 64u << 20, ELF_ERR_TOO_LARGE,
		     "image larger than guest memory");
	EXPECT_ERROR(im.ph[0].p_paddr = 0, ELF_ERR_LOW, "segment in page 0");
	EXPECT_ERROR(im.ph[1].p_paddr = 0x10020, ELF_ERR_OVERLAP,
		     "overlapping segments");
	EXPECT_ERROR(im.eh.e_entry = 0x20000, ELF_ERR_ENTRY,
		     "entry in a non-executable segment");
	EXPECT_ERROR(im.eh.e_entry = 0x5000, ELF_ERR_ENTRY,
		     "entry outside every segment");
	EXPECT_ERROR((im.ph[0].p_type = PT_NOTE, im.ph[1].p_type = PT_NOTE),
		     ELF_ERR_NO_SEGMENTS, "no loadable segment");
	EXPECT_ERROR(im.ph[0].p_memsz = 0, ELF_ERR_SEGMENT, "empty segment");
	EXPECT_ERROR(note_make(&im, 0x20000, 8), ELF_ERR_NOTE,
		     "trap vectors in a data segment");
	EXPECT_ERROR(note_make(&im, 0x10f00, 8), ELF_ERR_NOTE,
		     "trap vectors running past the text segment");
	EXPECT_ERROR(note_make(&im, 0x10000, 4), ELF_ERR_NOTE,
		     "trap-vector note of the wrong size");
	EXPECT_ERROR(note_make(&im, 0x10000, 0xfffffff0u), ELF_ERR_NOTE,
		     "note descriptor larger than its segment");
	EXPECT_ERROR(im.ph[2].p_offset = sizeof(im) - 4, ELF_ERR_TRUNCATED,
		     "note segment past the end of the file");
}

static void test_too_many_segments(void)
{
	size_t n = ELF_LOADER_MAX_SEGMENTS + 1;
	size_t size = sizeof(Elf64_Ehdr) + n * sizeof(Elf64_Phdr) + 16;
	unsigned char *file = calloc(1, size);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
	Elf64_Phdr *ph = (Elf64_Phdr *)(file + sizeof(*eh));
	struct elf_image out;

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_entry = 0x10000;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = (Elf64_Half)n;
	for (size_t i = 0; i < n; i++)
		ph[i] = (Elf64_Phdr){.p_type = PT_LOAD,
				     .p_flags = PF_R | PF_X,
				     .p_paddr = 0x10000 + i * 0x1000,
				     .p_memsz = 16};
	check(elf_validate(file, size, 0, MEM_SIZE, &out) ==
		      ELF_ERR_NO_SEGMENTS,
	      "more segments than the loader holds is refused");
	free(file);
}

/* Random byte mutations: whatever validates must load without touching
 * memory outside the guest (ASan watches the exact-size allocations). */
static void test_random_mutations_never_escape(void)
{
	unsigned char *mem = malloc(MEM_SIZE);
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	unsigned int accepted = 0;
	int all = 1;

	for (int round = 0; round < 20000; round++) {
		struct test_image im;
		struct elf_image out;

		image_make(&im);
		for (int k = 0; k < 1 + round % 4; k++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			((unsigned char *)&im)[rng % sizeof(im)] =
				(unsigned char)(rng >> 32);
		}
		if (elf_validate(&im, sizeof(im), 0, MEM_SIZE, &out) != ELF_OK)
			continue;
		accepted++;
		for (unsigned int i = 0; i < out.segment_count; i++) {
			const struct elf_segment *s = &out.segments[i];

			if (s->guest_addr < 4096 ||
			    s->guest_addr + s->mem_size > MEM_SIZE ||
			    s->file_offset + s->file_size > sizeof(im))
				all = 0;
		}
		if (all)
			elf_load(&im, &out, mem, 0);
	}
	printf("# %u of 20000 mutated images were still valid\n", accepted);
	check(all, "mutated images that validate stay inside guest memory and "
		   "the file");
	free(mem);
}

int main(void)
{
	test_valid_image_loads();
	test_ram_not_starting_at_zero();
	test_every_truncation_is_rejected();
	test_bad_headers();
	test_hostile_segments();
	test_too_many_segments();
	test_random_mutations_never_escape();
	printf("%u passed, %u failed\n", passed, failed);
	return failed != 0;
}
