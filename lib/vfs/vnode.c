/* SPDX-License-Identifier: BSD-3-Clause */
/* Vnodes' references, the namespace lock, the root and the current
 * directory. */
#include <tess/lock.h>
#include <tess/vfs.h>

#include "vfs_impl.h"

/* Recursive: a caller holding it across a lookup and a change (open with
 * O_CREAT) calls tess_vfs_lookup, which takes it too. */
static struct tess_lock_rmutex ns_lock = TESS_LOCK_RMUTEX_INIT(ns_lock);
struct tess_vnode *vfs_cwd;

void tess_vfs_ns_lock(void)
{
	tess_lock_rmutex_lock(&ns_lock);
}

void tess_vfs_ns_unlock(void)
{
	tess_lock_rmutex_unlock(&ns_lock);
}

void tess_vnode_init(struct tess_vnode *vn, const struct tess_vnode_ops *ops,
		     struct tess_mount *mount, uint32_t mode, uint64_t ino)
{
	vn->ops = ops;
	vn->mount = mount;
	vn->mode = mode;
	vn->ino = ino;
	vn->refs = 1;
	vn->mounted = NULL;
	tess_list_init(&vn->locks);
	tess_list_init(&vn->maps);
	tess_poll_head_init(&vn->lock_waiters);
}

void tess_vnode_ref(struct tess_vnode *vn)
{
	tess_vfs_ns_lock();
	vn->refs++;
	tess_vfs_ns_unlock();
}

void tess_vnode_ref_locked(struct tess_vnode *vn)
{
	vn->refs++;
}

void tess_vnode_put_locked(struct tess_vnode *vn)
{
	if (!vn)
		return;
	if (--vn->refs == 0 && vn->ops->release)
		vn->ops->release(vn);
}

void tess_vnode_put(struct tess_vnode *vn)
{
	if (!vn)
		return;
	tess_vfs_ns_lock();
	tess_vnode_put_locked(vn);
	tess_vfs_ns_unlock();
}

struct tess_vnode *tess_vfs_root(void)
{
	struct tess_vnode *root = NULL;

	tess_vfs_ns_lock();
	if (vfs_root_mount) {
		root = vfs_root_mount->root;
		root->refs++;
	}
	tess_vfs_ns_unlock();
	return root;
}

struct tess_vnode *tess_vfs_cwd(void)
{
	struct tess_vnode *cwd;

	tess_vfs_ns_lock();
	cwd = vfs_cwd;
	if (cwd)
		cwd->refs++;
	tess_vfs_ns_unlock();
	return cwd;
}

void tess_vfs_cwd_set(struct tess_vnode *dir)
{
	struct tess_vnode *old;

	tess_vfs_ns_lock();
	dir->refs++;
	old = vfs_cwd;
	vfs_cwd = dir;
	tess_vnode_put_locked(old);
	tess_vfs_ns_unlock();
}

unsigned tess_vfs_dtype(uint32_t mode)
{
	switch (mode & TESS_S_IFMT) {
	case TESS_S_IFREG:
		return TESS_DT_REG;
	case TESS_S_IFDIR:
		return TESS_DT_DIR;
	case TESS_S_IFLNK:
		return TESS_DT_LNK;
	case TESS_S_IFCHR:
		return TESS_DT_CHR;
	case TESS_S_IFBLK:
		return TESS_DT_BLK;
	case TESS_S_IFIFO:
		return TESS_DT_FIFO;
	case TESS_S_IFSOCK:
		return TESS_DT_SOCK;
	default:
		return TESS_DT_UNKNOWN;
	}
}
