/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TLSF (two-level segregated fit) allocator, a backend of tess/alloc.h.
 *
 * Provides: tess_alloc_tlsf_init(), which turns a memory region into a
 * general-purpose heap. Use it through the tess/alloc.h wrappers: malloc,
 * free, realloc (shrinks in place, grows in place into a free neighbour,
 * else moves), memalign (any power of two), palloc/pfree (page-aligned
 * blocks), addmem (more regions), usable_size.
 *
 * Needs: lib/alloc. The heap's control structure (about 8.5 KiB of free
 * list heads and bitmaps) and every block header live inside the given
 * regions; no other memory is used.
 *
 * Promises:
 * - Blocks are 16-byte aligned; each carries a 16-byte header, and the
 *   smallest block takes 48 bytes of heap.
 * - malloc and free run in constant time: two bitmap scans find a free
 *   list whose blocks are all large enough (good fit, not best fit);
 *   a freed block merges with free physical neighbours at once, so a
 *   heap whose blocks are all freed is one free block per region again.
 *   A request can fail while a block that would fit exists in a smaller
 *   size class than the rounded request; the head of the request's own
 *   class is tried too, so a whole free region is always usable.
 * - Out of memory and sizes no region could hold give NULL and leave the
 *   heap untouched.
 * - With CONFIG_TESS_ALLOC_TLSF_CHECKS every header carries a check word
 *   (magic ^ address ^ size): freeing or resizing a pointer this heap did
 *   not hand out, a double free, a header overwritten by a neighbouring
 *   block's overflow, or a free block written after it was freed panics
 *   with a message naming the pointer. The checks add O(number of
 *   regions) to free, realloc and usable_size.
 * Thread-safety: none (single CPU). Complexity: O(1) per call, plus the
 * copy when realloc moves and O(regions) with the checks.
 */
#ifndef TESS_ALLOC_TLSF_H
#define TESS_ALLOC_TLSF_H

#include <stddef.h>

#include <tess/alloc.h>

/*
 * Builds a TLSF heap in [base, base + len), aligned inward to 16 bytes.
 * Returns the heap, or NULL if the region cannot hold the control
 * structure and one block.
 */
struct tess_alloc *tess_alloc_tlsf_init(void *base, size_t len);

#endif /* TESS_ALLOC_TLSF_H */
