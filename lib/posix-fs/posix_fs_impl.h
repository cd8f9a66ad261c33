/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/posix-fs's internals shared between its sources. */
#ifndef TESS_POSIX_FS_IMPL_H
#define TESS_POSIX_FS_IMPL_H

#include <stdbool.h>
#include <tess/vfs.h>

/* The process's file mode creation mask. */
extern unsigned fs_umask;

static inline bool fs_is_dir(const struct tess_vnode *vn)
{
	return TESS_S_ISTYPE(vn->mode, TESS_S_IFDIR);
}

static inline bool fs_rdonly(const struct tess_vnode *vn)
{
	return (vn->mount->flags & TESS_MOUNT_RDONLY) != 0;
}

/* Whether the last component is "." or "..". */
static inline bool fs_is_dot(const struct tess_vfs_path *p)
{
	return (p->len == 1 && p->name[0] == '.') ||
	       (p->len == 2 && p->name[0] == '.' && p->name[1] == '.');
}

/* Attributes of a vnode with the vfs's st_dev. */
int fs_getattr(struct tess_vnode *vn, struct tess_stat *st);
/* Attributes of any open file. */
int fs_file_getattr(struct tess_file *f, struct tess_stat *st);
/* Changes attributes (EROFS on a read-only mount, EPERM without setattr). */
int fs_setattr(struct tess_vnode *vn, const struct tess_vfs_attr *attr);

/*
 * Runs change on the last component of path (dirfd, path looked up to
 * its parent: p->dir, p->name, p->vn when it exists), with the namespace
 * lock held across the lookup and the change, so nothing comes between;
 * returns change's result or the lookup's error.
 */
int fs_at_parent(int dirfd, const char *path,
		 int (*change)(struct tess_vfs_path *p, void *ctx), void *ctx);
/* A call that makes a name: -EEXIST when it is there (or is "/"),
 * -EROFS on a read-only mount, else 0. */
int fs_can_create(const struct tess_vfs_path *p);

/* The wall clock as a timespec. */
struct tess_vfs_timespec fs_now(void);

#endif /* TESS_POSIX_FS_IMPL_H */
