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

/*
 * Makes the pages [base, base + len) inaccessible (guard = true), so that
 * any access faults and is reported, or readable and writable again
 * (guard = false). base and len must be page-aligned and len > 0
 * (-EINVAL otherwise). Returns 0, or -ENOSYS when the platform cannot
 * change page protections (logged once). Used for thread stack guards.
 */
int tess_plat_memory_guard(void *base, size_t len, bool guard);

#endif /* TESS_PLAT_MEMORY_H */
