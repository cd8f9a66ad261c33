/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For Tessera's host tests that build ELF images by hand (tools/vmm's
 * loader, lib/elfexec's checks): a valid ELF-64 x86_64 little-endian
 * header, with <elf.h>'s types.
 */
#ifndef TESS_HOST_ELF_H
#define TESS_HOST_ELF_H

#include <elf.h>
#include <string.h>

/* Fills eh with a header of type (ET_EXEC, ET_DYN) whose phnum program
 * headers start at phoff; everything else is zero. */
static void host_elf_header(Elf64_Ehdr *eh, Elf64_Half type, Elf64_Addr entry,
			    Elf64_Off phoff, Elf64_Half phnum)
{
	memset(eh, 0, sizeof(*eh));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = type;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = entry;
	eh->e_phoff = phoff;
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = phnum;
}

#endif /* TESS_HOST_ELF_H */
