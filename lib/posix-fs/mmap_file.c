/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The file side of mmap (registered with lib/posix-mmap): a mapping is
 * filled from the file; a shared one stays tied to it through the vfs,
 * which keeps the two coherent at read, write, msync and munmap.
 */
#include <errno.h>
#include <tess/alloc.h>
#include <tess/init.h>
#include <tess/posix-fs.h>
#include <tess/posix-mmap.h>

#include "posix_fs_impl.h"

struct shared_map {
	struct tess_vfs_map map;
	struct tess_file *file;
};

static long file_map(int fd, long offset, void *base, size_t len, int prot,
		     int flags, void **handle)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	unsigned acc;
	size_t done = 0;
	long err = 0;

	*handle = NULL;
	if (!f)
		return -EBADF;
	acc = f->flags & TESS_O_ACCMODE;
	if (!f->vn || (f->flags & TESS_O_PATH))
		err = f->vn ? -EBADF : -ENODEV;
	else if (!TESS_S_ISTYPE(f->vn->mode, TESS_S_IFREG))
		err = -ENODEV;
	else if (acc == TESS_O_WRONLY ||
		 (flags == TESS_MAP_SHARED && (prot & TESS_PROT_WRITE) &&
		  (acc != TESS_O_RDWR || (f->flags & TESS_O_APPEND))))
		err = -EACCES;
	while (!err && done < len) {
		struct tess_iovec v = {(char *)base + done, len - done};
		long n = f->vn->ops->read ? f->vn->ops->read(f->vn, &v, 1,
							     (uint64_t)offset +
								     done,
							     false)
					  : -ENODEV;

		if (n <= 0) {
			err = n; /* 0: the end of the file, the rest zeros */
			break;
		}
		done += (size_t)n;
	}
	if (!err && flags == TESS_MAP_SHARED) {
		struct shared_map *s =
			tess_calloc(tess_alloc_default(), 1, sizeof(*s));

		if (!s) {
			err = -ENOMEM;
		} else {
			s->map.base = base;
			s->map.len = len;
			s->map.offset = (uint64_t)offset;
			s->map.writable = (prot & TESS_PROT_WRITE) != 0;
			s->file = f;
			tess_vfs_map_add(f->vn, &s->map);
			*handle = s;
			return 0;
		}
	}
	tess_file_put(f);
	return err;
}

static int file_sync(void *handle)
{
	struct shared_map *s = handle;

	return tess_vfs_map_sync(s->file->vn, &s->map);
}

static void file_unmap(void *handle)
{
	struct shared_map *s = handle;

	tess_vfs_map_remove(s->file->vn, &s->map);
	tess_file_put(s->file);
	tess_free(tess_alloc_default(), s);
}

static const struct tess_mmap_file_ops ops = {
	.map = file_map,
	.sync = file_sync,
	.unmap = file_unmap,
};

static int mmap_file_register(void)
{
	tess_mmap_file_register(&ops);
	return 0;
}
TESS_INIT(mmap_file_register, TESS_INIT_FS);
