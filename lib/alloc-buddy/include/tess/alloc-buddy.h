/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Binary buddy page allocator, a backend of tess/alloc.h.
 *
 * Provides: tess_alloc_buddy_init(), which turns a memory region into a
 * heap of 4096-byte pages handed out in blocks of 2^order pages, order 0
 * to CONFIG_TESS_ALLOC_BUDDY_MAX_ORDER. Use it through the tess/alloc.h
 * wrappers:
 * - tess_palloc(a, n) returns exactly n pages (the rest of the 2^order
 *   block goes back at once), aligned to 4096 << ceil(log2(n)), e.g. a
 *   512-page request is 2 MiB aligned. tess_pfree(a, p, n) takes the
 *   same n.
 * - tess_malloc/tess_memalign round up to whole pages (page-aligned, or
 *   more for memalign); tess_free finds the size by itself. realloc
 *   shrinks in place and moves to grow. Small objects belong on a TLSF
 *   heap instead.
 * - tess_alloc_addmem adds more regions; blocks never span two regions.
 * Needs: lib/alloc. All metadata (one byte per page and a small header)
 * lives at the start of each region; no other memory is used.
 *
 * Promises: freed blocks merge with their free buddies at once, so a heap
 * whose blocks are all freed is back in its initial state. The page map
 * makes every free checkable: a pointer this heap did not hand out, one
 * that is already free, one inside an allocation, the wrong call
 * (tess_free on palloc pages and the reverse) or a pfree page count that
 * differs from the allocation's panics with a message naming the pointer.
 * CONFIG_TESS_ALLOC_BUDDY_CHECKS adds checks of the free lists' links,
 * which catch memory written after it was freed.
 * Thread-safety: none (single CPU). Complexity: O(max order + number of
 * regions) per call, plus O(pages) to update the page map.
 */
#ifndef TESS_ALLOC_BUDDY_H
#define TESS_ALLOC_BUDDY_H

#include <stddef.h>

#include <tess/alloc.h>

/*
 * Builds a buddy heap in [base, base + len), aligned inward to pages.
 * Returns the heap, or NULL if the region cannot hold the metadata and at
 * least one page.
 */
struct tess_alloc *tess_alloc_buddy_init(void *base, size_t len);

#endif /* TESS_ALLOC_BUDDY_H */
