/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform contract: the memory map.
 *
 * The platform lists the regions of free RAM it gives to allocators. The
 * list is fixed once the platform's memory init (TESS_INIT_PLAT) has run.
 */
#ifndef TESS_PLAT_MEMORY_H
#define TESS_PLAT_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tess_plat_memory_region {
	uintptr_t base;	/* page-aligned */
	size_t len;	/* multiple of the page size */
};

#define TESS_PAGE_SIZE 4096UL

/* Fills *out with region number idx (0-based); returns 0, or -ENOENT when
 * idx is past the last region. */
int tess_plat_memory_region_get(unsigned int idx,
				struct tess_plat_memory_region *out);

/* Page protections; there is no writable and executable mode (W^X). */
enum tess_plat_prot {
	TESS_PLAT_PROT_NONE,	   /* inaccessible: any access faults */
	TESS_PLAT_PROT_READ,	   /* read only */
	TESS_PLAT_PROT_READ_WRITE, /* read and write, never execute */
	TESS_PLAT_PROT_READ_EXEC,  /* read and execute, never write */
};

/*
 * Sets the protection of the pages [base, base + len) to prot. base and len
 * must be page-aligned, len > 0 and prot one of enum tess_plat_prot
 * (-EINVAL otherwise). kvm changes pages of free RAM only (what the
 * allocators hand out; heap pages start read-write and never executable)
 * and answers -EINVAL for any other page, such as the image's; linuxu
 * changes any page of the process (mprotect). Returns 0, or -ENOSYS when
 * the platform cannot change page protections. On an error the pages
 * before the one that failed may already have the new protection.
 */
int tess_plat_memory_protect(void *base, size_t len, enum tess_plat_prot prot);

/*
 * Makes the pages [base, base + len) inaccessible (guard = true), so that
 * any access faults and is reported, or readable and writable again
 * (guard = false): tess_plat_memory_protect with TESS_PLAT_PROT_NONE or
 * TESS_PLAT_PROT_READ_WRITE, with the same errors. Used for thread stack
 * guards.
 */
int tess_plat_memory_guard(void *base, size_t len, bool guard);

/* The address a device uses for the buffer at p (what a driver writes in
 * a descriptor): guest-physical, which is the virtual address on both
 * platforms today (identity mapping; linuxu has no devices of its own).
 * Named so that an IOMMU or another mapping can differ. */
uint64_t tess_plat_dma_addr(const void *p);

/* The initial RAM disk the image was booted with (a cpio archive from
 * the monitor or loader: tess run --initrd, QEMU -initrd): its bytes,
 * read-only, in *base and its length in *len; *len is 0 when there is
 * none. Valid for the whole run. */
void tess_plat_initrd(const void **base, size_t *len);

#endif /* TESS_PLAT_MEMORY_H */
