/* SPDX-License-Identifier: BSD-3-Clause */
/* TLSF internals shared by its sources and its tests. */
#ifndef TESS_ALLOC_TLSF_IMPL_H
#define TESS_ALLOC_TLSF_IMPL_H

#include <stddef.h>

#include <tess/alloc.h>

#define TLSF_ALIGN     16 /* block and payload alignment */
#define TLSF_HEADER    16 /* bytes of header before each payload */
#define TLSF_MIN_BLOCK 48 /* header, free-list links, footer */

/*
 * What is wrong with freeing (or resizing) ptr, or NULL if it is a live
 * block of this heap. Never panics. Without CONFIG_TESS_ALLOC_TLSF_CHECKS
 * headers carry no check word and only the bounds are checked.
 */
const char *tlsf_free_problem(struct tess_alloc *a, const void *ptr);

/* Number of free blocks in the heap (walks every free list). */
size_t tlsf_free_block_count(struct tess_alloc *a);

#endif /* TESS_ALLOC_TLSF_IMPL_H */
