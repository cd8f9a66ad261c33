/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm memory: the RAM between the image and the monitor's tables, or less
 * of it when plat.mem says so. */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/memory.h>

#include "kvm.h"

/* plat.mem: the most RAM the image may use, all of it counted (0: what
 * the monitor gave). Set before any init runs. */
static uint64_t memory_limit;

/*
 * plat.mem means what it means on linuxu, the memory given to the image;
 * a guest cannot have more than its VM has, so here it can only lower
 * that (to leave room, or to try an application in less). Asking for more
 * says where the memory comes from.
 */
static int memory_param(const char *value)
{
	unsigned long size;
	int err = tess_param_parse_size(value, &size);

	if (err)
		return err;
	if (size > kvm_boot_info.mem_size) {
		tess_pr_err("plat.mem=%s: this VM has %llu KiB; a kvm guest's "
			    "memory is its monitor's to give (tess run -m %s)",
			    value,
			    (unsigned long long)(kvm_boot_info.mem_size >> 10),
			    value);
		return -ERANGE;
	}
	/* The image, its tables and a heap of at least 64 KiB. */
	if (size < kvm_boot_info.mem_size -
			   (kvm_boot_info.free_end - kvm_boot_info.free_start) +
			   (64 << 10)) {
		tess_pr_err("plat.mem=%s: the image and its page tables take "
			    "%llu KiB of it, leaving less than a 64 KiB heap",
			    value,
			    (unsigned long long)((kvm_boot_info.mem_size -
						  (kvm_boot_info.free_end -
						   kvm_boot_info.free_start)) >>
						 10));
		return -ERANGE;
	}
	memory_limit = size;
	return 0;
}
TESS_PARAM(plat_mem, "plat.mem", memory_param,
	   "memory the image may use, e.g. 64M: at most what the VM has "
	   "(tess run -m), which is the default");

int tess_plat_memory_region_get(unsigned int idx,
				struct tess_plat_memory_region *out)
{
	uint64_t start = TESS_ALIGN_UP(kvm_boot_info.free_start,
				       (uint64_t)TESS_PAGE_SIZE);
	uint64_t end = TESS_ALIGN_DOWN(kvm_boot_info.free_end,
				       (uint64_t)TESS_PAGE_SIZE);

	/* The limit counts the whole VM: what the image and the tables
	 * take comes off the free RAM. */
	if (memory_limit && memory_limit < kvm_boot_info.mem_size) {
		uint64_t cut = TESS_ALIGN_UP(kvm_boot_info.mem_size -
						     memory_limit,
					     (uint64_t)TESS_PAGE_SIZE);

		end = cut < end - start ? end - cut : start;
	}
	if (idx > 0 || start >= end)
		return -ENOENT;
	out->base = (uintptr_t)start;
	out->len = (size_t)(end - start);
	return 0;
}

uint64_t tess_plat_dma_addr(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* identity */
}

void tess_plat_initrd(const void **base, size_t *len)
{
	*base = (const void *)(uintptr_t)kvm_boot_info.initrd_base;
	*len = (size_t)kvm_boot_info.initrd_size;
}
