/* SPDX-License-Identifier: BSD-3-Clause */
/* Anonymous mappings: whole heap pages, tracked for munmap/mprotect/mremap. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>
#include <tess/posix-mmap.h>
#include <tess/syscall.h>

/* Flags that change nothing here: the memory is always populated, never
 * reserved lazily, and stacks need no special treatment. */
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE  0x8000
#define MAP_STACK     0x20000
#define MAP_GROWSDOWN 0x0100
#define MAP_IGNORED   (MAP_NORESERVE | MAP_POPULATE | MAP_STACK | MAP_GROWSDOWN)
#define BITS_PER_LONG (8 * sizeof(unsigned long))

struct mapping {
	struct mapping *next;
	uintptr_t base;
	size_t pages;
	void *file; /* a shared file mapping's handle, or NULL */
	size_t dead; /* pages unmapped so far */
	/* Three bitmaps of `pages` bits: unmapped, PROT_NONE, and guarded
	 * (made inaccessible: a page in either of the first two, where the
	 * platform can). */
	unsigned long bits[];
};

/* Every live mapping; changed with interrupts masked. */
static struct mapping *mappings;

/* The file layer (lib/posix-fs), once it registered. */
static const struct tess_mmap_file_ops *file_ops;

void tess_mmap_file_register(const struct tess_mmap_file_ops *ops)
{
	file_ops = ops;
}

/* Shared file mappings whose pages went with interrupts masked: the file
 * layer forgets them once they are unmasked (it takes locks). */
static void *unmapped_files[16];
static unsigned unmapped_count;

static void unmap_later(void *file)
{
	if (unmapped_count < sizeof(unmapped_files) / sizeof(*unmapped_files))
		unmapped_files[unmapped_count++] = file;
	else
		file_ops->unmap(file); /* not reached: 16 in one munmap */
}

static void unmap_files(void)
{
	for (;;) {
		bool was = tess_plat_irq_save();
		void *file = unmapped_count ? unmapped_files[--unmapped_count]
					    : NULL;

		tess_plat_irq_restore(was);
		if (!file)
			return;
		file_ops->unmap(file);
	}
}

static size_t map_words(size_t pages)
{
	return (pages + BITS_PER_LONG - 1) / BITS_PER_LONG;
}

static unsigned long *dead_bits(struct mapping *m)
{
	return m->bits;
}

static unsigned long *none_bits(struct mapping *m)
{
	return m->bits + map_words(m->pages);
}

static unsigned long *guard_bits(struct mapping *m)
{
	return m->bits + 2 * map_words(m->pages);
}

static bool bit_get(const unsigned long *map, size_t i)
{
	return map[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG));
}

static void bit_set(unsigned long *map, size_t i, bool value)
{
	if (value)
		map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	else
		map[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
}

/* Makes page i of m accessible or not; a platform that cannot protect
 * pages leaves them accessible and says so once. */
static void page_guard(struct mapping *m, size_t i, bool guard)
{
	static bool logged;
	int err;

	if (bit_get(guard_bits(m), i) == guard)
		return;
	err = tess_plat_memory_guard((void *)(m->base + i * TESS_PAGE_SIZE),
				     TESS_PAGE_SIZE, guard);
	if (!err)
		bit_set(guard_bits(m), i, guard);
	else if (!logged) {
		logged = true;
		tess_pr_warn(
			"mmap: this platform cannot make pages inaccessible "
			"(%d): PROT_NONE and unmapped pages stay readable",
			err);
	}
}

/* The mapping holding [addr, addr + len), page-aligned, len > 0. */
static struct mapping *mapping_find(uintptr_t addr, size_t len)
{
	for (struct mapping *m = mappings; m; m = m->next) {
		uintptr_t end = m->base + m->pages * TESS_PAGE_SIZE;

		if (addr >= m->base && addr < end && len <= end - addr)
			return m;
	}
	return NULL;
}

/* The pages of m inside [addr, addr + len): how many, and from which
 * index (*first). A range may cover parts of several mappings, as on
 * Linux, where munmap, mprotect and madvise work across them. */
static size_t mapping_overlap(const struct mapping *m, uintptr_t addr,
			      size_t len, size_t *first)
{
	uintptr_t end = m->base + m->pages * TESS_PAGE_SIZE;
	uintptr_t from = addr > m->base ? addr : m->base;
	uintptr_t to = addr + len < end ? addr + len : end;

	*first = 0;
	if (from >= to)
		return 0;
	*first = (from - m->base) / TESS_PAGE_SIZE;
	return (to - from) / TESS_PAGE_SIZE;
}

/* How many pages of [addr, addr + len) are mapped (in some mapping and
 * not unmapped since). */
static size_t pages_mapped(uintptr_t addr, size_t len)
{
	size_t mapped = 0, first, count;

	for (const struct mapping *m = mappings; m; m = m->next) {
		count = mapping_overlap(m, addr, len, &first);
		for (size_t i = first; i < first + count; i++)
			mapped += !bit_get(m->bits, i);
	}
	return mapped;
}

/* Page-aligned, non-empty, and not wrapping around the address space:
 * rounds *len up to whole pages. */
static long range_check(uintptr_t addr, size_t *len)
{
	if (addr % TESS_PAGE_SIZE || *len == 0 ||
	    *len > SIZE_MAX - TESS_PAGE_SIZE)
		return -EINVAL;
	*len = TESS_ALIGN_UP(*len, (size_t)TESS_PAGE_SIZE);
	if (*len > UINTPTR_MAX - addr)
		return -EINVAL;
	return 0;
}

static void mapping_release(struct mapping *m)
{
	struct mapping **link = &mappings;

	while (*link != m)
		link = &(*link)->next;
	*link = m->next;
	if (m->file)
		unmap_later(m->file);
	for (size_t i = 0; i < m->pages; i++)
		page_guard(m, i, false);
	tess_pfree(tess_alloc_default(), (void *)m->base, m->pages);
	tess_free(tess_alloc_default(), m);
}

TESS_SYSCALL_DEFINE6(mmap, void *, addr, size_t, len, int, prot, int, flags,
		     int, fd, long, offset)
{
	bool anon = flags & TESS_MAP_ANONYMOUS;
	int share = flags & (TESS_MAP_PRIVATE | TESS_MAP_SHARED);
	struct mapping *m;
	void *file = NULL;
	size_t pages;
	void *base;
	bool was;

	(void)addr; /* a hint only */
	if (len == 0 || len > SIZE_MAX - TESS_PAGE_SIZE)
		return -EINVAL;
	/* MAP_SHARED_VALIDATE (both bits) is MAP_SHARED that checks its
	 * flags, which this always does. */
	if ((flags & ~(TESS_MAP_PRIVATE | TESS_MAP_SHARED | TESS_MAP_ANONYMOUS |
		       MAP_IGNORED)) ||
	    !share || (anon && share != TESS_MAP_PRIVATE))
		return -EINVAL;
	if (!anon && (offset < 0 || offset % (long)TESS_PAGE_SIZE))
		return -EINVAL;
	if (!anon && !file_ops)
		return -ENODEV;
	if (prot & ~(TESS_PROT_READ | TESS_PROT_WRITE | TESS_PROT_EXEC))
		return -EINVAL;
	if (prot & TESS_PROT_EXEC)
		return -EACCES;
	pages = TESS_ALIGN_UP(len, (size_t)TESS_PAGE_SIZE) / TESS_PAGE_SIZE;
	m = tess_calloc(tess_alloc_default(), 1,
			sizeof(*m) +
				3 * map_words(pages) * sizeof(unsigned long));
	if (!m)
		return -ENOMEM;
	base = tess_palloc(tess_alloc_default(), pages);
	if (!base) {
		tess_free(tess_alloc_default(), m);
		return -ENOMEM;
	}
	memset(base, 0, pages * TESS_PAGE_SIZE);
	if (!anon) {
		long err = file_ops->map(fd, offset, base, len, prot,
					 share == TESS_MAP_PRIVATE
						 ? TESS_MAP_PRIVATE
						 : TESS_MAP_SHARED,
					 &file);

		if (err) {
			tess_pfree(tess_alloc_default(), base, pages);
			tess_free(tess_alloc_default(), m);
			return err;
		}
	}
	m->base = (uintptr_t)base;
	m->pages = pages;
	m->file = file;
	if (prot == TESS_PROT_NONE) {
		for (size_t i = 0; i < pages; i++) {
			bit_set(none_bits(m), i, true);
			page_guard(m, i, true);
		}
	}
	was = tess_plat_irq_save();
	m->next = mappings;
	mappings = m;
	tess_plat_irq_restore(was);
	return (long)m->base;
}

/* Unmaps `count` pages of m from index `first`; frees m when none is left.
 * Unmapping all that is left at once frees the pages without guarding
 * them first; a part is made inaccessible until the rest goes too. */
static void mapping_unmap(struct mapping *m, size_t first, size_t count)
{
	size_t live = 0;
	bool whole;

	for (size_t i = first; i < first + count; i++)
		live += !bit_get(dead_bits(m), i);
	whole = m->dead + live == m->pages;
	for (size_t i = first; i < first + count; i++) {
		if (bit_get(dead_bits(m), i))
			continue;
		bit_set(dead_bits(m), i, true);
		m->dead++;
		if (!whole && !bit_get(none_bits(m), i))
			page_guard(m, i, true);
	}
	if (m->dead == m->pages)
		mapping_release(m);
}

TESS_SYSCALL_DEFINE2(munmap, void *, addr, size_t, len)
{
	uintptr_t start = (uintptr_t)addr;
	long err = range_check(start, &len);
	struct mapping *m, *next;
	size_t first, count;
	bool was;

	if (err)
		return err;
	/* A shared file mapping is written back while all its pages can
	 * still be read (a partial unmap makes some inaccessible). */
	for (m = mappings; m; m = m->next)
		if (m->file && mapping_overlap(m, start, len, &first))
			file_ops->sync(m->file);
	/* Every mapping the range touches loses its pages in it; unmapping
	 * what is not mapped is not an error (Linux). */
	was = tess_plat_irq_save();
	for (m = mappings; m; m = next) {
		next = m->next;
		count = mapping_overlap(m, start, len, &first);
		if (count)
			mapping_unmap(m, first, count);
	}
	tess_plat_irq_restore(was);
	unmap_files();
	return 0;
}

TESS_SYSCALL_DEFINE3(mprotect, void *, addr, size_t, len, int, prot)
{
	uintptr_t start = (uintptr_t)addr;
	long err = range_check(start, &len);
	bool none = prot == TESS_PROT_NONE, was;
	size_t first, count;

	if (err)
		return err;
	if (prot & ~(TESS_PROT_READ | TESS_PROT_WRITE | TESS_PROT_EXEC))
		return -EINVAL;
	if (prot & TESS_PROT_EXEC)
		return -EACCES;
	/* All of the range must be mapped, possibly by several mappings;
	 * otherwise nothing changes. */
	was = tess_plat_irq_save();
	if (pages_mapped(start, len) != len / TESS_PAGE_SIZE) {
		tess_plat_irq_restore(was);
		return -ENOMEM;
	}
	for (struct mapping *m = mappings; m; m = m->next) {
		count = mapping_overlap(m, start, len, &first);
		for (size_t i = first; i < first + count; i++) {
			bit_set(none_bits(m), i, none);
			page_guard(m, i, none);
		}
	}
	tess_plat_irq_restore(was);
	return 0;
}

TESS_SYSCALL_DEFINE5(mremap, void *, old_addr, size_t, old_len, size_t, new_len,
		     int, flags, void *, new_addr)
{
	uintptr_t start = (uintptr_t)old_addr;
	long err = range_check(start, &old_len);
	struct mapping *m;
	bool was, whole;
	long moved;

	(void)new_addr;
	if (err)
		return err;
	if (flags & ~TESS_MREMAP_MAYMOVE || new_len == 0)
		return -EINVAL;
	new_len = TESS_ALIGN_UP(new_len, (size_t)TESS_PAGE_SIZE);
	was = tess_plat_irq_save();
	m = mapping_find(start, old_len);
	whole = m && m->base == start && !m->dead &&
		old_len == m->pages * TESS_PAGE_SIZE;
	tess_plat_irq_restore(was);
	if (!whole)
		return -EFAULT;
	if (m->file && new_len != old_len)
		return -EINVAL; /* a shared file mapping stays as made */
	if (new_len <= old_len) {
		if (new_len < old_len)
			tess_sys_munmap((void *)(start + new_len),
					old_len - new_len);
		return (long)start;
	}
	if (!(flags & TESS_MREMAP_MAYMOVE))
		return -ENOMEM;
	moved = tess_sys_mmap(NULL, new_len, TESS_PROT_READ | TESS_PROT_WRITE,
			      TESS_MAP_PRIVATE | TESS_MAP_ANONYMOUS, -1, 0);
	if (moved < 0)
		return moved;
	/* PROT_NONE pages of the old mapping cannot be read: copy the rest. */
	for (size_t i = 0; i < m->pages; i++)
		if (!bit_get(none_bits(m), i))
			memcpy((void *)(moved + (long)(i * TESS_PAGE_SIZE)),
			       (void *)(start + i * TESS_PAGE_SIZE),
			       TESS_PAGE_SIZE);
	tess_sys_munmap(old_addr, old_len);
	return moved;
}

TESS_SYSCALL_DEFINE3(madvise, void *, addr, size_t, len, int, advice)
{
	uintptr_t start = (uintptr_t)addr;
	long err = range_check(start, &len);
	size_t first, count;
	bool was, all;

	if (err)
		return err;
	/* As on Linux, the mapped parts get the advice and a range with
	 * unmapped pages is -ENOMEM; advice other than DONTNEED is advice
	 * only. */
	was = tess_plat_irq_save();
	all = pages_mapped(start, len) == len / TESS_PAGE_SIZE;
	for (struct mapping *m = mappings; m && advice == TESS_MADV_DONTNEED;
	     m = m->next) {
		count = mapping_overlap(m, start, len, &first);
		for (size_t i = first; i < first + count; i++)
			if (!bit_get(dead_bits(m), i) &&
			    !bit_get(none_bits(m), i))
				memset((void *)(m->base + i * TESS_PAGE_SIZE),
				       0, TESS_PAGE_SIZE);
	}
	tess_plat_irq_restore(was);
	return all ? 0 : -ENOMEM;
}

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC	      4

TESS_SYSCALL_DEFINE3(msync, void *, addr, size_t, len, int, flags)
{
	uintptr_t start = (uintptr_t)addr;
	size_t first;
	long err;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC) ||
	    (flags & MS_ASYNC && flags & MS_SYNC))
		return -EINVAL;
	if (len == 0)
		return start % TESS_PAGE_SIZE ? -EINVAL : 0;
	err = range_check(start, &len);
	if (err)
		return err;
	if (pages_mapped(start, len) != len / TESS_PAGE_SIZE)
		return -ENOMEM;
	for (struct mapping *m = mappings; m; m = m->next) {
		if (m->file && mapping_overlap(m, start, len, &first)) {
			err = file_ops->sync(m->file);
			if (err)
				return err;
		}
	}
	return 0;
}

TESS_SYSCALL_DEFINE1(brk, unsigned long, addr)
{
	(void)addr;
	return 0;
}
