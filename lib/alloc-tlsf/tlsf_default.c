/* SPDX-License-Identifier: BSD-3-Clause */
/* Builds the default heap with the TLSF allocator at boot. */

#include <tess/alloc-tlsf.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/init.h>

/* Compiled only with CONFIG_TESS_ALLOC_DEFAULT_TLSF (see Makefile.uk). */
static __tess_init int tlsf_default_heap_init(void)
{
	return tess_alloc_default_setup(tess_alloc_tlsf_init);
}
TESS_INIT(tlsf_default_heap_init, TESS_INIT_ALLOC);
