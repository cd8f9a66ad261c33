/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading a kvm image's Tessera notes (see host_image.h). */
#include <elf.h>
#include <string.h>

#include "host_image.h"
#include "host_parse.h"
#include "../../plat/kvm/include/tess/kvm_abi.h"

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Walks one PT_NOTE segment (inside the file) for the note. */
static const void *segment_note(const unsigned char *p, size_t size,
				uint32_t type, uint32_t *desc_size)
{
	const size_t owner_size = sizeof(TESS_KVM_NOTE_OWNER);

	while (size >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		size_t name, desc;

		memcpy(&nh, p, sizeof(nh));
		p += sizeof(nh);
		size -= sizeof(nh);
		name = align4(nh.n_namesz);
		desc = align4(nh.n_descsz);
		if (name > size || desc > size - name)
			return NULL;
		if (nh.n_namesz == owner_size &&
		    memcmp(p, TESS_KVM_NOTE_OWNER, owner_size) == 0 &&
		    (type == 0 || nh.n_type == type)) {
			if (desc_size)
				*desc_size = nh.n_descsz;
			return p + name;
		}
		p += name + desc;
		size -= name + desc;
	}
	return NULL;
}

const void *tess_image_note(const void *file, size_t size, uint32_t type,
			    uint32_t *desc_size)
{
	const unsigned char *bytes = file;
	Elf64_Ehdr eh;

	if (size < sizeof(eh))
		return NULL;
	memcpy(&eh, bytes, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_phentsize < sizeof(Elf64_Phdr) || eh.e_phoff > size ||
	    (size - eh.e_phoff) / eh.e_phentsize < eh.e_phnum)
		return NULL;
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		const void *desc;
		Elf64_Phdr ph;

		memcpy(&ph, bytes + eh.e_phoff + (size_t)i * eh.e_phentsize,
		       sizeof(ph));
		if (ph.p_type != PT_NOTE || ph.p_offset > size ||
		    ph.p_filesz > size - ph.p_offset)
			continue;
		desc = segment_note(bytes + ph.p_offset, ph.p_filesz, type,
				    desc_size);
		if (desc)
			return desc;
	}
	return NULL;
}

int tess_image_mem(const void *file, size_t size, uint64_t *bytes)
{
	uint32_t desc_size;
	const void *desc =
		tess_image_note(file, size, TESS_KVM_NOTE_MEM, &desc_size);
	uint64_t mem;

	if (!desc)
		return 1;
	if (desc_size != sizeof(mem))
		return -1;
	memcpy(&mem, desc, sizeof(mem));
	if (!tess_kvm_mem_valid(mem))
		return -1;
	*bytes = mem;
	return 0;
}
