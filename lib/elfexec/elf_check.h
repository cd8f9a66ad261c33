/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/elfexec's pure half: the ELF64 definitions it reads, the validation
 * of a static-PIE x86_64 executable into a load layout, and the Linux
 * initial stack. No Tessera headers, so the same file compiles into
 * images and into the host unit tests (tests/host).
 */
#ifndef TESS_ELFEXEC_ELF_CHECK_H
#define TESS_ELFEXEC_ELF_CHECK_H

#include <stddef.h>
#include <stdint.h>

#define ELFEXEC_PAGE_SIZE    4096UL
#define ELFEXEC_PHNUM_MAX    64 /* program headers read at most */
#define ELFEXEC_SEGMENTS_MAX 16 /* PT_LOAD segments kept at most */
#define ELFEXEC_RANDOM_BYTES 16 /* AT_RANDOM */

/* ELF-64 structures and constants: the shared definitions (relative include: no
 * Tessera include path on the host). */
#include "../../include/tess/elf64.h"

/* One loadable segment; addresses relative to the load base. */
struct elfexec_segment {
	uint64_t vaddr;
	uint64_t offset;
	uint64_t filesz;
	uint64_t memsz;
	uint32_t flags; /* TESS_ELF_PF_* */
};

/* What elfexec_check found: everything the loader needs, all in range. */
struct elfexec_layout {
	uint64_t span;	/* bytes to reserve at the load base, whole pages */
	uint64_t entry; /* entry point, relative to the load base */
	uint64_t phdr;	/* the loaded program headers (AT_PHDR), relative */
	unsigned int phnum;
	unsigned int nsegments;
	struct elfexec_segment segment[ELFEXEC_SEGMENTS_MAX];
};

/*
 * Checks that [elf, elf + size) is a static-PIE x86_64 Linux executable
 * that fits in span_max bytes and fills *out. Reads nothing outside the
 * buffer, which needs no alignment. Returns 0, or a negative errno with a
 * sentence in why[0..why_size): -ENOEXEC for what is not such an
 * executable (truncated or malformed headers, ET_EXEC, PT_INTERP, segments
 * outside the file, overlapping or writable and executable segments, an
 * entry outside an executable segment), -EFBIG for one larger than
 * span_max.
 */
int elfexec_check(const void *elf, size_t size, uint64_t span_max,
		  struct elfexec_layout *out, char *why, size_t why_size);

/* Auxiliary vector types (the Linux ABI, include/uapi/linux/auxvec.h). */
#define ELFEXEC_AT_NULL	     0
#define ELFEXEC_AT_PHDR	     3
#define ELFEXEC_AT_PHENT     4
#define ELFEXEC_AT_PHNUM     5
#define ELFEXEC_AT_PAGESZ    6
#define ELFEXEC_AT_BASE	     7
#define ELFEXEC_AT_FLAGS     8
#define ELFEXEC_AT_ENTRY     9
#define ELFEXEC_AT_UID	     11
#define ELFEXEC_AT_EUID	     12
#define ELFEXEC_AT_GID	     13
#define ELFEXEC_AT_EGID	     14
#define ELFEXEC_AT_HWCAP     16
#define ELFEXEC_AT_CLKTCK    17
#define ELFEXEC_AT_SECURE    23
#define ELFEXEC_AT_RANDOM    25
#define ELFEXEC_AUXV_ENTRIES 16 /* pairs written, AT_NULL included */

/*
 * Builds the initial stack of a Linux process at process entry (System V
 * x86_64 psABI §3.4.1) at the top of [lo, hi): from the stack pointer up,
 * argc, argv[0..argc-1], NULL, an empty environment (NULL), the auxiliary
 * vector, then the 16 AT_RANDOM bytes and the argument strings (copied).
 * load_base is the program's load address (AT_PHDR, AT_ENTRY). Returns
 * the stack pointer, 16-byte aligned and pointing at argc, or NULL when
 * the arguments do not fit or argc is negative.
 */
uint64_t *elfexec_stack_build(void *lo, void *hi, int argc, char *const argv[],
			      const struct elfexec_layout *layout,
			      uintptr_t load_base,
			      const unsigned char random[ELFEXEC_RANDOM_BYTES]);

#endif /* TESS_ELFEXEC_ELF_CHECK_H */
