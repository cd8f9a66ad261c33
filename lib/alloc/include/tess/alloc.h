/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory allocator interface: backends, wrappers, statistics, default heap.
 *
 * Provides: one interface, struct tess_alloc, that every heap backend
 * (lib/alloc-buddy, lib/alloc-tlsf, ...) implements, and the functions
 * callers use on any heap: tess_malloc, tess_calloc, tess_realloc,
 * tess_memalign, tess_free for byte-sized blocks, tess_palloc/tess_pfree
 * for whole pages, tess_alloc_addmem to give a heap more memory, and
 * statistics kept by these wrappers. It also holds the default heap, the
 * one built from the platform's memory map at boot by the backend chosen
 * in Kconfig ("Default heap backend").
 *
 * Needs: lib/debug (log lines, panic), the platform memory map
 * (tess/plat/memory.h) and a libc's string.h; lib/asan with
 * CONFIG_TESS_ASAN, which then watches the default heap: red zones after
 * every block, freed blocks poisoned and quarantined (docs/lib/alloc.md).
 *
 * Promises:
 * - Every wrapper validates its arguments: a zero size, a size no heap
 *   could hold (above PTRDIFF_MAX), a count * size that overflows or an
 *   alignment that is not a power of two >= sizeof(void *) gives NULL,
 *   never a short block. Out of memory gives NULL and changes nothing but
 *   the failure counter.
 * - An operation a backend does not implement is emulated when that is
 *   exact (pages through memalign, realloc through malloc + copy + free);
 *   otherwise the call fails (NULL or -ENOSYS) and the first such call
 *   logs which operation is missing. Never a fake success.
 * - Thread-safety: one CPU; every operation runs with interrupts masked
 *   (tess_plat_irq_save, a software flag), so a preemptive scheduler
 *   never switches threads inside a heap and interrupt handlers may
 *   allocate and free too.
 * - Complexity: the wrappers add O(1) to the backend's cost.
 */
#ifndef TESS_ALLOC_H
#define TESS_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tess_alloc;

/*
 * Operations a backend implements; any may be NULL (see above). The
 * wrappers have already validated the arguments: sizes and page counts
 * are > 0 and <= PTRDIFF_MAX bytes, ptr is not NULL, align is a power of
 * two >= sizeof(void *). A backend must return NULL rather than a block
 * smaller than asked.
 */
struct tess_alloc_ops {
	void *(*malloc)(struct tess_alloc *a, size_t size);
	void (*free)(struct tess_alloc *a, void *ptr);
	/* Resizes a live block (size > 0); on failure ptr is left as is. */
	void *(*realloc)(struct tess_alloc *a, void *ptr, size_t size);
	void *(*memalign)(struct tess_alloc *a, size_t align, size_t size);
	/* npages pages of TESS_PAGE_SIZE, page-aligned. A backend provides
	 * both palloc and pfree, or neither. */
	void *(*palloc)(struct tess_alloc *a, size_t npages);
	void (*pfree)(struct tess_alloc *a, void *ptr, size_t npages);
	/* Adds the region [base, base + len); returns 0 or -errno. */
	int (*addmem)(struct tess_alloc *a, void *base, size_t len);
	/* Bytes the caller may use at ptr (>= the size asked for). Needed
	 * by every backend that has malloc: statistics and realloc use it. */
	size_t (*usable_size)(struct tess_alloc *a, const void *ptr);
};

/*
 * Statistics of one heap. The backend keeps heap_bytes (bytes under its
 * management, without its fixed metadata) and free_bytes (of those, the
 * bytes not handed out: free blocks, their headers included); the wrappers
 * keep the rest. Blocks from palloc count npages pages.
 */
struct tess_alloc_stats {
	size_t heap_bytes;
	size_t free_bytes;
	size_t in_use_bytes; /* usable bytes of the live blocks */
	size_t peak_in_use_bytes;
	size_t live_blocks;   /* blocks allocated and not yet freed */
	uint64_t alloc_count; /* successful allocations */
	uint64_t free_count;  /* blocks freed */
	uint64_t fail_count;  /* requests (size > 0) answered with NULL */
};

/*
 * One heap. A backend embeds it in its own state, fills it with
 * tess_alloc_init() and hands out a pointer to it; callers treat it as
 * opaque and use the functions below.
 */
struct tess_alloc {
	const struct tess_alloc_ops *ops;
	const char *name; /* backend name, for log lines */
	struct tess_alloc_stats stats;
	unsigned int missing_logged; /* ops already reported missing */
};

/* Fills *a for a backend: ops, name, all statistics zero. */
void tess_alloc_init(struct tess_alloc *a, const struct tess_alloc_ops *ops,
		     const char *name);

/*
 * For backends: the part of [base, base + len) aligned inward to align (a
 * power of two), clamped at the top of the address space. Stores it in
 * [*start, *end) and returns whether it is non-empty.
 */
bool tess_alloc_region_align(void *base, size_t len, size_t align,
			     uintptr_t *start, uintptr_t *end);

/* Returns size bytes aligned to at least the backend's minimum alignment
 * (16 for TLSF, a page for buddy), or NULL (size 0, out of memory). */
void *tess_malloc(struct tess_alloc *a, size_t size);

/* Returns n * size zeroed bytes, or NULL (also when n * size overflows). */
void *tess_calloc(struct tess_alloc *a, size_t n, size_t size);

/*
 * Resizes ptr to size bytes, keeping the first min(old, new) bytes; may
 * move the block. ptr == NULL: same as tess_malloc. size == 0: frees ptr
 * and returns NULL. On failure returns NULL and ptr stays valid.
 */
void *tess_realloc(struct tess_alloc *a, void *ptr, size_t size);

/* Returns size bytes aligned to align, which must be a power of two and
 * >= sizeof(void *) (else NULL). Free the block with tess_free(). */
void *tess_memalign(struct tess_alloc *a, size_t align, size_t size);

/* Frees a block from tess_malloc/calloc/realloc/memalign; NULL is a
 * no-op. A pointer the heap did not hand out is a bug: backends with
 * integrity checks panic naming it. */
void tess_free(struct tess_alloc *a, void *ptr);

/* Returns npages (> 0) contiguous, page-aligned pages, or NULL. */
void *tess_palloc(struct tess_alloc *a, size_t npages);

/* Frees pages from tess_palloc; npages must be the count asked for (0
 * panics). NULL is a no-op. */
void tess_pfree(struct tess_alloc *a, void *ptr, size_t npages);

/* Gives the heap the region [base, base + len) (aligned inward by the
 * backend). Returns 0, -EINVAL (region unusable), -ENOSYS (backend
 * cannot grow). */
int tess_alloc_addmem(struct tess_alloc *a, void *base, size_t len);

/* Bytes usable at ptr, a live block from tess_malloc & co. (with the
 * address sanitizer: the size asked for); 0 for NULL or when the backend
 * cannot tell. */
size_t tess_alloc_usable_size(struct tess_alloc *a, const void *ptr);

/* Copies the heap's statistics to *out. */
void tess_alloc_stats_get(const struct tess_alloc *a,
			  struct tess_alloc_stats *out);

/*
 * The default heap: NULL until a backend's boot init (TESS_INIT_ALLOC)
 * has built it, and NULL for good when Kconfig chose no default backend.
 * The wrappers accept a NULL heap and return NULL / -EINVAL, logging once.
 */
struct tess_alloc *tess_alloc_default(void);
void tess_alloc_default_set(struct tess_alloc *a);

/*
 * For the default backend's boot init: builds a heap with create() on the
 * first usable region of the platform memory map, adds the other regions
 * with addmem and makes it the default heap. Returns 0, or -ENOMEM when
 * no region can hold a heap.
 */
int tess_alloc_default_setup(struct tess_alloc *(*create)(void *base,
							  size_t len));

#endif /* TESS_ALLOC_H */
