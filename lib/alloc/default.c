/* SPDX-License-Identifier: BSD-3-Clause */
/* The default heap and its construction from the platform memory map. */

#include <errno.h>

#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/memory.h>

#include "alloc_impl.h"

/*
 * Written by the default backend's boot init (TESS_INIT_ALLOC, before any
 * other library allocates) or by an application that installs its own
 * heap; read by everyone through tess_alloc_default().
 */
static struct tess_alloc *alloc_default_heap;

struct tess_alloc *tess_alloc_default(void)
{
	return alloc_default_heap;
}

void tess_alloc_default_set(struct tess_alloc *a)
{
	alloc_default_heap = a;
}

int alloc_heap_from_regions(
	struct tess_alloc *(*create)(void *base, size_t len),
	int (*region_get)(unsigned int idx,
			  struct tess_plat_memory_region *region),
	struct tess_alloc **out)
{
	struct tess_plat_memory_region region;
	struct tess_alloc *heap = NULL;
	unsigned int idx, used = 0;
	int ret;

	for (idx = 0; (ret = region_get(idx, &region)) == 0; idx++) {
		void *base = (void *)region.base;

		if (!heap) {
			heap = create(base, region.len);
			ret = heap ? 0 : -EINVAL;
		} else {
			ret = tess_alloc_addmem(heap, base, region.len);
		}
		if (ret < 0) {
			tess_pr_warn("memory region %u (%#lx, %zu bytes) "
				     "not usable for the heap (%d), skipped",
				     idx, (unsigned long)region.base,
				     region.len, ret);
			continue;
		}
		used++;
	}
	if (ret != -ENOENT)
		tess_pr_warn("memory map stopped at region %u: error %d", idx,
			     ret);
	if (!heap) {
		tess_pr_err("no memory region can hold a heap (%u listed)",
			    idx);
		return -ENOMEM;
	}
	tess_pr_info("heap '%s': %zu KiB in %u region(s)", heap->name,
		     heap->stats.heap_bytes >> 10, used);
	*out = heap;
	return 0;
}

__tess_init int
tess_alloc_default_setup(struct tess_alloc *(*create)(void *base, size_t len))
{
	struct tess_alloc *heap;
	int ret;

	ret = alloc_heap_from_regions(create, alloc_asan_region_get, &heap);
	if (ret < 0)
		return ret;
	alloc_asan_watch(heap);
	tess_alloc_default_set(heap);
	return 0;
}
