/* SPDX-License-Identifier: BSD-3-Clause */
/* Names: unlink, rename, link, symlink, readlink, mknod. */
#include <errno.h>
#include <string.h>
#include <tess/posix-fs.h>
#include <tess/syscall.h>

#include "posix_fs_impl.h"

long fs_rmdir(int dirfd, const char *path);

static int remove_name(struct tess_vfs_path *p, void *ctx)
{
	(void)ctx;
	if (p->len == 0 || fs_is_dot(p))
		return -EISDIR;
	if (!p->vn)
		return -ENOENT;
	if (fs_is_dir(p->vn))
		return -EISDIR;
	if (p->slash)
		return -ENOTDIR;
	if (fs_rdonly(p->dir))
		return -EROFS;
	if (!p->dir->ops->unlink)
		return -EPERM;
	return p->dir->ops->unlink(p->dir, p->name, p->len);
}

static int unlink_at(int dirfd, const char *path)
{
	return fs_at_parent(dirfd, path, remove_name, NULL);
}

TESS_SYSCALL_DEFINE3(unlinkat, int, dirfd, const char *, path, int, flags)
{
	if (flags & ~TESS_AT_REMOVEDIR)
		return -EINVAL;
	return flags ? fs_rmdir(dirfd, path) : unlink_at(dirfd, path);
}

TESS_SYSCALL_DEFINE1(unlink, const char *, path)
{
	return unlink_at(TESS_AT_FDCWD, path);
}

/* rename's checks on the two ends, both found, namespace lock held. */
static int rename_checks(struct tess_vfs_path *from, struct tess_vfs_path *to,
			 unsigned flags)
{
	struct tess_vnode *src = from->vn, *dst = to->vn;

	/* "/", "." and ".." cannot be moved or replaced (Linux: EBUSY). */
	if (from->len == 0 || to->len == 0 || fs_is_dot(from) || fs_is_dot(to))
		return -EBUSY;
	if (!src)
		return -ENOENT;
	if (from->dir->mount != to->dir->mount)
		return -EXDEV;
	if (src->mounted || src == src->mount->root ||
	    (dst && (dst->mounted || dst == dst->mount->root)))
		return -EBUSY;
	if ((from->slash || to->slash) && !fs_is_dir(src))
		return -ENOTDIR;
	if (flags & TESS_RENAME_EXCHANGE) {
		if (!dst)
			return -ENOENT;
	} else if (dst) {
		if (flags & TESS_RENAME_NOREPLACE)
			return -EEXIST;
		if (fs_is_dir(src) && !fs_is_dir(dst))
			return -ENOTDIR;
		if (!fs_is_dir(src) && fs_is_dir(dst))
			return -EISDIR;
	}
	if (fs_is_dir(src) && tess_vfs_below(to->dir, src))
		return -EINVAL;
	if (dst && fs_is_dir(dst) && (flags & TESS_RENAME_EXCHANGE) &&
	    tess_vfs_below(from->dir, dst))
		return -EINVAL;
	if (fs_rdonly(from->dir))
		return -EROFS;
	if (!from->dir->ops->rename)
		return -EPERM;
	return 0;
}

TESS_SYSCALL_DEFINE5(renameat2, int, olddirfd, const char *, oldpath, int,
		     newdirfd, const char *, newpath, unsigned, flags)
{
	struct tess_vfs_path from, to;
	int err;

	if (flags & ~(TESS_RENAME_NOREPLACE | TESS_RENAME_EXCHANGE) ||
	    (flags & TESS_RENAME_NOREPLACE && flags & TESS_RENAME_EXCHANGE))
		return -EINVAL;
	tess_vfs_ns_lock();
	err = tess_vfs_lookup(olddirfd, oldpath, TESS_VFS_LOOKUP_PARENT, &from);
	if (err)
		goto out;
	err = tess_vfs_lookup(newdirfd, newpath, TESS_VFS_LOOKUP_PARENT, &to);
	if (err) {
		tess_vfs_path_put(&from);
		goto out;
	}
	err = rename_checks(&from, &to, flags);
	/* Two names of one file: nothing to do (POSIX). */
	if (!err && from.vn == to.vn && !(flags & TESS_RENAME_EXCHANGE))
		err = 0;
	else if (!err)
		err = from.dir->ops->rename(from.dir, from.name, from.len,
					    to.dir, to.name, to.len, flags);
	tess_vfs_path_put(&to);
	tess_vfs_path_put(&from);
out:
	tess_vfs_ns_unlock();
	return err;
}

TESS_SYSCALL_DEFINE4(renameat, int, olddirfd, const char *, oldpath, int,
		     newdirfd, const char *, newpath)
{
	return tess_sys_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

TESS_SYSCALL_DEFINE2(rename, const char *, oldpath, const char *, newpath)
{
	return tess_sys_renameat2(TESS_AT_FDCWD, oldpath, TESS_AT_FDCWD,
				  newpath, 0);
}

TESS_SYSCALL_DEFINE5(linkat, int, olddirfd, const char *, oldpath, int,
		     newdirfd, const char *, newpath, int, flags)
{
	struct tess_vfs_path from, to;
	int err;

	if (flags & ~(TESS_AT_SYMLINK_FOLLOW | TESS_AT_EMPTY_PATH))
		return -EINVAL;
	tess_vfs_ns_lock();
	err = tess_vfs_lookup(olddirfd, oldpath,
			      (flags & TESS_AT_SYMLINK_FOLLOW
				       ? TESS_VFS_LOOKUP_FOLLOW
				       : 0) | (flags & TESS_AT_EMPTY_PATH
						       ? TESS_VFS_LOOKUP_EMPTY
						       : 0),
			      &from);
	if (err)
		goto out;
	err = tess_vfs_lookup(newdirfd, newpath, TESS_VFS_LOOKUP_PARENT, &to);
	if (err) {
		tess_vfs_path_put(&from);
		goto out;
	}
	if (to.len == 0 || to.vn)
		err = -EEXIST;
	else if (fs_is_dir(from.vn))
		err = -EPERM;
	else if (to.slash)
		err = -ENOENT;
	else if (from.vn->mount != to.dir->mount)
		err = -EXDEV;
	else if (fs_rdonly(to.dir))
		err = -EROFS;
	else if (!to.dir->ops->link)
		err = -EPERM;
	else
		err = to.dir->ops->link(to.dir, to.name, to.len, from.vn);
	tess_vfs_path_put(&to);
	tess_vfs_path_put(&from);
out:
	tess_vfs_ns_unlock();
	return err;
}

TESS_SYSCALL_DEFINE2(link, const char *, oldpath, const char *, newpath)
{
	return tess_sys_linkat(TESS_AT_FDCWD, oldpath, TESS_AT_FDCWD, newpath,
			       0);
}

static int make_symlink(struct tess_vfs_path *p, void *ctx)
{
	int err = fs_can_create(p);

	if (err)
		return err;
	if (p->slash)
		return -ENOENT;
	if (!p->dir->ops->symlink)
		return -EPERM;
	return p->dir->ops->symlink(p->dir, p->name, p->len, ctx);
}

TESS_SYSCALL_DEFINE3(symlinkat, const char *, target, int, newdirfd,
		     const char *, linkpath)
{
	if (!target)
		return -EFAULT;
	if (!*target)
		return -ENOENT;
	if (strnlen(target, TESS_VFS_PATH_MAX) == TESS_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	return fs_at_parent(newdirfd, linkpath, make_symlink, (void *)target);
}

TESS_SYSCALL_DEFINE2(symlink, const char *, target, const char *, linkpath)
{
	return tess_sys_symlinkat(target, TESS_AT_FDCWD, linkpath);
}

TESS_SYSCALL_DEFINE4(readlinkat, int, dirfd, const char *, path, char *, buf,
		     size_t, size)
{
	struct tess_vfs_path p;
	long n;

	if ((long)size <= 0)
		return -EINVAL;
	if (!buf)
		return -EFAULT;
	n = tess_vfs_lookup(dirfd, path, TESS_VFS_LOOKUP_EMPTY, &p);
	if (n)
		return n;
	if (!TESS_S_ISTYPE(p.vn->mode, TESS_S_IFLNK) || !p.vn->ops->readlink)
		n = -EINVAL;
	else
		n = p.vn->ops->readlink(p.vn, buf, size);
	tess_vfs_path_put(&p);
	return n;
}

TESS_SYSCALL_DEFINE3(readlink, const char *, path, char *, buf, size_t, size)
{
	return tess_sys_readlinkat(TESS_AT_FDCWD, path, buf, size);
}

struct node_spec {
	unsigned mode, dev;
};

static int make_node(struct tess_vfs_path *p, void *ctx)
{
	const struct node_spec *spec = ctx;
	struct tess_vnode *vn;
	int err = fs_can_create(p);

	if (err)
		return err;
	if (!p->dir->ops->mknod)
		return -EPERM;
	err = p->dir->ops->mknod(p->dir, p->name, p->len, spec->mode,
				 spec->dev, &vn);
	if (!err)
		tess_vnode_put_locked(vn);
	return err;
}

TESS_SYSCALL_DEFINE4(mknodat, int, dirfd, const char *, path, unsigned, mode,
		     unsigned, dev)
{
	unsigned type = mode & TESS_S_IFMT;
	struct node_spec spec = {type | (mode & 07777 & ~fs_umask), dev};

	if (type == 0 || type == TESS_S_IFREG) {
		long fd = tess_sys_openat(dirfd, path,
					  TESS_O_CREAT | TESS_O_EXCL |
						  TESS_O_WRONLY,
					  mode & 07777);

		return fd < 0 ? fd : tess_sys_close((int)fd);
	}
	if (type != TESS_S_IFCHR && type != TESS_S_IFBLK &&
	    type != TESS_S_IFIFO && type != TESS_S_IFSOCK)
		return -EINVAL;
	return fs_at_parent(dirfd, path, make_node, &spec);
}

TESS_SYSCALL_DEFINE3(mknod, const char *, path, unsigned, mode, unsigned, dev)
{
	return tess_sys_mknodat(TESS_AT_FDCWD, path, mode, dev);
}
