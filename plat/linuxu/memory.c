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

/*
 * The initrd: plat.initrd=PATH (tess run --initrd gives it), mapped
 * read-only from the host file at TESS_INIT_PLAT. A file that cannot be
 * opened or mapped stops the boot, naming it.
 */
#define SYS_open_host  2
#define SYS_close_host 3
#define SYS_lseek_host 8
static const char *initrd_path;
static const void *initrd_base;
static size_t initrd_len;

static int initrd_param(const char *value)
{
	initrd_path = *value ? value : NULL;
	return 0;
}
TESS_PARAM(plat_initrd, "plat.initrd", initrd_param,
	   "a cpio archive (newc) to unpack into the root file system");

static int initrd_map(void)
{
	long fd, size, addr;

	if (!initrd_path)
		return 0;
	fd = linuxu_syscall6(SYS_open_host, (long)initrd_path,
			     0 /* O_RDONLY */ | 02000000 /* O_CLOEXEC */, 0, 0,
			     0, 0);
	if (fd < 0) {
		tess_pr_err("plat.initrd=%s: cannot open it (error %ld)",
			    initrd_path, -fd);
		return (int)fd;
	}
	size = linuxu_syscall6(SYS_lseek_host, fd, 0, 2 /* SEEK_END */, 0, 0,
			       0);
	addr = size > 0 ? linuxu_syscall6(SYS_mmap, 0, size, LINUX_PROT_READ,
					  LINUX_MAP_PRIVATE, fd, 0)
			: size;
	linuxu_syscall6(SYS_close_host, fd, 0, 0, 0, 0, 0);
	if (size <= 0 || addr < 0) {
		tess_pr_err("plat.initrd=%s: %s", initrd_path,
			    size == 0 ? "an empty file"
				      : "not a file that can be mapped");
		return size == 0 ? -EINVAL : (int)(size < 0 ? size : addr);
	}
	initrd_base = (const void *)addr;
	initrd_len = (size_t)size;
	return 0;
}
TESS_INIT(initrd_map, TESS_INIT_PLAT);

void tess_plat_initrd(const void **base, size_t *len)
{
	*base = initrd_base;
	*len = initrd_len;
}
