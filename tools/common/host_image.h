/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a kvm image says about itself in its ELF notes (owner "Tessera",
 * plat/kvm's tess/kvm_abi.h), read from an untrusted file by tools/tess
 * (which platform, how much memory for QEMU) and tools/vmm (how much
 * memory without --mem). Every offset and size in the file is checked
 * before use. Pure functions, covered by tools/tess's host unit tests.
 */
#ifndef TESS_HOST_IMAGE_H
#define TESS_HOST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* The descriptor of the first Tessera note of type (0: of any type) in
 * the file's PT_NOTE segments, its size in *desc_size (may be NULL); NULL
 * when there is none or the file is not a well-formed ELF-64. */
const void *tess_image_note(const void *file, size_t size, uint32_t type,
			    uint32_t *desc_size);

/* The guest memory the image asks for (TESS_KVM_NOTE_MEM): 0 with *bytes
 * set, 1 when it names none (*bytes untouched), -1 when its note is
 * malformed or the size is not one tess-vmm can give. */
int tess_image_mem(const void *file, size_t size, uint64_t *bytes);

#endif /* TESS_HOST_IMAGE_H */
