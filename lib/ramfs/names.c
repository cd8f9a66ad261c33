/* SPDX-License-Identifier: BSD-3-Clause */
/* ramfs namespace changes: create, mkdir, symlink, mknod, link, unlink,
 * rmdir and rename. The vfs runs them under its namespace lock; each
 * also holds the mount's mutex, against data operations on the nodes it
 * changes. Every check and allocation comes before the first change. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>

#include "ramfs_impl.h"

/* A name the vfs would pass (it checks; a file system that trusts
 * nothing costs one memchr). */
static int name_check(const char *name, size_t len)
{
	if (!name || len == 0)
		return -ENOENT;
	if (len > TESS_VFS_NAME_MAX)
		return -ENAMETOOLONG;
	if (memchr(name, '/', len) || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return -EINVAL;
	return 0;
}

static int dir_check(struct tess_vnode *vn, const char *name, size_t len)
{
	if (vn->ops != &ramfs_vnode_ops)
		return -EXDEV;
	if (!ramfs_is(ramfs_node(vn), TESS_S_IFDIR))
		return -ENOTDIR;
	return name_check(name, len);
}

static void dir_changed(struct ramfs_node *dir, struct tess_vfs_timespec now)
{
	dir->mtime = dir->ctime = now;
}

/* A new node of mode named (name, len) in dir, with the vfs reference
 * ramfs_node_new gives it. fs locked. */
static int make_node(struct ramfs_node *dir, const char *name, size_t len,
		     uint32_t mode, struct ramfs_node **out)
{
	bool is_dir = TESS_S_ISTYPE(mode, TESS_S_IFDIR);
	struct ramfs_node *node;

	if (ramfs_dir_removed(dir))
		return -ENOENT;
	if (ramfs_dir_find(dir, name, len))
		return -EEXIST;
	if (is_dir && dir->nlink == UINT32_MAX)
		return -EMLINK;
	node = ramfs_node_new(dir->fs, mode);
	if (!node)
		return -ENOSPC;
	node->vn.mount = dir->vn.mount;
	if (ramfs_dir_add(dir, name, len, node)) {
		ramfs_node_free(node);
		return -ENOSPC;
	}
	node->nlink = 1;
	if (is_dir) {
		node->nlink = 2;
		node->u.dir.parent = dir;
		dir->nlink++;
	}
	dir_changed(dir, node->ctime);
	*out = node;
	return 0;
}

/* Makes the node and either hands its reference to *out or drops it;
 * a symbolic link takes over target (freed on failure). */
static int make_named(struct tess_vnode *dirvn, const char *name, size_t len,
		      uint32_t mode, uint64_t rdev, char *target,
		      struct tess_vnode **out)
{
	struct ramfs_node *dir = ramfs_node(dirvn), *node = NULL;
	int err = dir_check(dirvn, name, len);

	if (!err) {
		ramfs_node_lock(dir);
		err = make_node(dir, name, len, mode, &node);
		if (!err) {
			node->rdev = rdev;
			if (target) {
				node->u.symlink.target = target;
				node->u.symlink.len = strlen(target);
			}
		}
		ramfs_node_unlock(dir);
	}
	if (err) {
		tess_free(tess_alloc_default(), target);
		return err;
	}
	if (out)
		*out = &node->vn;
	else /* release keeps it: it has a name now */
		tess_vnode_put_locked(&node->vn);
	return 0;
}

int ramfs_create(struct tess_vnode *dir, const char *name, size_t len,
		 uint32_t mode, struct tess_vnode **out)
{
	if (!out)
		return -EINVAL;
	if ((mode & TESS_S_IFMT) && !TESS_S_ISTYPE(mode, TESS_S_IFREG))
		return -EINVAL;
	return make_named(dir, name, len, TESS_S_IFREG | (mode & 07777), 0,
			  NULL, out);
}

int ramfs_mkdir(struct tess_vnode *dir, const char *name, size_t len,
		uint32_t mode)
{
	return make_named(dir, name, len, TESS_S_IFDIR | (mode & 07777), 0,
			  NULL, NULL);
}

int ramfs_symlink(struct tess_vnode *dir, const char *name, size_t len,
		  const char *target)
{
	size_t n;
	char *copy;

	if (!target)
		return -EFAULT;
	n = strnlen(target, TESS_VFS_PATH_MAX);
	if (n == 0)
		return -ENOENT;
	if (n == TESS_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	copy = tess_malloc(tess_alloc_default(), n + 1);
	if (!copy)
		return -ENOSPC;
	memcpy(copy, target, n + 1);
	return make_named(dir, name, len, TESS_S_IFLNK | 0777, 0, copy, NULL);
}

int ramfs_mknod(struct tess_vnode *dir, const char *name, size_t len,
		uint32_t mode, uint64_t rdev, struct tess_vnode **out)
{
	uint32_t type = mode & TESS_S_IFMT;

	if (!out)
		return -EINVAL;
	switch (type) {
	case 0: /* mknod(2): a regular file */
	case TESS_S_IFREG:
		type = TESS_S_IFREG;
		rdev = 0;
		break;
	case TESS_S_IFCHR:
	case TESS_S_IFBLK: break;
	case TESS_S_IFIFO:
	case TESS_S_IFSOCK: rdev = 0; break;
	default: return -EINVAL;
	}
	return make_named(dir, name, len, type | (mode & 07777), rdev, NULL,
			  out);
}

int ramfs_link(struct tess_vnode *dirvn, const char *name, size_t len,
	       struct tess_vnode *target)
{
	struct ramfs_node *dir = ramfs_node(dirvn), *node;
	struct tess_vfs_timespec now = ramfs_now();
	int err = dir_check(dirvn, name, len);

	if (err)
		return err;
	if (!target)
		return -EFAULT;
	if (target->ops != &ramfs_vnode_ops ||
	    ramfs_node(target)->fs != dir->fs)
		return -EXDEV;
	node = ramfs_node(target);
	if (ramfs_is(node, TESS_S_IFDIR))
		return -EPERM;
	ramfs_node_lock(dir);
	if (ramfs_dir_removed(dir) || node->nlink == 0)
		err = -ENOENT;
	else if (ramfs_dir_find(dir, name, len))
		err = -EEXIST;
	else if (node->nlink == UINT32_MAX)
		err = -EMLINK;
	else
		err = ramfs_dir_add(dir, name, len, node);
	if (!err) {
		node->nlink++;
		node->ctime = now;
		dir_changed(dir, now);
	}
	ramfs_node_unlock(dir);
	return err;
}

/* A name is gone: node loses a link (a directory all of its links: its
 * "." and its name), and goes now if nothing holds it. fs locked. */
static void name_gone(struct ramfs_node *dir, struct ramfs_node *node,
		      struct tess_vfs_timespec now)
{
	if (ramfs_is(node, TESS_S_IFDIR)) {
		node->nlink = 0; /* lookups and creations in it now fail */
		ramfs_dir_clear(node);
		dir->nlink--; /* its ".." */
		/* Still someone's (a current directory): its ".." keeps dir
		 * alive until release drops this. */
		if (node->vn.refs)
			tess_vnode_ref_locked(&dir->vn);
	} else {
		node->nlink--;
	}
	node->ctime = now;
	ramfs_node_free_if_unused(node);
}

static int remove_name(struct tess_vnode *dirvn, const char *name, size_t len,
		       bool want_dir)
{
	struct ramfs_node *dir = ramfs_node(dirvn), *node;
	struct tess_vfs_timespec now = ramfs_now();
	struct ramfs_dirent *de;
	int err = dir_check(dirvn, name, len);

	if (err)
		return err;
	ramfs_node_lock(dir);
	de = ramfs_dir_removed(dir) ? NULL : ramfs_dir_find(dir, name, len);
	node = de ? de->node : NULL;
	if (!node)
		err = -ENOENT;
	else if (want_dir && !ramfs_is(node, TESS_S_IFDIR))
		err = -ENOTDIR;
	else if (!want_dir && ramfs_is(node, TESS_S_IFDIR))
		err = -EISDIR;
	else if (want_dir && node->u.dir.count)
		err = -ENOTEMPTY;
	if (!err) {
		ramfs_dir_remove(dir, de);
		dir_changed(dir, now);
		name_gone(dir, node, now);
	}
	ramfs_node_unlock(dir);
	return err;
}

int ramfs_unlink(struct tess_vnode *dir, const char *name, size_t len)
{
	return remove_name(dir, name, len, false);
}

int ramfs_rmdir(struct tess_vnode *dir, const char *name, size_t len)
{
	return remove_name(dir, name, len, true);
}

/* Whether dir is node or below it. */
static bool inside(struct ramfs_node *dir, struct ramfs_node *node)
{
	for (;;) {
		if (dir == node)
			return true;
		if (dir->u.dir.parent == dir)
			return false;
		dir = dir->u.dir.parent;
	}
}

/* A directory node moves from olddir to newdir: its ".." follows. */
static void dir_moved(struct ramfs_node *node, struct ramfs_node *olddir,
		      struct ramfs_node *newdir)
{
	if (!ramfs_is(node, TESS_S_IFDIR) || olddir == newdir)
		return;
	node->u.dir.parent = newdir;
	olddir->nlink--;
	newdir->nlink++;
}

/* RENAME_EXCHANGE: the two names swap their nodes. fs locked. */
static int exchange(struct ramfs_node *olddir, struct ramfs_dirent *ode,
		    struct ramfs_node *newdir, struct ramfs_dirent *nde)
{
	struct ramfs_node *a = ode->node, *b = nde->node;
	struct tess_vfs_timespec now = ramfs_now();

	if (a == b)
		return 0;
	if (ramfs_is(a, TESS_S_IFDIR) && inside(newdir, a))
		return -EINVAL;
	if (ramfs_is(b, TESS_S_IFDIR) && inside(olddir, b))
		return -EINVAL;
	ode->node = b;
	nde->node = a;
	dir_moved(a, olddir, newdir);
	dir_moved(b, newdir, olddir);
	a->ctime = b->ctime = now;
	dir_changed(olddir, now);
	dir_changed(newdir, now);
	return 0;
}

/* Whether src may replace dst (POSIX rename(2)'s rules). */
static int replace_check(struct ramfs_node *src, struct ramfs_node *dst)
{
	if (ramfs_is(src, TESS_S_IFDIR)) {
		if (!ramfs_is(dst, TESS_S_IFDIR))
			return -ENOTDIR;
		if (dst->u.dir.count)
			return -ENOTEMPTY;
	} else if (ramfs_is(dst, TESS_S_IFDIR)) {
		return -EISDIR;
	}
	return 0;
}

/* A plain rename, replacing what (newdir, nde) names if nde. fs locked. */
static int move(struct ramfs_node *olddir, struct ramfs_dirent *ode,
		struct ramfs_node *newdir, struct ramfs_dirent *nde,
		const char *new_name, size_t newlen)
{
	struct ramfs_node *src = ode->node, *dst = nde ? nde->node : NULL;
	struct tess_vfs_timespec now = ramfs_now();
	struct ramfs_dirent *fresh = NULL;
	int err;

	if (src == dst) /* two names of one file: nothing to do (POSIX) */
		return 0;
	if (dst && (err = replace_check(src, dst)) != 0)
		return err;
	if (ramfs_is(src, TESS_S_IFDIR) && inside(newdir, src))
		return -EINVAL;
	if (!dst) {
		fresh = ramfs_dirent_new(new_name, newlen);
		if (!fresh)
			return -ENOSPC;
	}
	/* From here on nothing fails. */
	if (dst) {
		nde->node = src; /* the entry stays, with its cookie */
	} else {
		fresh->node = src;
		ramfs_dir_insert(newdir, fresh);
	}
	ramfs_dir_remove(olddir, ode);
	dir_moved(src, olddir, newdir);
	src->ctime = now;
	dir_changed(olddir, now);
	dir_changed(newdir, now);
	if (dst)
		name_gone(newdir, dst, now);
	return 0;
}

int ramfs_rename(struct tess_vnode *olddirvn, const char *old, size_t oldlen,
		 struct tess_vnode *newdirvn, const char *new_name,
		 size_t newlen, unsigned flags)
{
	struct ramfs_node *olddir = ramfs_node(olddirvn);
	struct ramfs_node *newdir = ramfs_node(newdirvn);
	struct ramfs_dirent *ode, *nde;
	int err;

	if ((flags & ~(TESS_RENAME_NOREPLACE | TESS_RENAME_EXCHANGE)) ||
	    flags == (TESS_RENAME_NOREPLACE | TESS_RENAME_EXCHANGE))
		return -EINVAL;
	err = dir_check(olddirvn, old, oldlen);
	if (!err)
		err = dir_check(newdirvn, new_name, newlen);
	if (err)
		return err;
	if (olddir->fs != newdir->fs)
		return -EXDEV;
	ramfs_node_lock(olddir);
	ode = ramfs_dir_removed(olddir) ? NULL
					: ramfs_dir_find(olddir, old, oldlen);
	nde = ramfs_dir_removed(newdir)
		      ? NULL
		      : ramfs_dir_find(newdir, new_name, newlen);
	if (!ode || ramfs_dir_removed(newdir))
		err = -ENOENT;
	else if (flags & TESS_RENAME_EXCHANGE)
		err = nde ? exchange(olddir, ode, newdir, nde) : -ENOENT;
	else if (nde && (flags & TESS_RENAME_NOREPLACE))
		err = -EEXIST;
	else
		err = move(olddir, ode, newdir, nde, new_name, newlen);
	ramfs_node_unlock(olddir);
	return err;
}
