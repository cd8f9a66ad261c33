/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ELF-64 structures (System V gABI 4.1 with the 64-bit supplement) for the
 * code that reads ELF images in memory: lib/elfexec (programs to run),
 * lib/boot (the image's own program headers for a C library) and
 * plat/linuxu (the host's vDSO). Plain C with <stdint.h> only, so host
 * tests can use it too.
 */
#ifndef TESS_ELF64_H
#define TESS_ELF64_H

#include <stdint.h>

struct tess_elf64_ehdr {
	unsigned char e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct tess_elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

struct tess_elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct tess_elf64_sym {
	uint32_t st_name;
	unsigned char st_info;
	unsigned char st_other;
	uint16_t st_shndx;
	uint64_t st_value;
	uint64_t st_size;
};

#endif /* TESS_ELF64_H */
