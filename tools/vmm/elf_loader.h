/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ELF image validation and loading for the Tessera monitor.
 *
 * The image comes from outside the monitor's trust: every field is checked
 * before anything is copied. Accepted: ELF64, little endian, x86_64,
 * ET_EXEC, at most ELF_LOADER_MAX_PHDRS program headers, PT_LOAD segments
 * with filesz <= memsz that lie inside the file and inside guest RAM
 * (never in page 0), do not overlap each other, and an entry point
 * inside an executable segment. Arithmetic is overflow-checked.
 *
 * Host-side code (runs in the monitor process); not thread-safe.
 */
#ifndef TESS_VMM_ELF_LOADER_H
#define TESS_VMM_ELF_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_LOADER_MAX_PHDRS 64
#define ELF_LOADER_MAX_SEGMENTS 16

enum elf_load_error {
	ELF_OK = 0,
	ELF_ERR_TRUNCATED,	/* file shorter than a header or segment says */
	ELF_ERR_NOT_ELF,	/* bad magic */
	ELF_ERR_CLASS,		/* not 64-bit little endian, or bad version */
	ELF_ERR_MACHINE,	/* not x86_64 */
	ELF_ERR_TYPE,		/* not ET_EXEC */
	ELF_ERR_PHDRS,		/* program header table malformed */
	ELF_ERR_SEGMENT,	/* filesz > memsz, or address overflow */
	ELF_ERR_TOO_LARGE,	/* a segment ends beyond guest RAM */
	ELF_ERR_LOW,		/* a segment starts below guest RAM or in page 0 */
	ELF_ERR_OVERLAP,	/* two segments overlap */
	ELF_ERR_NO_SEGMENTS,	/* nothing to load, or too many segments */
	ELF_ERR_ENTRY,		/* entry point outside executable segments */
	ELF_ERR_NOTE,		/* malformed note, or trap vectors outside text */
};

struct elf_segment {
	uint64_t guest_addr;	/* physical = virtual (identity map) */
	uint64_t file_offset;
	uint64_t file_size;
	uint64_t mem_size;
	uint32_t flags;		/* PF_R | PF_W | PF_X */
};

struct elf_image {
	uint64_t entry;
	unsigned int segment_count;
	struct elf_segment segments[ELF_LOADER_MAX_SEGMENTS];
	uint64_t lowest;	/* first byte of the lowest segment */
	uint64_t highest;	/* one past the last byte of any segment */
	uint64_t trap_vectors;	/* from the Tessera note; 0 when absent */
	bool cpl0;		/* the privilege note asks for CPL0 */
};

/* Checks file[0..size) for a guest whose RAM is [ram_start, ram_end) and
 * fills *out. */
enum elf_load_error elf_validate(const void *file, size_t size,
				 uint64_t ram_start, uint64_t ram_end,
				 struct elf_image *out);

/* Copies the validated image into guest RAM (reachable at ram, which holds
 * guest address ram_start), zeroing each segment's bss part. */
void elf_load(const void *file, const struct elf_image *image, void *ram,
	      uint64_t ram_start);

/* A one-line explanation of an error, for messages to the user. */
const char *elf_error_text(enum elf_load_error err);

#endif /* TESS_VMM_ELF_LOADER_H */
