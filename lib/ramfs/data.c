/* SPDX-License-Identifier: BSD-3-Clause */
/* ramfs file data: 4 KiB pages in an array indexed by offset / 4096,
 * NULL for a hole; reads, writes, truncation, symbolic link targets. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>

#include "ramfs_impl.h"

/* Linux's cap on the bytes one read or write moves (MAX_RW_COUNT). */
#define RW_MAX 0x7ffff000L

static void page_free(struct ramfs_node *node, size_t i)
{
	struct ramfs_file *f = &node->u.file;

	if (!f->pages[i])
		return;
	tess_pfree(tess_alloc_default(), f->pages[i], 1);
	f->pages[i] = NULL;
	f->present--;
	node->fs->data_bytes -= RAMFS_PAGE;
}

void ramfs_file_free(struct ramfs_node *node)
{
	struct ramfs_file *f = &node->u.file;

	for (size_t i = 0; i < f->slots; i++)
		page_free(node, i);
	tess_free(tess_alloc_default(), f->pages);
	f->pages = NULL;
	f->slots = 0;
}

/* A smaller page array after a truncation: a saving, not a need, so on
 * failure the old one stays. */
static void slots_shrink(struct ramfs_file *f, size_t keep)
{
	char **pages;

	if (keep == 0) {
		tess_free(tess_alloc_default(), f->pages);
		f->pages = NULL;
		f->slots = 0;
		return;
	}
	pages = tess_realloc(tess_alloc_default(), f->pages,
			     keep * sizeof(*pages));
	if (pages) {
		f->pages = pages;
		f->slots = keep;
	}
}

void ramfs_file_truncate(struct ramfs_node *node, uint64_t size)
{
	struct ramfs_file *f = &node->u.file;
	size_t keep = (size_t)((size + RAMFS_PAGE - 1) / RAMFS_PAGE);

	if (size < f->size) {
		for (size_t i = keep; i < f->slots; i++)
			page_free(node, i);
		/* The rest of the last page must read as zeros if the file
		 * grows again. */
		if (size % RAMFS_PAGE && keep - 1 < f->slots &&
		    f->pages[keep - 1])
			memset(f->pages[keep - 1] + size % RAMFS_PAGE, 0,
			       RAMFS_PAGE - size % RAMFS_PAGE);
		if (keep < f->slots)
			slots_shrink(f, keep);
	}
	f->size = size;
}

/* Makes page index i writable: room in the array, the page allocated
 * (zeroed) within the size cap. 0 or -ENOSPC, the file unchanged. */
static int page_get(struct ramfs_node *node, size_t i)
{
	struct ramfs_file *f = &node->u.file;
	struct ramfs_mount *fs = node->fs;
	char *page;

	if (i >= f->slots) {
		/* Doubling keeps appends amortised O(1); the array holds a
		 * pointer per 4 KiB, so even a large file's is small. */
		size_t want = TESS_MAX(i + 1, TESS_MAX(f->slots * 2, 16));
		char **pages = tess_realloc(tess_alloc_default(), f->pages,
					    want * sizeof(*pages));

		if (!pages) {
			want = i + 1;
			pages = tess_realloc(tess_alloc_default(), f->pages,
					     want * sizeof(*pages));
		}
		if (!pages)
			return -ENOSPC;
		memset(pages + f->slots, 0, (want - f->slots) * sizeof(*pages));
		f->pages = pages;
		f->slots = want;
	}
	if (f->pages[i])
		return 0;
	if (fs->cap_bytes && fs->data_bytes + RAMFS_PAGE > fs->cap_bytes)
		return -ENOSPC;
	page = tess_palloc(tess_alloc_default(), 1);
	if (!page)
		return -ENOSPC;
	memset(page, 0, RAMFS_PAGE);
	f->pages[i] = page;
	f->present++;
	fs->data_bytes += RAMFS_PAGE;
	return 0;
}

/* What read and write may do to vn: 0, or Linux's answer. */
static int data_check(struct ramfs_node *node, const struct tess_iovec *iov,
		      int count)
{
	if (ramfs_is(node, TESS_S_IFDIR))
		return -EISDIR;
	if (ramfs_is(node, TESS_S_IFCHR) || ramfs_is(node, TESS_S_IFBLK))
		return -ENXIO; /* a device node with no driver behind it */
	if (!ramfs_is(node, TESS_S_IFREG))
		return -EINVAL;
	return tess_iov_check(iov, count);
}

long ramfs_read(struct tess_vnode *vn, const struct tess_iovec *iov, int count,
		uint64_t offset, bool nonblock)
{
	struct ramfs_node *node = ramfs_node(vn);
	struct ramfs_file *f = &node->u.file;
	long total = 0;
	int err = data_check(node, iov, count);

	(void)nonblock;
	if (err)
		return err;
	ramfs_node_lock(node);
	for (int i = 0; i < count && offset < f->size && total < RW_MAX; i++) {
		char *to = iov[i].base;
		size_t left = TESS_MIN(iov[i].len, (size_t)(RW_MAX - total));

		while (left && offset < f->size) {
			size_t page = (size_t)(offset / RAMFS_PAGE);
			size_t at = (size_t)(offset % RAMFS_PAGE);
			size_t n = TESS_MIN(left, RAMFS_PAGE - at);

			n = (size_t)TESS_MIN((uint64_t)n, f->size - offset);
			if (page < f->slots && f->pages[page])
				memcpy(to, f->pages[page] + at, n);
			else
				memset(to, 0, n);
			to += n;
			left -= n;
			offset += n;
			total += (long)n;
		}
	}
	ramfs_node_accessed(node);
	ramfs_node_unlock(node);
	return total;
}

long ramfs_write(struct tess_vnode *vn, const struct tess_iovec *iov, int count,
		 uint64_t offset, bool nonblock)
{
	struct ramfs_node *node = ramfs_node(vn);
	struct ramfs_file *f = &node->u.file;
	long total = 0;
	int err = data_check(node, iov, count);

	(void)nonblock;
	if (err)
		return err;
	if (offset >= RAMFS_SIZE_MAX) {
		for (int i = 0; i < count; i++)
			if (iov[i].len)
				return -EFBIG;
		return 0;
	}
	ramfs_node_lock(node);
	for (int i = 0; i < count && !err && total < RW_MAX; i++) {
		const char *from = iov[i].base;
		size_t left = TESS_MIN(iov[i].len, (size_t)(RW_MAX - total));

		/* A file ends at RAMFS_SIZE_MAX: a short write there. */
		left = (size_t)TESS_MIN((uint64_t)left,
					RAMFS_SIZE_MAX - offset);
		while (left) {
			size_t page = (size_t)(offset / RAMFS_PAGE);
			size_t at = (size_t)(offset % RAMFS_PAGE);
			size_t n = TESS_MIN(left, RAMFS_PAGE - at);

			err = page_get(node, page);
			if (err)
				break;
			memcpy(f->pages[page] + at, from, n);
			from += n;
			left -= n;
			offset += n;
			total += (long)n;
		}
	}
	if (total) {
		if (offset > f->size)
			f->size = offset;
		node->mtime = node->ctime = ramfs_now();
	}
	ramfs_node_unlock(node);
	return total ? total : err;
}

long ramfs_readlink(struct tess_vnode *vn, char *buf, size_t len)
{
	struct ramfs_node *node = ramfs_node(vn);
	size_t n;

	if (!ramfs_is(node, TESS_S_IFLNK))
		return -EINVAL;
	if (len && !buf)
		return -EFAULT;
	ramfs_node_lock(node);
	n = TESS_MIN(len, node->u.symlink.len);
	memcpy(buf, node->u.symlink.target, n);
	ramfs_node_accessed(node);
	ramfs_node_unlock(node);
	return (long)n;
}
