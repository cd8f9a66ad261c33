/* SPDX-License-Identifier: BSD-3-Clause */
/* Attributes: chmod, chown, utimensat, access, umask, truncate, fsync. */
#include <errno.h>
#include <tess/posix-fs.h>
#include <tess/syscall.h>

#include "posix_fs_impl.h"

unsigned fs_umask = 022;

/*
 * A change of owner or group of a file that is not a directory drops its
 * set-user-ID bit, and its set-group-ID bit when it is group-executable
 * (Linux does so for root too): the mode change goes with the owner's.
 */
static int fs_setattr_owner(struct tess_vnode *vn,
			    const struct tess_vfs_attr *attr)
{
	struct tess_vfs_attr both = *attr;
	struct tess_stat st;
	int err;

	if (!(attr->mask & (TESS_VFS_ATTR_UID | TESS_VFS_ATTR_GID)) ||
	    fs_is_dir(vn))
		return fs_setattr(vn, attr);
	err = fs_getattr(vn, &st);
	if (err)
		return err;
	both.mode = st.mode & 07777 & ~04000u;
	if ((st.mode & 02010) == 02010)
		both.mode &= ~02000u;
	if (both.mode != (st.mode & 07777))
		both.mask |= TESS_VFS_ATTR_MODE;
	return fs_setattr(vn, &both);
}

/* Applies attr to what (dirfd, path, flags) names; AT_EMPTY_PATH with
 * "" is dirfd's own file. */
static int setattr_at(int dirfd, const char *path, int flags,
		      const struct tess_vfs_attr *attr)
{
	struct tess_vfs_path p;
	unsigned lookup = TESS_VFS_LOOKUP_FOLLOW;
	int err;

	if (flags & ~(TESS_AT_SYMLINK_NOFOLLOW | TESS_AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & TESS_AT_SYMLINK_NOFOLLOW)
		lookup = 0;
	if (flags & TESS_AT_EMPTY_PATH)
		lookup |= TESS_VFS_LOOKUP_EMPTY;
	err = tess_vfs_lookup(dirfd, path, lookup, &p);
	if (err)
		return err;
	err = fs_setattr_owner(p.vn, attr);
	tess_vfs_path_put(&p);
	return err;
}

static int setattr_fd(int fd, const struct tess_vfs_attr *attr)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	int err;

	if (!f)
		return -EBADF;
	err = f->vn ? fs_setattr_owner(f->vn, attr) : -EPERM;
	tess_file_put(f);
	return err;
}

static struct tess_vfs_attr mode_attr(unsigned mode)
{
	return (struct tess_vfs_attr){.mask = TESS_VFS_ATTR_MODE,
				      .mode = mode & 07777};
}

TESS_SYSCALL_DEFINE3(fchmodat, int, dirfd, const char *, path, unsigned, mode)
{
	struct tess_vfs_attr attr = mode_attr(mode);

	return setattr_at(dirfd, path, 0, &attr);
}

TESS_SYSCALL_DEFINE2(chmod, const char *, path, unsigned, mode)
{
	return tess_sys_fchmodat(TESS_AT_FDCWD, path, mode);
}

TESS_SYSCALL_DEFINE2(fchmod, int, fd, unsigned, mode)
{
	struct tess_vfs_attr attr = mode_attr(mode);

	return setattr_fd(fd, &attr);
}

static struct tess_vfs_attr owner_attr(int uid, int gid)
{
	struct tess_vfs_attr attr = {0};

	if (uid != -1) {
		attr.mask |= TESS_VFS_ATTR_UID;
		attr.uid = (uint32_t)uid;
	}
	if (gid != -1) {
		attr.mask |= TESS_VFS_ATTR_GID;
		attr.gid = (uint32_t)gid;
	}
	return attr;
}

TESS_SYSCALL_DEFINE5(fchownat, int, dirfd, const char *, path, int, uid, int,
		     gid, int, flags)
{
	struct tess_vfs_attr attr = owner_attr(uid, gid);

	return setattr_at(dirfd, path, flags, &attr);
}

TESS_SYSCALL_DEFINE3(chown, const char *, path, int, uid, int, gid)
{
	return tess_sys_fchownat(TESS_AT_FDCWD, path, uid, gid, 0);
}

TESS_SYSCALL_DEFINE3(lchown, const char *, path, int, uid, int, gid)
{
	return tess_sys_fchownat(TESS_AT_FDCWD, path, uid, gid,
				 TESS_AT_SYMLINK_NOFOLLOW);
}

TESS_SYSCALL_DEFINE3(fchown, int, fd, int, uid, int, gid)
{
	struct tess_vfs_attr attr = owner_attr(uid, gid);

	return setattr_fd(fd, &attr);
}

#define UTIME_NOW  ((1l << 30) - 1)
#define UTIME_OMIT ((1l << 30) - 2)

/* One of utimensat's two times into attr (bit: ATIME or MTIME). */
static int time_of(const struct tess_vfs_timespec *t, unsigned bit,
		   struct tess_vfs_timespec *out, unsigned *mask)
{
	if (!t || t->nsec == UTIME_NOW) {
		*out = fs_now();
	} else if (t->nsec == UTIME_OMIT) {
		return 0;
	} else if (t->nsec < 0 || t->nsec >= 1000000000) {
		return -EINVAL;
	} else {
		*out = *t;
	}
	*mask |= bit;
	return 0;
}

TESS_SYSCALL_DEFINE4(utimensat, int, dirfd, const char *, path,
		     const struct tess_vfs_timespec *, times, int, flags)
{
	struct tess_vfs_attr attr = {0};
	int err;

	err = time_of(times ? &times[0] : NULL, TESS_VFS_ATTR_ATIME,
		      &attr.atime, &attr.mask);
	if (!err)
		err = time_of(times ? &times[1] : NULL, TESS_VFS_ATTR_MTIME,
			      &attr.mtime, &attr.mask);
	if (err)
		return err;
	if (!path) /* futimens: glibc's and musl's way to name dirfd */
		return flags ? -EINVAL : setattr_fd(dirfd, &attr);
	return setattr_at(dirfd, path, flags, &attr);
}

#define X_OK 1
#define W_OK 2

TESS_SYSCALL_DEFINE4(faccessat2, int, dirfd, const char *, path, int, mode,
		     int, flags)
{
	struct tess_vfs_path p;
	struct tess_stat st;
	int err;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(TESS_AT_SYMLINK_NOFOLLOW | TESS_AT_EMPTY_PATH |
		      0x200 /* AT_EACCESS */))
		return -EINVAL;
	err = tess_vfs_lookup(dirfd, path,
			      (flags & TESS_AT_SYMLINK_NOFOLLOW
				       ? 0
				       : TESS_VFS_LOOKUP_FOLLOW) |
				      (flags & TESS_AT_EMPTY_PATH
					       ? TESS_VFS_LOOKUP_EMPTY
					       : 0),
			      &p);
	if (err)
		return err;
	/* Root: reading and writing are always allowed; executing needs an
	 * execute bit (or a directory), as Linux decides for root. */
	if ((mode & W_OK) && fs_rdonly(p.vn))
		err = -EROFS;
	if (!err && (mode & X_OK)) {
		err = fs_getattr(p.vn, &st);
		if (!err && !fs_is_dir(p.vn) && !(st.mode & 0111))
			err = -EACCES;
	}
	tess_vfs_path_put(&p);
	return err;
}

TESS_SYSCALL_DEFINE3(faccessat, int, dirfd, const char *, path, int, mode)
{
	return tess_sys_faccessat2(dirfd, path, mode, 0);
}

TESS_SYSCALL_DEFINE2(access, const char *, path, int, mode)
{
	return tess_sys_faccessat2(TESS_AT_FDCWD, path, mode, 0);
}

TESS_SYSCALL_DEFINE1(umask, unsigned, mask)
{
	unsigned old = fs_umask;

	fs_umask = mask & 0777;
	return old;
}

static int truncate_vnode(struct tess_vnode *vn, long length)
{
	struct tess_vfs_attr attr = {.mask = TESS_VFS_ATTR_SIZE,
				     .size = (uint64_t)length};

	if (length < 0)
		return -EINVAL;
	if (fs_is_dir(vn))
		return -EISDIR;
	if (!TESS_S_ISTYPE(vn->mode, TESS_S_IFREG))
		return -EINVAL;
	return fs_setattr(vn, &attr);
}

TESS_SYSCALL_DEFINE2(truncate, const char *, path, long, length)
{
	struct tess_vfs_path p;
	int err = tess_vfs_lookup(TESS_AT_FDCWD, path, TESS_VFS_LOOKUP_FOLLOW,
				  &p);

	if (err)
		return err;
	err = truncate_vnode(p.vn, length);
	tess_vfs_path_put(&p);
	return err;
}

TESS_SYSCALL_DEFINE2(ftruncate, int, fd, long, length)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	int err;

	if (!f)
		return -EBADF;
	if (!f->vn || (f->flags & TESS_O_PATH))
		err = f->vn ? -EBADF : -EINVAL;
	else if ((f->flags & TESS_O_ACCMODE) == TESS_O_RDONLY)
		err = -EINVAL;
	else
		err = truncate_vnode(f->vn, length);
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE4(fallocate, int, fd, int, mode, long, offset, long, len)
{
	struct tess_stat st = {0};
	struct tess_file *f;
	int err;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (mode != 0)
		return -EOPNOTSUPP; /* only plain allocation */
	f = tess_vfs_fd_get(fd);
	if (!f)
		return -EBADF;
	if ((f->flags & TESS_O_ACCMODE) == TESS_O_RDONLY || !f->vn)
		err = -EBADF;
	else if (!TESS_S_ISTYPE(f->vn->mode, TESS_S_IFREG))
		err = fs_is_dir(f->vn) ? -EISDIR : -ENODEV;
	else if (offset > INT64_MAX - len)
		err = -EFBIG;
	else
		err = fs_getattr(f->vn, &st);
	if (!err && st.size < offset + len)
		err = truncate_vnode(f->vn, offset + len);
	tess_file_put(f);
	return err;
}

static int sync_fd(int fd, bool datasync)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (f->vn && f->vn->ops->fsync)
		err = f->vn->ops->fsync(f->vn, datasync);
	else if (!f->vn)
		err = -EINVAL; /* Linux: pipes and sockets cannot be synced */
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE1(fsync, int, fd)
{
	return sync_fd(fd, false);
}

TESS_SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return sync_fd(fd, true);
}

/* Each file system writes through at fsync or at once (ramfs has nothing
 * to write): sync has nothing to wait for. */
TESS_SYSCALL_DEFINE0(sync)
{
	return 0;
}

TESS_SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct tess_file *f = tess_vfs_fd_get(fd);

	if (!f)
		return -EBADF;
	tess_file_put(f);
	return 0;
}
