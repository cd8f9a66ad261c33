/* SPDX-License-Identifier: BSD-3-Clause */
/* Descriptors: dup, fcntl, ioctl, flock. */
#include <errno.h>
#include <tess/posix-fs.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>

#include "posix_fs_impl.h"

TESS_SYSCALL_DEFINE1(dup, int, fd)
{
	struct tess_file *f = tess_vfs_fd_get(fd);

	if (!f)
		return -EBADF;
	return tess_vfs_fd_alloc(f, 0, 0);
}

TESS_SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	struct tess_file *f;
	int ret;

	if (flags & ~TESS_O_CLOEXEC || oldfd == newfd)
		return -EINVAL;
	f = tess_vfs_fd_get(oldfd);
	if (!f)
		return -EBADF;
	ret = tess_vfs_fd_install_at(f, newfd,
				     flags ? TESS_VFS_FD_CLOEXEC : 0);
	tess_file_put(f);
	return ret;
}

TESS_SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	if (oldfd == newfd)
		return tess_vfs_fd_flags(oldfd) < 0 ? -EBADF : newfd;
	return tess_sys_dup3(oldfd, newfd, 0);
}

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_GETLK		5
#define F_SETLK		6
#define F_SETLKW	7
#define F_SETOWN	8
#define F_GETOWN	9
#define F_OFD_GETLK	36
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC	1

/* What F_SETFL may change. */
#define SETFL_FLAGS                                                            \
	(TESS_O_APPEND | TESS_O_NONBLOCK | TESS_O_DIRECT | TESS_O_NOATIME |    \
	 020000 /* O_ASYNC */)

/* Linux's struct flock (x86_64). */
struct flock_user {
	int16_t type, whence;
	int64_t start, len;
	int32_t pid;
};

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

static int record_lock(struct tess_file *f, int cmd, struct flock_user *user)
{
	bool ofd = cmd >= F_OFD_GETLK && cmd <= F_OFD_SETLKW;
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	const void *owner = ofd ? f : NULL;
	struct tess_vfs_flock lk;
	int64_t base = 0;
	int err;

	if (!user)
		return -EFAULT;
	if (!f->vn || (f->flags & TESS_O_PATH))
		return -EBADF;
	if (ofd && user->pid != 0)
		return -EINVAL;
	switch (user->whence) {
	case 0:
		break;
	case 1:
		base = (int64_t)f->pos;
		break;
	case 2: {
		struct tess_stat st;

		err = fs_getattr(f->vn, &st);
		if (err)
			return err;
		base = st.size;
		break;
	}
	default:
		return -EINVAL;
	}
	if (user->start > 0 && base > INT64_MAX - user->start)
		return -EOVERFLOW;
	lk = (struct tess_vfs_flock){user->type, base + user->start, user->len,
				     0};
	if (get) {
		err = tess_vfs_lock_get(f->vn, owner, &lk);
		if (err)
			return err;
		user->type = lk.type;
		if (lk.type != F_UNLCK) {
			user->whence = 0;
			user->start = lk.start;
			user->len = lk.len;
			user->pid = lk.pid < 0 ? -1 : TESS_POSIX_PID;
		}
		return 0;
	}
	/* Locking for reading needs a readable file, for writing a
	 * writable one. */
	if ((lk.type == F_RDLCK &&
	     (f->flags & TESS_O_ACCMODE) == TESS_O_WRONLY) ||
	    (lk.type == F_WRLCK && (f->flags & TESS_O_ACCMODE) == TESS_O_RDONLY))
		return -EBADF;
	return tess_vfs_lock_set(f->vn, owner, &lk,
				 cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

static long fcntl_file(struct tess_file *f, int fd, int cmd, unsigned long arg)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((long)arg < 0 || arg >= (unsigned long)tess_vfs_fd_limit())
			return -EINVAL;
		tess_file_ref(f);
		return tess_vfs_fd_alloc(f, (int)arg,
					 cmd == F_DUPFD ? 0
							: TESS_VFS_FD_CLOEXEC);
	case F_GETFD: {
		int flags = tess_vfs_fd_flags(fd);

		return flags < 0 ? flags
				 : (flags & TESS_VFS_FD_CLOEXEC ? FD_CLOEXEC
								: 0);
	}
	case F_SETFD:
		return tess_vfs_fd_flags_set(fd, arg & FD_CLOEXEC
							 ? TESS_VFS_FD_CLOEXEC
							 : 0);
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_FLAGS) | (arg & SETFL_FLAGS);
		if (f->ops->flags_changed)
			f->ops->flags_changed(f);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return record_lock(f, cmd, (struct flock_user *)arg);
	case F_GETOWN:
	case F_SETOWN:
		return 0; /* no owner: no SIGIO is ever sent */
	default:
		return -EINVAL;
	}
}

TESS_SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = fcntl_file(f, fd, cmd, arg);
	tess_file_put(f);
	return ret;
}

#define FIONREAD 0x541b
#define FIONBIO	 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX	 0x5451

TESS_SYSCALL_DEFINE3(ioctl, int, fd, unsigned long, request, unsigned long,
		     arg)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	long ret;

	if (!f)
		return -EBADF;
	switch (request) {
	case FIOCLEX:
	case FIONCLEX:
		ret = tess_vfs_fd_flags_set(fd, request == FIOCLEX
							? TESS_VFS_FD_CLOEXEC
							: 0);
		break;
	case FIONBIO:
		if (!arg) {
			ret = -EFAULT;
			break;
		}
		ret = fcntl_file(f, fd, F_SETFL,
				 *(int *)arg ? f->flags | TESS_O_NONBLOCK
					     : f->flags & ~TESS_O_NONBLOCK);
		break;
	case FIONREAD:
		/* A regular file: the bytes after the position. */
		if (f->vn && TESS_S_ISTYPE(f->vn->mode, TESS_S_IFREG)) {
			struct tess_stat st;

			ret = arg ? fs_getattr(f->vn, &st) : -EFAULT;
			if (!ret)
				*(int *)arg = st.size > (int64_t)f->pos
						      ? (int)(st.size -
							      (int64_t)f->pos)
						      : 0;
			break;
		}
		__attribute__((fallthrough)); /* the kind answers */
	default:
		ret = f->ops->ioctl ? f->ops->ioctl(f, request, arg) : -ENOTTY;
	}
	tess_file_put(f);
	return ret;
}

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

/* flock(2): a lock of the open file description over the whole file. */
TESS_SYSCALL_DEFINE2(flock, int, fd, int, operation)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	struct tess_vfs_flock lk = {0};
	int op = operation & ~LOCK_NB;
	int err;

	if (!f)
		return -EBADF;
	if (!f->vn) {
		tess_file_put(f);
		return -EINVAL;
	}
	lk.type = op == LOCK_SH ? F_RDLCK : op == LOCK_EX ? F_WRLCK : F_UNLCK;
	if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN)
		err = -EINVAL;
	else
		err = tess_vfs_lock_set(f->vn, f, &lk, !(operation & LOCK_NB));
	tess_file_put(f);
	return err == -EAGAIN ? -EWOULDBLOCK : err;
}
