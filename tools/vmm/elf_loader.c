/* SPDX-License-Identifier: BSD-3-Clause */
/* Validates and loads an untrusted ELF image into guest memory. */
#include <elf.h>
#include <stdbool.h>
#include <string.h>

#include "elf_loader.h"
#include "../../plat/kvm/include/tess/kvm_abi.h"

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
	case ELF_ERR_LOW: return "segment below guest RAM or in its first page";
	case ELF_ERR_OVERLAP: return "segments overlap";
	case ELF_ERR_NO_SEGMENTS: return "no loadable segments, or too many";
	case ELF_ERR_ENTRY: return "entry point outside the executable segments";
	case ELF_ERR_NOTE: return "malformed note, or trap vectors outside the executable segments";
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
					 uint64_t ram_start, uint64_t ram_end)
{
	if (ph->p_filesz > ph->p_memsz)
		return ELF_ERR_SEGMENT;
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return ELF_ERR_TRUNCATED;
	if (ph->p_memsz == 0 || ph->p_paddr > UINT64_MAX - ph->p_memsz)
		return ELF_ERR_SEGMENT;
	if (ph->p_paddr < GUEST_PAGE || ph->p_paddr < ram_start)
		return ELF_ERR_LOW;
	if (ph->p_paddr + ph->p_memsz > ram_end)
		return ELF_ERR_TOO_LARGE;
	return ELF_OK;
}

static bool in_executable_segment(const struct elf_image *image,
				  uint64_t addr, uint64_t len)
{
	for (unsigned int i = 0; i < image->segment_count; i++) {
		const struct elf_segment *s = &image->segments[i];

		if ((s->flags & PF_X) && addr >= s->guest_addr &&
		    addr < s->guest_addr + s->mem_size &&
		    len <= s->guest_addr + s->mem_size - addr)
			return true;
	}
	return false;
}

/* Walks one PT_NOTE segment (already bounds-checked against the file) for
 * the Tessera notes: trap vectors and privilege level. */
static enum elf_load_error parse_notes(const unsigned char *notes,
				       uint64_t size, struct elf_image *out)
{
	static const char owner[] = TESS_KVM_NOTE_OWNER;
	uint64_t off = 0;

	while (size - off >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		uint64_t name_len, desc_len;
		bool ours;

		memcpy(&nh, notes + off, sizeof(nh));
		off += sizeof(nh);
		name_len = ((uint64_t)nh.n_namesz + 3) & ~3ULL;
		desc_len = ((uint64_t)nh.n_descsz + 3) & ~3ULL;
		if (name_len > size - off || desc_len > size - off - name_len)
			return ELF_ERR_NOTE;
		ours = nh.n_namesz == sizeof(owner) &&
		       memcmp(notes + off, owner, sizeof(owner)) == 0;
		if (ours && nh.n_type == TESS_KVM_NOTE_TRAP_VECTORS) {
			uint64_t vectors;

			if (nh.n_descsz != sizeof(vectors))
				return ELF_ERR_NOTE;
			memcpy(&vectors, notes + off + name_len, sizeof(vectors));
			if (!in_executable_segment(out, vectors,
						   TESS_KVM_TRAP_VECTOR_COUNT *
							   TESS_KVM_TRAP_STUB_SIZE))
				return ELF_ERR_NOTE;
			out->trap_vectors = vectors;
		} else if (ours && nh.n_type == TESS_KVM_NOTE_PRIVILEGE) {
			uint32_t level;

			if (nh.n_descsz != sizeof(level))
				return ELF_ERR_NOTE;
			memcpy(&level, notes + off + name_len, sizeof(level));
			if (level != TESS_KVM_PRIVILEGE_CPL3 &&
			    level != TESS_KVM_PRIVILEGE_CPL0)
				return ELF_ERR_NOTE;
			out->cpl0 = level == TESS_KVM_PRIVILEGE_CPL0;
		}
		off += name_len + desc_len;
	}
	return ELF_OK;
}

enum elf_load_error elf_validate(const void *file, size_t size,
				 uint64_t ram_start, uint64_t ram_end,
				 struct elf_image *out)
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
		err = check_segment(&ph[i], size, ram_start, ram_end);
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
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_NOTE || ph[i].p_filesz == 0)
			continue;
		if (ph[i].p_offset > size || ph[i].p_filesz > size - ph[i].p_offset)
			return ELF_ERR_TRUNCATED;
		err = parse_notes((const unsigned char *)file + ph[i].p_offset,
				  ph[i].p_filesz, out);
		if (err)
			return err;
	}
	out->entry = eh->e_entry;
	return ELF_OK;
}

void elf_load(const void *file, const struct elf_image *image, void *ram,
	      uint64_t ram_start)
{
	for (unsigned int i = 0; i < image->segment_count; i++) {
		const struct elf_segment *s = &image->segments[i];
		char *dst = (char *)ram + (s->guest_addr - ram_start);

		memcpy(dst, (const char *)file + s->file_offset, s->file_size);
		memset(dst + s->file_size, 0, s->mem_size - s->file_size);
	}
}
