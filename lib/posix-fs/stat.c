/* SPDX-License-Identifier: BSD-3-Clause */
/* The stat family, and attributes of vnodes and open files. */
#include <errno.h>
#include <string.h>
#include <tess/plat/time.h>
#include <tess/posix-fs.h>
#include <tess/syscall.h>

#include "posix_fs_impl.h"

struct tess_vfs_timespec fs_now(void)
{
	uint64_t ns = tess_plat_wall_ns();

	return (struct tess_vfs_timespec){(int64_t)(ns / 1000000000u),
				      (int64_t)(ns % 1000000000u)};
}

int fs_getattr(struct tess_vnode *vn, struct tess_stat *st)
{
	int err;

	memset(st, 0, sizeof(*st));
	if (!vn->ops->getattr) {
		st->mode = vn->mode;
		st->nlink = 1;
		st->blksize = 4096;
		err = 0;
	} else {
		err = vn->ops->getattr(vn, st);
	}
	st->dev = vn->mount->dev;
	if (!st->ino)
		st->ino = vn->ino;
	return err;
}

int fs_file_getattr(struct tess_file *f, struct tess_stat *st)
{
	if (f->vn)
		return fs_getattr(f->vn, st);
	memset(st, 0, sizeof(*st));
	if (!f->ops->getattr) {
		st->mode = 0600; /* an anonymous file of no known type */
		st->nlink = 1;
		st->blksize = 4096;
		return 0;
	}
	return f->ops->getattr(f, st);
}

int fs_setattr(struct tess_vnode *vn, const struct tess_vfs_attr *attr)
{
	if (fs_rdonly(vn))
		return -EROFS;
	if (!vn->ops->setattr)
		return -EPERM;
	return vn->ops->setattr(vn, attr);
}

TESS_SYSCALL_DEFINE2(fstat, int, fd, struct tess_stat *, st)
{
	struct tess_file *f;
	int err;

	if (!st)
		return -EFAULT;
	f = tess_vfs_fd_get(fd);
	if (!f)
		return -EBADF;
	err = fs_file_getattr(f, st);
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE4(newfstatat, int, dirfd, const char *, path,
		     struct tess_stat *, st, int, flags)
{
	struct tess_vfs_path p;
	unsigned lookup = 0;
	int err;

	if (flags & ~(TESS_AT_SYMLINK_NOFOLLOW | TESS_AT_EMPTY_PATH |
		      0x800 /* AT_NO_AUTOMOUNT */))
		return -EINVAL;
	if (!st || !path)
		return -EFAULT;
	if ((flags & TESS_AT_EMPTY_PATH) && !*path)
		return dirfd == TESS_AT_FDCWD ? tess_sys_newfstatat(
							dirfd, ".", st, 0)
					      : tess_sys_fstat(dirfd, st);
	if (!(flags & TESS_AT_SYMLINK_NOFOLLOW))
		lookup |= TESS_VFS_LOOKUP_FOLLOW;
	err = tess_vfs_lookup(dirfd, path, lookup, &p);
	if (err)
		return err;
	err = fs_getattr(p.vn, st);
	tess_vfs_path_put(&p);
	return err;
}

TESS_SYSCALL_DEFINE2(stat, const char *, path, struct tess_stat *, st)
{
	return tess_sys_newfstatat(TESS_AT_FDCWD, path, st, 0);
}

TESS_SYSCALL_DEFINE2(lstat, const char *, path, struct tess_stat *, st)
{
	return tess_sys_newfstatat(TESS_AT_FDCWD, path, st,
				   TESS_AT_SYMLINK_NOFOLLOW);
}

/* Linux's struct statx. */
struct statx_time {
	int64_t sec;
	uint32_t nsec;
	int32_t reserved;
};
struct statx_user {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_time atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare2[14];
};
#define STATX_BASIC_STATS 0x7ffu

static uint32_t dev_major(uint64_t dev)
{
	return (uint32_t)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffu));
}

static uint32_t dev_minor(uint64_t dev)
{
	return (uint32_t)((dev & 0xff) | ((dev >> 12) & ~0xffu));
}

static struct statx_time statx_time_of(struct tess_vfs_timespec t)
{
	return (struct statx_time){t.sec, (uint32_t)t.nsec, 0};
}

TESS_SYSCALL_DEFINE5(statx, int, dirfd, const char *, path, int, flags,
		     unsigned, mask, void *, buf)
{
	struct statx_user *sx = buf;
	struct tess_stat st;
	long err;

	if (mask & 0x80000000u) /* STATX__RESERVED */
		return -EINVAL;
	if (!sx)
		return -EFAULT;
	if ((flags & 0x6000) == 0x6000) /* both AT_STATX_SYNC_TYPE bits */
		return -EINVAL;
	err = tess_sys_newfstatat(dirfd, path, &st, flags & ~0x6000);
	if (err)
		return err;
	memset(sx, 0, sizeof(*sx));
	sx->mask = STATX_BASIC_STATS;
	sx->blksize = (uint32_t)st.blksize;
	sx->nlink = (uint32_t)st.nlink;
	sx->uid = st.uid;
	sx->gid = st.gid;
	sx->mode = (uint16_t)st.mode;
	sx->ino = st.ino;
	sx->size = (uint64_t)st.size;
	sx->blocks = (uint64_t)st.blocks;
	sx->atime = statx_time_of(st.atime);
	sx->mtime = statx_time_of(st.mtime);
	sx->ctime = statx_time_of(st.ctime);
	sx->rdev_major = dev_major(st.rdev);
	sx->rdev_minor = dev_minor(st.rdev);
	sx->dev_major = dev_major(st.dev);
	sx->dev_minor = dev_minor(st.dev);
	return 0;
}
