/* SPDX-License-Identifier: BSD-3-Clause */
/* Validation of a static-PIE executable and its initial stack (pure C, also built on the host). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "elf_check.h"

#define PAGE_MASK  (ELFEXEC_PAGE_SIZE - 1)
#define PAGE_UP(x) (((x) + PAGE_MASK) & ~PAGE_MASK)

static int refuse(char *why, size_t why_size, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int refuse(char *why, size_t why_size, int err, const char *fmt, ...)
{
	va_list ap;

	if (why_size) {
		va_start(ap, fmt);
		vsnprintf(why, why_size, fmt, ap);
		va_end(ap);
	}
	return err;
}

/* a + b, false when it overflows 64 bits. */
static bool add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

static int check_ident(const struct tess_elf64_ehdr *eh, char *why,
		       size_t why_size)
{
	if (memcmp(eh->e_ident, "\177ELF", 4) != 0)
		return refuse(why, why_size, -ENOEXEC, "not an ELF file");
	if (eh->e_ident[4] != 2)
		return refuse(why, why_size, -ENOEXEC,
			      "not a 64-bit ELF file (class %u)",
			      eh->e_ident[4]);
	if (eh->e_ident[5] != 1)
		return refuse(why, why_size, -ENOEXEC,
			      "not little-endian (data encoding %u)",
			      eh->e_ident[5]);
	if (eh->e_ident[6] != 1 || eh->e_version != 1)
		return refuse(why, why_size, -ENOEXEC, "unknown ELF version");
	if (eh->e_machine != TESS_ELF_EM_X86_64)
		return refuse(why, why_size, -ENOEXEC,
			      "not an x86_64 program (machine %u)",
			      eh->e_machine);
	if (eh->e_type == TESS_ELF_ET_EXEC)
		return refuse(why, why_size, -ENOEXEC,
			      "a fixed-address executable (ET_EXEC); build it "
			      "as a static PIE (-static-pie)");
	if (eh->e_type != TESS_ELF_ET_DYN)
		return refuse(why, why_size, -ENOEXEC,
			      "not an executable (ELF type %u)", eh->e_type);
	if (eh->e_phentsize != sizeof(struct tess_elf64_phdr))
		return refuse(why, why_size, -ENOEXEC,
			      "program header size %u, expected %zu",
			      eh->e_phentsize, sizeof(struct tess_elf64_phdr));
	if (eh->e_phnum == 0 || eh->e_phnum > ELFEXEC_PHNUM_MAX)
		return refuse(why, why_size, -ENOEXEC,
			      "%u program headers (1 to %u expected)",
			      eh->e_phnum, ELFEXEC_PHNUM_MAX);
	return 0;
}

/* One PT_LOAD, checked against the file and the segment before it. */
static int check_load(const struct tess_elf64_phdr *ph, unsigned int idx,
		      size_t size, uint64_t span_max,
		      const struct elfexec_segment *prev, char *why,
		      size_t why_size)
{
	uint64_t file_end, mem_end;

	if (ph->p_filesz > ph->p_memsz)
		return refuse(why, why_size, -ENOEXEC,
			      "segment %u: file size larger than memory size",
			      idx);
	if (!add_ok(ph->p_offset, ph->p_filesz, &file_end) || file_end > size)
		return refuse(why, why_size, -ENOEXEC,
			      "segment %u: bytes outside the file (offset "
			      "%#llx size %#llx, file %zu bytes)",
			      idx, (unsigned long long)ph->p_offset,
			      (unsigned long long)ph->p_filesz, size);
	if (ph->p_memsz > span_max)
		return refuse(
			why, why_size, -EFBIG,
			"segment %u: %llu bytes, more than the limit of %llu",
			idx, (unsigned long long)ph->p_memsz,
			(unsigned long long)span_max);
	if (!add_ok(ph->p_vaddr, ph->p_memsz, &mem_end) ||
	    !add_ok(mem_end, PAGE_MASK, &mem_end))
		return refuse(why, why_size, -ENOEXEC,
			      "segment %u: address range overflows", idx);
	if (ph->p_align & (ph->p_align - 1))
		return refuse(
			why, why_size, -ENOEXEC,
			"segment %u: alignment %#llx is not a power of two",
			idx, (unsigned long long)ph->p_align);
	if ((ph->p_flags & TESS_ELF_PF_W) && (ph->p_flags & TESS_ELF_PF_X))
		return refuse(why, why_size, -ENOEXEC,
			      "segment %u is writable and executable (W^X)",
			      idx);
	/* Protections are per page, so segments may not share one. */
	if (prev &&
	    (ph->p_vaddr & ~PAGE_MASK) < PAGE_UP(prev->vaddr + prev->memsz))
		return refuse(why, why_size, -ENOEXEC,
			      "segment %u overlaps the one before it (or is "
			      "out of order)",
			      idx);
	return 0;
}

int elfexec_check(const void *elf, size_t size, uint64_t span_max,
		  struct elfexec_layout *out, char *why, size_t why_size)
{
	const unsigned char *file = elf;
	struct tess_elf64_ehdr eh;
	struct tess_elf64_phdr ph;
	struct elfexec_segment *seg;
	uint64_t table_end, first, end = 0;
	bool phdr_found = false, entry_found = false;
	int err;

	memset(out, 0, sizeof(*out));
	if (size < sizeof(eh))
		return refuse(why, why_size, -ENOEXEC,
			      "truncated: %zu bytes, an ELF header takes %zu",
			      size, sizeof(eh));
	memcpy(&eh, file, sizeof(eh));
	err = check_ident(&eh, why, why_size);
	if (err)
		return err;
	if (!add_ok(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(ph),
		    &table_end) ||
	    table_end > size)
		return refuse(why, why_size, -ENOEXEC,
			      "program headers past the end of the file (%zu "
			      "bytes): truncated?",
			      size);
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, file + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == TESS_ELF_PT_INTERP)
			return refuse(why, why_size, -ENOEXEC,
				      "a dynamically linked program "
				      "(PT_INTERP): only static PIEs run here");
		if (ph.p_type == TESS_ELF_PT_GNU_STACK &&
		    (ph.p_flags & TESS_ELF_PF_X))
			return refuse(why, why_size, -ENOEXEC,
				      "the program asks for an executable "
				      "stack (W^X)");
		if (ph.p_type != TESS_ELF_PT_LOAD || ph.p_memsz == 0)
			continue;
		if (out->nsegments == ELFEXEC_SEGMENTS_MAX)
			return refuse(why, why_size, -ENOEXEC,
				      "more than %u loadable segments",
				      ELFEXEC_SEGMENTS_MAX);
		err = check_load(&ph, i, size, span_max,
				 out->nsegments
					 ? &out->segment[out->nsegments - 1]
					 : NULL,
				 why, why_size);
		if (err)
			return err;
		seg = &out->segment[out->nsegments++];
		seg->vaddr = ph.p_vaddr;
		seg->offset = ph.p_offset;
		seg->filesz = ph.p_filesz;
		seg->memsz = ph.p_memsz;
		seg->flags = ph.p_flags;
	}
	if (out->nsegments == 0)
		return refuse(why, why_size, -ENOEXEC, "no loadable segment");

	/* Segments are in order and do not overlap: the span runs from the
	 * first one's page to the last one's end. check_load bounded both. */
	first = out->segment[0].vaddr & ~PAGE_MASK;
	seg = &out->segment[out->nsegments - 1];
	end = PAGE_UP(seg->vaddr + seg->memsz);
	if (end - first > span_max)
		return refuse(why, why_size, -EFBIG,
			      "the program spans %llu bytes, more than the "
			      "limit of %llu",
			      (unsigned long long)(end - first),
			      (unsigned long long)span_max);
	out->span = end - first;
	out->phnum = eh.e_phnum;
	for (unsigned int i = 0; i < out->nsegments; i++) {
		seg = &out->segment[i];
		seg->vaddr -= first;
		if ((seg->flags & TESS_ELF_PF_X) &&
		    eh.e_entry >= seg->vaddr + first &&
		    eh.e_entry - (seg->vaddr + first) < seg->filesz) {
			entry_found = true;
			out->entry = eh.e_entry - first;
		}
		/* AT_PHDR: the copy of the table inside a loaded segment. */
		if (!phdr_found && eh.e_phoff >= seg->offset &&
		    table_end <= seg->offset + seg->filesz) {
			phdr_found = true;
			out->phdr = seg->vaddr + (eh.e_phoff - seg->offset);
		}
	}
	if (!entry_found)
		return refuse(
			why, why_size, -ENOEXEC,
			"entry point %#llx is not in an executable segment",
			(unsigned long long)eh.e_entry);
	if (!phdr_found)
		return refuse(why, why_size, -ENOEXEC,
			      "the program headers are not in a loaded segment "
			      "(AT_PHDR)");
	return 0;
}

uint64_t *elfexec_stack_build(void *lo, void *hi, int argc, char *const argv[],
			      const struct elfexec_layout *layout,
			      uintptr_t load_base,
			      const unsigned char random[ELFEXEC_RANDOM_BYTES])
{
	const uint64_t auxv[ELFEXEC_AUXV_ENTRIES][2] = {
		{ELFEXEC_AT_PHDR, load_base + layout->phdr},
		{ELFEXEC_AT_PHENT, sizeof(struct tess_elf64_phdr)},
		{ELFEXEC_AT_PHNUM, layout->phnum},
		{ELFEXEC_AT_PAGESZ, ELFEXEC_PAGE_SIZE},
		{ELFEXEC_AT_BASE, 0}, /* no interpreter */
		{ELFEXEC_AT_FLAGS, 0},
		{ELFEXEC_AT_ENTRY, load_base + layout->entry},
		{ELFEXEC_AT_UID, 0},
		{ELFEXEC_AT_EUID, 0},
		{ELFEXEC_AT_GID, 0},
		{ELFEXEC_AT_EGID, 0},
		{ELFEXEC_AT_SECURE, 0},
		{ELFEXEC_AT_RANDOM, 0}, /* filled below */
		{ELFEXEC_AT_HWCAP, 0},
		{ELFEXEC_AT_CLKTCK, 100},
		{ELFEXEC_AT_NULL, 0},
	};
	uintptr_t bottom = (uintptr_t)lo, top = (uintptr_t)hi, need, words;
	char *str;
	uint64_t *sp, *p;

	if (argc < 0 || top < bottom)
		return NULL;
	/* What must fit: the random bytes, the strings, 15 bytes of
	 * alignment, argc, argv and its NULL, the environment's NULL and auxv
	 * (15 bytes each side of the random bytes). */
	words = 1 + (uintptr_t)argc + 1 + 1 + 2 * ELFEXEC_AUXV_ENTRIES;
	need = ELFEXEC_RANDOM_BYTES + 15 + 15 + words * 8;
	for (int i = 0; i < argc; i++)
		if (!argv[i] ||
		    __builtin_add_overflow(need, strlen(argv[i]) + 1, &need))
			return NULL;
	if (need > top - bottom)
		return NULL;

	top &= ~(uintptr_t)15;
	top -= ELFEXEC_RANDOM_BYTES;
	memcpy((void *)top, random, ELFEXEC_RANDOM_BYTES);
	str = (char *)top;
	for (int i = 0; i < argc; i++)
		str -= strlen(argv[i]) + 1;
	/* Round so that argc lands on a 16-byte boundary. */
	sp = (uint64_t *)(((uintptr_t)str - words * 8) & ~(uintptr_t)15);
	p = sp;
	*p++ = (uint64_t)argc;
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		memcpy(str, argv[i], len);
		*p++ = (uintptr_t)str;
		str += len;
	}
	*p++ = 0; /* end of argv */
	*p++ = 0; /* empty environment */
	for (unsigned int i = 0; i < ELFEXEC_AUXV_ENTRIES; i++) {
		*p++ = auxv[i][0];
		*p++ = auxv[i][0] == ELFEXEC_AT_RANDOM ? top : auxv[i][1];
	}
	return sp;
}
