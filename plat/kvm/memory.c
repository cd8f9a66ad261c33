/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm memory: the RAM between the image and the monitor's tables. */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/plat/memory.h>

#include "kvm.h"

int tess_plat_memory_region_get(unsigned int idx,
				struct tess_plat_memory_region *out)
{
	uint64_t start = TESS_ALIGN_UP(kvm_boot_info.free_start,
				       (uint64_t)TESS_PAGE_SIZE);
	uint64_t end = TESS_ALIGN_DOWN(kvm_boot_info.free_end,
				       (uint64_t)TESS_PAGE_SIZE);

	if (idx > 0 || start >= end)
		return -ENOENT;
	out->base = (uintptr_t)start;
	out->len = (size_t)(end - start);
	return 0;
}
