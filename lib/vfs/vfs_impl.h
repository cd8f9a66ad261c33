/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/vfs's internals shared between its sources. */
#ifndef TESS_VFS_IMPL_H
#define TESS_VFS_IMPL_H

#include <tess/vfs.h>

/* The mount at "/", NULL before the first mount. Namespace lock. */
extern struct tess_mount *vfs_root_mount;
/* Every mount, root first. Namespace lock. */
extern struct tess_list vfs_mounts;

/* The current directory (a reference), NULL until the root is mounted.
 * Namespace lock. */
extern struct tess_vnode *vfs_cwd;

/* What a vnode resolves to after mount points: the root of the file
 * system mounted on it (repeatedly), else itself. */
struct tess_vnode *vfs_mounted_root(struct tess_vnode *vn);

/* Takes the vfs's reference count up without the lock (ns held). */
static inline void vfs_ref_locked(struct tess_vnode *vn)
{
	vn->refs++;
}

/* A directory vnode for dirfd (a reference): the cwd for AT_FDCWD, else
 * the descriptor's file's vnode; -EBADF, -ENOTDIR (only when want_dir). */
int vfs_dirfd_vnode(int dirfd, bool want_dir, struct tess_vnode **out);

/* Keeps a vnode's shared mappings coherent around a read or a write of
 * the file's bytes [start, end) (map.c). */
void vfs_maps_before_read(struct tess_vnode *vn, uint64_t start, uint64_t end);
void vfs_maps_after_write(struct tess_vnode *vn, uint64_t start, uint64_t end);

#endif /* TESS_VFS_IMPL_H */
