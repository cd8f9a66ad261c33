/* SPDX-License-Identifier: BSD-3-Clause */
/* Validates and loads an untrusted ELF image into guest memory. */
#include <elf.h>
#include <stdbool.h>
#include <string.h>

#include "elf_loader.h"

#define GUEST_PAGE 4096u

const char *elf_error_text(enum elf_load_error err)
{
	switch (err) {
	case ELF_OK: return "ok";
	case ELF_ERR_TRUNCATED: return "file is truncated";
	case ELF_ERR_NOT_ELF: return "not an ELF file";
	case ELF_ERR_CLASS: return "not a 64-bit little-endian ELF (version 1)";
	case ELF_ERR_MACHINE: return "wrong architecture (not x86_64)";
	case ELF_ERR_TYPE: return "not an executable (ET_EXEC) image";
	case ELF_ERR_PHDRS: return "malformed program header table";
	case ELF_ERR_SEGMENT: return "malformed segment (file size above memory size, or address overflow)";
	case ELF_ERR_TOO_LARGE: return "image does not fit in guest memory (raise --mem)";
	case ELF_ERR_LOW: return "segment in the first page of guest memory";
	case ELF_ERR_OVERLAP: return "segments overlap";
	case ELF_ERR_NO_SEGMENTS: return "no loadable segments, or too many";
	case ELF_ERR_ENTRY: return "entry point outside the executable segments";
	}
	return "unknown error";
}

static enum elf_load_error check_header(const Elf64_Ehdr *eh, size_t size)
{
	if (size < EI_NIDENT)
		return ELF_ERR_TRUNCATED;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return ELF_ERR_NOT_ELF;
	if (size < sizeof(*eh))
		return ELF_ERR_TRUNCATED;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return ELF_ERR_CLASS;
	if (eh->e_machine != EM_X86_64)
		return ELF_ERR_MACHINE;
	if (eh->e_type != ET_EXEC)
		return ELF_ERR_TYPE;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_LOADER_MAX_PHDRS)
		return ELF_ERR_PHDRS;
	if (eh->e_phoff > size ||
	    (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > size - eh->e_phoff)
		return ELF_ERR_TRUNCATED;
	if (eh->e_phoff % _Alignof(Elf64_Phdr) != 0)
		return ELF_ERR_PHDRS;
	return ELF_OK;
}

static enum elf_load_error check_segment(const Elf64_Phdr *ph, size_t size,
					 uint64_t mem_size)
{
	if (ph->p_filesz > ph->p_memsz)
		return ELF_ERR_SEGMENT;
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return ELF_ERR_TRUNCATED;
	if (ph->p_memsz == 0 || ph->p_paddr > UINT64_MAX - ph->p_memsz)
		return ELF_ERR_SEGMENT;
	if (ph->p_paddr < GUEST_PAGE)
		return ELF_ERR_LOW;
	if (ph->p_paddr + ph->p_memsz > mem_size)
		return ELF_ERR_TOO_LARGE;
	return ELF_OK;
}

enum elf_load_error elf_validate(const void *file, size_t size,
				 uint64_t mem_size, struct elf_image *out)
{
	const Elf64_Ehdr *eh = file;
	const Elf64_Phdr *ph;
	enum elf_load_error err;
	bool entry_ok = false;

	memset(out, 0, sizeof(*out));
	err = check_header(eh, size);
	if (err)
		return err;
	ph = (const Elf64_Phdr *)((const char *)file + eh->e_phoff);
	out->lowest = UINT64_MAX;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		struct elf_segment *seg;

		if (ph[i].p_type != PT_LOAD)
			continue;
		err = check_segment(&ph[i], size, mem_size);
		if (err)
			return err;
		if (out->segment_count == ELF_LOADER_MAX_SEGMENTS)
			return ELF_ERR_NO_SEGMENTS;
		for (unsigned int j = 0; j < out->segment_count; j++) {
			const struct elf_segment *o = &out->segments[j];

			if (ph[i].p_paddr < o->guest_addr + o->mem_size &&
			    o->guest_addr < ph[i].p_paddr + ph[i].p_memsz)
				return ELF_ERR_OVERLAP;
		}
		seg = &out->segments[out->segment_count++];
		seg->guest_addr = ph[i].p_paddr;
		seg->file_offset = ph[i].p_offset;
		seg->file_size = ph[i].p_filesz;
		seg->mem_size = ph[i].p_memsz;
		seg->flags = ph[i].p_flags;
		if (seg->guest_addr < out->lowest)
			out->lowest = seg->guest_addr;
		if (seg->guest_addr + seg->mem_size > out->highest)
			out->highest = seg->guest_addr + seg->mem_size;
		if ((seg->flags & PF_X) && eh->e_entry >= seg->guest_addr &&
		    eh->e_entry < seg->guest_addr + seg->mem_size)
			entry_ok = true;
	}
	if (out->segment_count == 0)
		return ELF_ERR_NO_SEGMENTS;
	if (!entry_ok)
		return ELF_ERR_ENTRY;
	out->entry = eh->e_entry;
	return ELF_OK;
}

void elf_load(const void *file, const struct elf_image *image, void *mem)
{
	for (unsigned int i = 0; i < image->segment_count; i++) {
		const struct elf_segment *s = &image->segments[i];
		char *dst = (char *)mem + s->guest_addr;

		memcpy(dst, (const char *)file + s->file_offset, s->file_size);
		memset(dst + s->file_size, 0, s->mem_size - s->file_size);
	}
}
