/* SPDX-License-Identifier: BSD-3-Clause */
/* Tells a kvm image from a linuxu one: the ELF note, else the file name. */
#include <elf.h>
#include <string.h>

#include "../common/host_image.h"
#include "tess.h"

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
	return tess_image_note(file, size, 0, NULL) ? TESS_IMAGE_KVM
						     : TESS_IMAGE_LINUXU;
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
