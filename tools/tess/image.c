/* SPDX-License-Identifier: BSD-3-Clause */
/* Tells a kvm image from a linuxu one: the ELF note, else the file name. */
#include <elf.h>
#include <string.h>

#include "tess.h"

/* The note owner plat/kvm puts in every kvm image (kvm_abi.h). */
#define TESSERA_NOTE_OWNER "Tessera"

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Walks the notes of one PT_NOTE segment (bounds already checked). */
static bool notes_have_tessera(const unsigned char *p, size_t size)
{
	const size_t owner_size = sizeof(TESSERA_NOTE_OWNER);

	while (size >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		size_t name, desc;

		memcpy(&nh, p, sizeof(nh));
		p += sizeof(nh);
		size -= sizeof(nh);
		name = align4(nh.n_namesz);
		desc = align4(nh.n_descsz);
		if (name > size || desc > size - name)
			return false;
		if (nh.n_namesz == owner_size &&
		    memcmp(p, TESSERA_NOTE_OWNER, owner_size) == 0)
			return true;
		p += name + desc;
		size -= name + desc;
	}
	return false;
}

/*
 * Classifies an untrusted file: every offset and count in it is checked
 * against size before use, so a truncated or hostile file is at worst
 * "not an ELF" or "linuxu" (the monitor validates it fully later).
 */
enum tess_image_kind tess_image_kind(const void *file, size_t size)
{
	const unsigned char *bytes = file;
	Elf64_Ehdr eh;

	if (size < sizeof(eh))
		return TESS_IMAGE_NOT_ELF;
	memcpy(&eh, bytes, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return TESS_IMAGE_NOT_ELF;
	if (eh.e_phentsize < sizeof(Elf64_Phdr) || eh.e_phoff > size ||
	    (size - eh.e_phoff) / eh.e_phentsize < eh.e_phnum)
		return TESS_IMAGE_LINUXU;
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, bytes + eh.e_phoff + (size_t)i * eh.e_phentsize,
		       sizeof(ph));
		if (ph.p_type != PT_NOTE || ph.p_offset > size ||
		    ph.p_filesz > size - ph.p_offset)
			continue;
		if (notes_have_tessera(bytes + ph.p_offset, ph.p_filesz))
			return TESS_IMAGE_KVM;
	}
	return TESS_IMAGE_LINUXU;
}

/*
 * The build names images <app>_<plat>-x86_64; returns "kvm", "linuxu" or
 * NULL. Used only when the file itself does not tell.
 */
const char *tess_image_plat_from_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strstr(base, "_kvm-" TESS_ARCH))
		return "kvm";
	if (strstr(base, "_linuxu-" TESS_ARCH))
		return "linuxu";
	return NULL;
}
