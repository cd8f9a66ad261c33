/* SPDX-License-Identifier: BSD-3-Clause */
/* Directories: getdents64, mkdir, rmdir, chdir, getcwd. */
#include <errno.h>
#include <string.h>
#include <tess/posix-fs.h>
#include <tess/syscall.h>

#include "posix_fs_impl.h"

/* Linux's struct linux_dirent64 header; the name follows. */
struct dirent64_head {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
} __attribute__((packed));

struct dirent_fill {
	char *buf;
	size_t size, used;
	bool full; /* an entry did not fit */
};

static int fill_one(void *ctx, const char *name, size_t len, uint64_t ino,
		    unsigned dtype, uint64_t next_cookie)
{
	struct dirent_fill *d = ctx;
	size_t reclen = (sizeof(struct dirent64_head) + len + 1 + 7) & ~7ul;
	struct dirent64_head head = {ino, (int64_t)next_cookie,
				     (uint16_t)reclen, (uint8_t)dtype};

	if (d->used + reclen > d->size) {
		d->full = true;
		return 1;
	}
	memcpy(d->buf + d->used, &head, sizeof(head));
	memcpy(d->buf + d->used + sizeof(head), name, len);
	memset(d->buf + d->used + sizeof(head) + len, 0,
	       reclen - sizeof(head) - len);
	d->used += reclen;
	return 0;
}

TESS_SYSCALL_DEFINE3(getdents64, int, fd, void *, buf, size_t, len)
{
	struct dirent_fill d = {buf, len, 0, false};
	struct tess_file *f = tess_vfs_fd_get(fd);
	long err;

	if (!f)
		return -EBADF;
	if (!f->vn || (f->flags & TESS_O_PATH)) {
		tess_file_put(f);
		return -EBADF;
	}
	if (!fs_is_dir(f->vn) || !f->vn->ops->readdir) {
		tess_file_put(f);
		return -ENOTDIR;
	}
	if (len && !buf) {
		tess_file_put(f);
		return -EFAULT;
	}
	/* A directory's position is the file system's cookie. */
	tess_lock_mutex_lock(&f->pos_lock);
	err = f->vn->ops->readdir(f->vn, &f->pos, fill_one, &d);
	tess_lock_mutex_unlock(&f->pos_lock);
	tess_file_put(f);
	if (err)
		return err;
	/* Entries remained but the first did not fit. */
	return !d.used && d.full ? -EINVAL : (long)d.used;
}

int fs_at_parent(int dirfd, const char *path,
		 int (*change)(struct tess_vfs_path *p, void *ctx), void *ctx)
{
	struct tess_vfs_path p;
	int err;

	tess_vfs_ns_lock();
	err = tess_vfs_lookup(dirfd, path, TESS_VFS_LOOKUP_PARENT, &p);
	if (!err) {
		err = change(&p, ctx);
		tess_vfs_path_put(&p);
	}
	tess_vfs_ns_unlock();
	return err;
}

int fs_can_create(const struct tess_vfs_path *p)
{
	if (p->len == 0 || p->vn)
		return -EEXIST;
	return fs_rdonly(p->dir) ? -EROFS : 0;
}

static int make_dir(struct tess_vfs_path *p, void *ctx)
{
	unsigned mode = *(const unsigned *)ctx;
	int err = fs_can_create(p);

	if (err)
		return err;
	if (!p->dir->ops->mkdir)
		return -EPERM;
	return p->dir->ops->mkdir(p->dir, p->name, p->len,
				  TESS_S_IFDIR | (mode & 07777 & ~fs_umask));
}

TESS_SYSCALL_DEFINE3(mkdirat, int, dirfd, const char *, path, unsigned, mode)
{
	return fs_at_parent(dirfd, path, make_dir, &mode);
}

TESS_SYSCALL_DEFINE2(mkdir, const char *, path, unsigned, mode)
{
	return tess_sys_mkdirat(TESS_AT_FDCWD, path, mode);
}

static int remove_dir(struct tess_vfs_path *p, void *ctx)
{
	(void)ctx;
	if (p->len == 0)
		return -EBUSY;
	if (p->len == 1 && p->name[0] == '.')
		return -EINVAL;
	if (fs_is_dot(p))
		return -ENOTEMPTY;
	if (!p->vn)
		return -ENOENT;
	if (!fs_is_dir(p->vn))
		return -ENOTDIR;
	if (p->vn->mounted || p->vn == p->vn->mount->root)
		return -EBUSY;
	if (fs_rdonly(p->dir))
		return -EROFS;
	if (!p->dir->ops->rmdir)
		return -EPERM;
	return p->dir->ops->rmdir(p->dir, p->name, p->len);
}

/* rmdir, and unlinkat with AT_REMOVEDIR. */
long fs_rmdir(int dirfd, const char *path);
long fs_rmdir(int dirfd, const char *path)
{
	return fs_at_parent(dirfd, path, remove_dir, NULL);
}

TESS_SYSCALL_DEFINE1(rmdir, const char *, path)
{
	return fs_rmdir(TESS_AT_FDCWD, path);
}

TESS_SYSCALL_DEFINE1(chdir, const char *, path)
{
	struct tess_vfs_path p;
	int err = tess_vfs_lookup(TESS_AT_FDCWD, path, TESS_VFS_LOOKUP_FOLLOW,
				  &p);

	if (err)
		return err;
	if (fs_is_dir(p.vn))
		tess_vfs_cwd_set(p.vn);
	else
		err = -ENOTDIR;
	tess_vfs_path_put(&p);
	return err;
}

TESS_SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (!f->vn || !fs_is_dir(f->vn))
		err = -ENOTDIR;
	else
		tess_vfs_cwd_set(f->vn);
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE2(getcwd, char *, buf, size_t, size)
{
	struct tess_vnode *cwd = tess_vfs_cwd();
	long n;

	if (!cwd)
		return -ENOENT;
	if (!buf) {
		tess_vnode_put(cwd);
		return -EFAULT;
	}
	tess_vfs_ns_lock();
	n = tess_vfs_dir_path(cwd, buf, size);
	tess_vnode_put_locked(cwd);
	tess_vfs_ns_unlock();
	return n < 0 ? n : n + 1; /* Linux counts the NUL */
}
