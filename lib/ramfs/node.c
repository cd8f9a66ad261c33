/* SPDX-License-Identifier: BSD-3-Clause */
/* ramfs nodes: their life (creation, release, freeing) and attributes. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/plat/time.h>

#include "ramfs_impl.h"

struct tess_vfs_timespec ramfs_now(void)
{
	uint64_t ns = tess_plat_wall_ns();

	return (struct tess_vfs_timespec){(int64_t)(ns / TESS_NSEC_PER_SEC),
				      (int64_t)(ns % TESS_NSEC_PER_SEC)};
}

void ramfs_node_lock(struct ramfs_node *node)
{
	tess_lock_mutex_lock(&node->fs->lock);
}

void ramfs_node_unlock(struct ramfs_node *node)
{
	tess_lock_mutex_unlock(&node->fs->lock);
}

struct ramfs_node *ramfs_node_new(struct ramfs_mount *fs, uint32_t mode)
{
	struct ramfs_node *node =
		tess_calloc(tess_alloc_default(), 1, sizeof(*node));

	if (!node)
		return NULL;
	/* vn.mount is set by the caller's mount (the root) or copied from
	 * the directory the node is created in. */
	tess_vnode_init(&node->vn, &ramfs_vnode_ops, NULL, mode,
			fs->next_ino++);
	node->fs = fs;
	node->atime = node->mtime = node->ctime = ramfs_now();
	if (ramfs_is(node, TESS_S_IFDIR)) {
		tess_list_init(&node->u.dir.entries);
		node->u.dir.next_index = 2;
	}
	tess_list_push_back(&fs->nodes, &node->link);
	return node;
}

void ramfs_node_free(struct ramfs_node *node)
{
	if (ramfs_is(node, TESS_S_IFREG))
		ramfs_file_free(node);
	else if (ramfs_is(node, TESS_S_IFDIR))
		ramfs_dir_clear(node);
	else if (ramfs_is(node, TESS_S_IFLNK))
		tess_free(tess_alloc_default(), node->u.symlink.target);
	tess_list_remove(&node->link);
	tess_free(tess_alloc_default(), node);
}

void ramfs_node_free_if_unused(struct ramfs_node *node)
{
	if (node->nlink == 0 && node->vn.refs == 0)
		ramfs_node_free(node);
}

static bool ts_le(struct tess_vfs_timespec a, struct tess_vfs_timespec b)
{
	return a.sec < b.sec || (a.sec == b.sec && a.nsec <= b.nsec);
}

void ramfs_node_accessed(struct ramfs_node *node)
{
	struct tess_vfs_timespec now = ramfs_now();

	if (ts_le(node->atime, node->mtime) ||
	    ts_le(node->atime, node->ctime) ||
	    now.sec - node->atime.sec >= 24 * 60 * 60)
		node->atime = now;
}

/* The last vfs reference went: a node that still has a name stays (its
 * directory holds it); an unlinked one goes now. */
static void ramfs_release(struct tess_vnode *vn)
{
	struct ramfs_node *node = ramfs_node(vn);
	struct ramfs_mount *fs = node->fs; /* node may be freed below */
	struct ramfs_node *pinned = NULL;

	tess_lock_mutex_lock(&fs->lock);
	/* A removed directory held its former parent (names.c). */
	if (node->nlink == 0 && ramfs_is(node, TESS_S_IFDIR))
		pinned = node->u.dir.parent;
	ramfs_node_free_if_unused(node);
	tess_lock_mutex_unlock(&fs->lock);
	/* After the unlock: the parent's release takes the mutex too. */
	if (pinned)
		tess_vnode_put_locked(&pinned->vn);
}

static int64_t node_size(const struct ramfs_node *node)
{
	switch (node->vn.mode & TESS_S_IFMT) {
	case TESS_S_IFREG: return (int64_t)node->u.file.size;
	case TESS_S_IFDIR:
		return (int64_t)(node->u.dir.count + 2) * RAMFS_DIRENT_BOGO;
	case TESS_S_IFLNK: return (int64_t)node->u.symlink.len;
	default: return 0;
	}
}

static int ramfs_getattr(struct tess_vnode *vn, struct tess_stat *st)
{
	struct ramfs_node *node = ramfs_node(vn);

	memset(st, 0, sizeof(*st));
	ramfs_node_lock(node);
	st->dev = vn->mount ? vn->mount->dev : 0;
	st->ino = vn->ino;
	st->nlink = node->nlink;
	st->mode = vn->mode;
	st->uid = node->uid;
	st->gid = node->gid;
	st->rdev = node->rdev;
	st->size = node_size(node);
	st->blksize = RAMFS_PAGE;
	if (ramfs_is(node, TESS_S_IFREG))
		st->blocks = (int64_t)node->u.file.present * (RAMFS_PAGE / 512);
	st->atime = node->atime;
	st->mtime = node->mtime;
	st->ctime = node->ctime;
	ramfs_node_unlock(node);
	return 0;
}

static int ramfs_setattr(struct tess_vnode *vn, const struct tess_vfs_attr *a)
{
	struct ramfs_node *node = ramfs_node(vn);
	struct tess_vfs_timespec now = ramfs_now();
	bool size_changed = false;

	if (a->mask & TESS_VFS_ATTR_SIZE) {
		/* The vfs checks the type; Linux's answers if it did not. */
		if (ramfs_is(node, TESS_S_IFDIR))
			return -EISDIR;
		if (!ramfs_is(node, TESS_S_IFREG))
			return -EINVAL;
		if (a->size > RAMFS_SIZE_MAX)
			return -EFBIG;
	}
	/* Nothing below can fail: the change is all or nothing. */
	ramfs_node_lock(node);
	if (a->mask & TESS_VFS_ATTR_SIZE) {
		size_changed = a->size != node->u.file.size;
		ramfs_file_truncate(node, a->size);
	}
	if (a->mask & TESS_VFS_ATTR_MODE)
		vn->mode = (vn->mode & TESS_S_IFMT) | (a->mode & 07777);
	if (a->mask & TESS_VFS_ATTR_UID)
		node->uid = a->uid;
	if (a->mask & TESS_VFS_ATTR_GID)
		node->gid = a->gid;
	if (a->mask & TESS_VFS_ATTR_ATIME)
		node->atime = a->atime;
	if (a->mask & TESS_VFS_ATTR_MTIME)
		node->mtime = a->mtime;
	else if (size_changed) /* truncate(2) changes mtime with the size */
		node->mtime = now;
	if (a->mask & ~TESS_VFS_ATTR_SIZE || size_changed)
		node->ctime = now;
	ramfs_node_unlock(node);
	return 0;
}

/* The data is in memory already: nothing to write. */
static int ramfs_fsync(struct tess_vnode *vn, bool datasync)
{
	(void)vn, (void)datasync;
	return 0;
}

/* poll and ioctl stay NULL: a file in memory is always ready, and has no
 * ioctl (-ENOTTY), as a regular file on Linux. */
const struct tess_vnode_ops ramfs_vnode_ops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.symlink = ramfs_symlink,
	.mknod = ramfs_mknod,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.readlink = ramfs_readlink,
	.getattr = ramfs_getattr,
	.setattr = ramfs_setattr,
	.read = ramfs_read,
	.write = ramfs_write,
	.readdir = ramfs_readdir,
	.fsync = ramfs_fsync,
	.release = ramfs_release,
};
