/* SPDX-License-Identifier: BSD-3-Clause */
/* Allocation wrappers: argument checks, emulation of missing ops, stats, masking. */

#include <errno.h>
#include <string.h>

#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>

#include "alloc_impl.h"

/* No heap can hold more: sizes above it are errors, and rejecting them
 * here spares every backend an overflow check on size + header. */
#define ALLOC_MAX_SIZE ((size_t)PTRDIFF_MAX)

/* Bits of tess_alloc.missing_logged. */
enum alloc_op {
	ALLOC_OP_MALLOC,
	ALLOC_OP_FREE,
	ALLOC_OP_REALLOC,
	ALLOC_OP_MEMALIGN,
	ALLOC_OP_PALLOC,
	ALLOC_OP_PFREE,
	ALLOC_OP_ADDMEM,
};

static const char *const alloc_op_name[] = {
	[ALLOC_OP_MALLOC] = "malloc",	[ALLOC_OP_FREE] = "free",
	[ALLOC_OP_REALLOC] = "realloc", [ALLOC_OP_MEMALIGN] = "memalign",
	[ALLOC_OP_PALLOC] = "palloc",	[ALLOC_OP_PFREE] = "pfree",
	[ALLOC_OP_ADDMEM] = "addmem",
};

bool tess_alloc_region_align(void *base, size_t len, size_t align,
			     uintptr_t *start, uintptr_t *end)
{
	uintptr_t first = (uintptr_t)base;
	uintptr_t last = len > UINTPTR_MAX - first ? UINTPTR_MAX : first + len;

	if (first > UINTPTR_MAX - align)
		return false;
	*start = TESS_ALIGN_UP(first, (uintptr_t)align);
	*end = TESS_ALIGN_DOWN(last, (uintptr_t)align);
	return *start < *end;
}

void tess_alloc_init(struct tess_alloc *a, const struct tess_alloc_ops *ops,
		     const char *name)
{
	memset(a, 0, sizeof(*a));
	a->ops = ops;
	a->name = name;
}

static void alloc_report_missing(struct tess_alloc *a, enum alloc_op op)
{
	if (a->missing_logged & (1u << op))
		return;
	a->missing_logged |= 1u << op;
	tess_pr_err("heap '%s' has no %s operation: the call fails", a->name,
		    alloc_op_name[op]);
}

/*
 * A NULL heap is what tess_alloc_default() returns before boot built one
 * or when no default backend is configured: allocations fail, loudly once.
 * Written only here; a lost update would at worst log twice.
 */
static int alloc_no_heap_logged;

static int alloc_heap_missing(const struct tess_alloc *a)
{
	if (a)
		return 0;
	if (!alloc_no_heap_logged) {
		alloc_no_heap_logged = 1;
		tess_pr_err("allocation without a heap (no default heap yet, "
			    "or no default heap backend selected)");
	}
	return 1;
}

static size_t alloc_block_size(struct tess_alloc *a, const void *ptr)
{
	return a->ops->usable_size ? a->ops->usable_size(a, ptr) : 0;
}

static void alloc_account_in_use(struct tess_alloc *a, size_t bytes)
{
	a->stats.in_use_bytes += bytes;
	if (a->stats.in_use_bytes > a->stats.peak_in_use_bytes)
		a->stats.peak_in_use_bytes = a->stats.in_use_bytes;
}

static void alloc_account_alloc(struct tess_alloc *a, size_t bytes)
{
	alloc_account_in_use(a, bytes);
	a->stats.live_blocks++;
	a->stats.alloc_count++;
}

static void alloc_account_free(struct tess_alloc *a, size_t bytes)
{
	a->stats.in_use_bytes -= bytes;
	a->stats.live_blocks--;
	a->stats.free_count++;
}

static void *alloc_failed(struct tess_alloc *a)
{
	a->stats.fail_count++;
	return NULL;
}

/* malloc, or memalign at the alignment C promises for malloc. */
static void *alloc_malloc_op(struct tess_alloc *a, size_t size)
{
	if (a->ops->malloc)
		return a->ops->malloc(a, size);
	if (a->ops->memalign)
		return a->ops->memalign(a, _Alignof(max_align_t), size);
	alloc_report_missing(a, ALLOC_OP_MALLOC);
	return NULL;
}

/* memalign, or malloc when align is 0. */
static void *alloc_block_op(struct tess_alloc *a, size_t align, size_t size)
{
	if (align == 0)
		return alloc_malloc_op(a, size);
	if (a->ops->memalign)
		return a->ops->memalign(a, align, size);
	alloc_report_missing(a, ALLOC_OP_MEMALIGN);
	return NULL;
}

/* Common path of malloc and memalign (align 0: malloc's alignment). */
static void *alloc_block(struct tess_alloc *a, size_t align, size_t size)
{
	size_t redzone = alloc_asan_redzone(a), usable;
	void *ptr;

	if (size > ALLOC_MAX_SIZE - redzone)
		return alloc_failed(a);
	ptr = alloc_block_op(a, align, size + redzone);
	if (!ptr && alloc_asan_drain(a))
		ptr = alloc_block_op(a, align, size + redzone);
	if (!ptr)
		return alloc_failed(a);
	usable = alloc_block_size(a, ptr);
	alloc_account_alloc(a, usable);
	alloc_asan_block_out(a, ptr, size, usable);
	return ptr;
}

static void *heap_malloc(struct tess_alloc *a, size_t size)
{
	if (alloc_heap_missing(a) || size == 0)
		return NULL;
	return alloc_block(a, 0, size);
}

static void *heap_calloc(struct tess_alloc *a, size_t n, size_t size)
{
	size_t total;
	void *ptr;

	if (alloc_heap_missing(a))
		return NULL;
	if (__builtin_mul_overflow(n, size, &total))
		return alloc_failed(a);
	ptr = tess_malloc(a, total);
	if (ptr)
		memset(ptr, 0, total);
	return ptr;
}

/* realloc for a backend without one: a new block, a copy, a free. */
static void *alloc_realloc_move(struct tess_alloc *a, void *ptr,
				size_t old_size, size_t size)
{
	void *moved;

	if (!a->ops->usable_size || !a->ops->free) {
		alloc_report_missing(a, ALLOC_OP_REALLOC);
		return NULL;
	}
	moved = alloc_malloc_op(a, size);
	if (!moved)
		return NULL;
	memcpy(moved, ptr, TESS_MIN(old_size, size));
	a->ops->free(a, ptr);
	return moved;
}

/*
 * realloc on a heap with address sanitizer red zones: the block always
 * moves, so any stale pointer to the old one is a reported use after free.
 */
static void *alloc_realloc_checked(struct tess_alloc *a, void *ptr, size_t size)
{
	size_t old_size;
	void *moved;

	old_size = alloc_asan_block_size(a, ptr, alloc_block_size(a, ptr));
	moved = tess_malloc(a, size);
	if (!moved)
		return NULL;
	memcpy(moved, ptr, TESS_MIN(old_size, size));
	tess_free(a, ptr);
	return moved;
}

static void *heap_realloc(struct tess_alloc *a, void *ptr, size_t size)
{
	size_t old_size;
	void *resized;

	if (!ptr)
		return tess_malloc(a, size);
	if (size == 0) {
		tess_free(a, ptr);
		return NULL;
	}
	if (alloc_heap_missing(a))
		tess_panic("realloc(%p) without a heap", ptr);
	if (size > ALLOC_MAX_SIZE)
		return alloc_failed(a);
	if (alloc_asan_redzone(a))
		return alloc_realloc_checked(a, ptr, size);

	old_size = alloc_block_size(a, ptr);
	if (a->ops->realloc)
		resized = a->ops->realloc(a, ptr, size);
	else
		resized = alloc_realloc_move(a, ptr, old_size, size);
	if (!resized)
		return alloc_failed(a);
	a->stats.in_use_bytes -= old_size;
	alloc_account_in_use(a, alloc_block_size(a, resized));
	return resized;
}

static void *heap_memalign(struct tess_alloc *a, size_t align, size_t size)
{
	if (alloc_heap_missing(a) || size == 0)
		return NULL;
	if (!TESS_IS_POW2(align) || align < sizeof(void *))
		return alloc_failed(a);
	return alloc_block(a, align, size);
}

static void heap_free(struct tess_alloc *a, void *ptr)
{
	size_t size;

	if (!ptr)
		return;
	if (alloc_heap_missing(a))
		tess_panic("free(%p) without a heap", ptr);
	if (!a->ops->free) {
		/* The block stays allocated, and the stats say so. */
		alloc_report_missing(a, ALLOC_OP_FREE);
		return;
	}
	size = alloc_block_size(a, ptr);
	alloc_account_free(a, size);
	/* With the address sanitizer the block may wait in quarantine, and
	 * an older one be freed instead. */
	ptr = alloc_asan_block_back(a, ptr, size);
	if (ptr)
		a->ops->free(a, ptr);
}

static void *heap_palloc(struct tess_alloc *a, size_t npages)
{
	void *ptr;

	if (alloc_heap_missing(a) || npages == 0)
		return NULL;
	if (npages > ALLOC_MAX_SIZE / TESS_PAGE_SIZE)
		return alloc_failed(a);
	if (a->ops->palloc) {
		ptr = a->ops->palloc(a, npages);
	} else if (a->ops->memalign) {
		ptr = a->ops->memalign(a, TESS_PAGE_SIZE,
				       npages * TESS_PAGE_SIZE);
	} else {
		alloc_report_missing(a, ALLOC_OP_PALLOC);
		ptr = NULL;
	}
	if (!ptr)
		return alloc_failed(a);
	alloc_account_alloc(a, npages * TESS_PAGE_SIZE);
	alloc_asan_pages_out(a, ptr, npages * TESS_PAGE_SIZE);
	return ptr;
}

static void heap_pfree(struct tess_alloc *a, void *ptr, size_t npages)
{
	if (!ptr)
		return;
	if (alloc_heap_missing(a))
		tess_panic("pfree(%p) without a heap", ptr);
	if (npages == 0)
		tess_panic("pfree(%p) of 0 pages", ptr);
	if (a->ops->palloc && !a->ops->pfree) {
		alloc_report_missing(a, ALLOC_OP_PFREE);
		return;
	}
	alloc_asan_pages_back(a, ptr, npages * TESS_PAGE_SIZE);
	if (a->ops->pfree) {
		a->ops->pfree(a, ptr, npages);
	} else if (a->ops->free) {
		/* tess_palloc emulated the pages with memalign. */
		a->ops->free(a, ptr);
	} else {
		alloc_report_missing(a, ALLOC_OP_FREE);
		return;
	}
	alloc_account_free(a, npages * TESS_PAGE_SIZE);
}

static int heap_addmem(struct tess_alloc *a, void *base, size_t len)
{
	if (alloc_heap_missing(a) || !base || len == 0)
		return -EINVAL;
	if (!a->ops->addmem) {
		alloc_report_missing(a, ALLOC_OP_ADDMEM);
		return -ENOSYS;
	}
	return a->ops->addmem(a, base, len);
}

/*
 * The public operations, each run with interrupts masked: a heap is
 * shared by every thread, and under a preemptive scheduler a thread may
 * otherwise be switched out in the middle of a backend's list surgery.
 * Masking is a software flag (no trap); it also makes the heap usable
 * from interrupt handlers. Nested calls (calloc -> malloc) nest the mask.
 */

void *tess_malloc(struct tess_alloc *a, size_t size)
{
	bool was = tess_plat_irq_save();
	void *ret = heap_malloc(a, size);

	tess_plat_irq_restore(was);
	return ret;
}

void *tess_calloc(struct tess_alloc *a, size_t n, size_t size)
{
	bool was = tess_plat_irq_save();
	void *ret = heap_calloc(a, n, size);

	tess_plat_irq_restore(was);
	return ret;
}

void *tess_realloc(struct tess_alloc *a, void *ptr, size_t size)
{
	bool was = tess_plat_irq_save();
	void *ret = heap_realloc(a, ptr, size);

	tess_plat_irq_restore(was);
	return ret;
}

void *tess_memalign(struct tess_alloc *a, size_t align, size_t size)
{
	bool was = tess_plat_irq_save();
	void *ret = heap_memalign(a, align, size);

	tess_plat_irq_restore(was);
	return ret;
}

void tess_free(struct tess_alloc *a, void *ptr)
{
	bool was = tess_plat_irq_save();

	heap_free(a, ptr);
	tess_plat_irq_restore(was);
}

void *tess_palloc(struct tess_alloc *a, size_t npages)
{
	bool was = tess_plat_irq_save();
	void *ret = heap_palloc(a, npages);

	tess_plat_irq_restore(was);
	return ret;
}

void tess_pfree(struct tess_alloc *a, void *ptr, size_t npages)
{
	bool was = tess_plat_irq_save();

	heap_pfree(a, ptr, npages);
	tess_plat_irq_restore(was);
}

int tess_alloc_addmem(struct tess_alloc *a, void *base, size_t len)
{
	bool was = tess_plat_irq_save();
	int ret = heap_addmem(a, base, len);

	tess_plat_irq_restore(was);
	return ret;
}

size_t tess_alloc_usable_size(struct tess_alloc *a, const void *ptr)
{
	if (!a || !ptr)
		return 0;
	/* With red zones, only the size asked for may be used. */
	return alloc_asan_block_size(a, ptr, alloc_block_size(a, ptr));
}

void tess_alloc_stats_get(const struct tess_alloc *a,
			  struct tess_alloc_stats *out)
{
	if (a)
		*out = a->stats;
	else
		memset(out, 0, sizeof(*out));
}
