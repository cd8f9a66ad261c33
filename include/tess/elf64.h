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

#define TESS_ELF_ET_EXEC      2
#define TESS_ELF_ET_DYN	      3
#define TESS_ELF_EM_X86_64    62
#define TESS_ELF_PT_LOAD      1
#define TESS_ELF_PT_DYNAMIC   2
#define TESS_ELF_PT_INTERP    3
#define TESS_ELF_PT_GNU_STACK 0x6474e551
#define TESS_ELF_PF_X	      1
#define TESS_ELF_PF_W	      2
#define TESS_ELF_PF_R	      4
#define TESS_ELF_DT_NULL      0
#define TESS_ELF_DT_HASH      4
#define TESS_ELF_DT_STRTAB    5
#define TESS_ELF_DT_SYMTAB    6
#define TESS_ELF_DT_STRSZ     10

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
