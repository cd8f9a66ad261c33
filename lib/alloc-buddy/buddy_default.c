/* SPDX-License-Identifier: BSD-3-Clause */
/* Builds the default heap with the buddy allocator at boot. */

#include <tess/alloc-buddy.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/init.h>

/* Compiled only with CONFIG_TESS_ALLOC_DEFAULT_BUDDY (see Makefile.uk). */
static __tess_init int buddy_default_heap_init(void)
{
	return tess_alloc_default_setup(tess_alloc_buddy_init);
}
TESS_INIT(buddy_default_heap_init, TESS_INIT_ALLOC);
