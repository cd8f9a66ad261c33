/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu memory: one anonymous mapping, sized by plat.mem, given to allocators. */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/memory.h>

#include "linuxu.h"

/* Set by the plat.mem option before init runs; read once by memory_init. */
static unsigned long memory_size = (unsigned long)CONFIG_TESS_PLAT_LINUXU_MEM_MIB << 20;
/* The single region; written once at TESS_INIT_PLAT. */
static struct tess_plat_memory_region heap_region;

/* Mapping limit: far below the 47-bit user address space, and a typo such
 * as plat.mem=64G instead of 64M gets a clear error. */
#define MEMORY_MAX (64UL << 30)

static int memory_param(const char *value)
{
	unsigned long size;
	int err = tess_param_parse_size(value, &size);

	if (err)
		return err;
	if (size < TESS_PAGE_SIZE || size > MEMORY_MAX) {
		tess_pr_err("plat.mem=%s: must be between 4K and 64G", value);
		return -ERANGE;
	}
	memory_size = TESS_ALIGN_UP(size, TESS_PAGE_SIZE);
	return 0;
}
TESS_PARAM(plat_mem, "plat.mem", memory_param,
	   "memory given to the image, e.g. 64M (default from Kconfig)");

static int memory_init(void)
{
	long addr = linuxu_syscall6(SYS_mmap, 0, (long)memory_size,
				    LINUX_PROT_READ | LINUX_PROT_WRITE,
				    LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS |
					    LINUX_MAP_NORESERVE,
				    -1, 0);

	if (addr < 0 && addr > -4096) {
		tess_pr_err("cannot map %lu bytes of memory: error %ld",
			    memory_size, -addr);
		return (int)addr;
	}
	heap_region.base = (uintptr_t)addr;
	heap_region.len = memory_size;
	return 0;
}
TESS_INIT(memory_init, TESS_INIT_PLAT);

int tess_plat_memory_region_get(unsigned int idx,
				struct tess_plat_memory_region *out)
{
	if (idx > 0 || heap_region.len == 0)
		return -ENOENT;
	*out = heap_region;
	return 0;
}

uint64_t tess_plat_dma_addr(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* identity */
}
