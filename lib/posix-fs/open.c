/* SPDX-License-Identifier: BSD-3-Clause */
/* open, openat, creat and close. */
#include <errno.h>
#include <tess/posix-fs.h>
#include <tess/syscall.h>

#include "posix_fs_impl.h"

/* Flags that open(2) takes but that are not the file's status. */
#define OPEN_ONLY_FLAGS                                                        \
	(TESS_O_CREAT | TESS_O_EXCL | TESS_O_NOCTTY | TESS_O_TRUNC |           \
	 TESS_O_CLOEXEC)

/* Finds (and with O_CREAT makes) the file to open: a reference in *out. */
static int open_vnode(int dirfd, const char *path, int flags, unsigned mode,
		      struct tess_vnode **out, bool *created)
{
	bool excl = (flags & (TESS_O_CREAT | TESS_O_EXCL)) ==
		    (TESS_O_CREAT | TESS_O_EXCL);
	bool follow = !(flags & TESS_O_NOFOLLOW) && !excl;
	struct tess_vfs_path p;
	int err;

	*created = false;
	if (!(flags & TESS_O_CREAT)) {
		err = tess_vfs_lookup(dirfd, path,
				      follow ? TESS_VFS_LOOKUP_FOLLOW : 0, &p);
		if (err)
			return err;
		*out = p.vn;
		return 0;
	}
	tess_vfs_ns_lock();
	err = tess_vfs_lookup(dirfd, path,
			      TESS_VFS_LOOKUP_PARENT |
				      (follow ? TESS_VFS_LOOKUP_FOLLOW : 0),
			      &p);
	if (err)
		goto out;
	if (p.len == 0 || (p.vn && fs_is_dir(p.vn))) {
		err = -EISDIR;
	} else if (p.vn) {
		err = excl ? -EEXIST : 0;
		if (!err) {
			*out = p.vn;
			p.vn = NULL;
		}
	} else if (p.slash) {
		err = -EISDIR;
	} else if (fs_rdonly(p.dir)) {
		err = -EROFS;
	} else if (!p.dir->ops->create) {
		err = -EPERM;
	} else {
		err = p.dir->ops->create(p.dir, p.name, p.len,
					 TESS_S_IFREG | (mode & 07777 & ~fs_umask),
					 out);
		*created = err == 0;
	}
	tess_vfs_path_put(&p);
out:
	tess_vfs_ns_unlock();
	return err;
}

static int open_checks(struct tess_vnode *vn, int flags)
{
	unsigned acc = (unsigned)flags & TESS_O_ACCMODE;

	if (flags & TESS_O_PATH)
		return (flags & TESS_O_DIRECTORY) && !fs_is_dir(vn) ? -ENOTDIR
								  : 0;
	if ((flags & TESS_O_DIRECTORY) && !fs_is_dir(vn))
		return -ENOTDIR; /* before ELOOP, as Linux answers */
	if (TESS_S_ISTYPE(vn->mode, TESS_S_IFLNK))
		return -ELOOP; /* O_NOFOLLOW met a link */
	if (fs_is_dir(vn) && acc != TESS_O_RDONLY)
		return -EISDIR;
	if (TESS_S_ISTYPE(vn->mode, TESS_S_IFIFO) ||
	    TESS_S_ISTYPE(vn->mode, TESS_S_IFSOCK))
		return -ENXIO; /* named FIFOs and sockets: not yet */
	if (acc != TESS_O_RDONLY && fs_rdonly(vn))
		return -EROFS;
	return 0;
}

TESS_SYSCALL_DEFINE4(openat, int, dirfd, const char *, path, int, flags,
		     unsigned, mode)
{
	struct tess_vnode *vn;
	struct tess_file *f;
	bool created;
	int err;

	if ((flags & TESS_O_ACCMODE) == 3)
		return -EINVAL;
	if ((flags & TESS_O_TMPFILE) == TESS_O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & TESS_O_PATH)
		flags &= TESS_O_PATH | TESS_O_DIRECTORY | TESS_O_NOFOLLOW |
			 TESS_O_CLOEXEC;
	err = open_vnode(dirfd, path, flags, mode, &vn, &created);
	if (err)
		return err;
	err = open_checks(vn, flags);
	if (!err && !created && (flags & TESS_O_TRUNC) &&
	    TESS_S_ISTYPE(vn->mode, TESS_S_IFREG) &&
	    (flags & TESS_O_ACCMODE) != TESS_O_RDONLY) {
		struct tess_vfs_attr attr = {.mask = TESS_VFS_ATTR_SIZE,
					     .size = 0};

		err = fs_setattr(vn, &attr);
	}
	if (err) {
		tess_vnode_put(vn);
		return err;
	}
	/* Linux marks every file opened by a 64-bit program O_LARGEFILE
	 * (F_GETFL shows it; pipes and the like do not have it). */
	err = tess_vfs_file_open(vn,
				 ((unsigned)flags & ~OPEN_ONLY_FLAGS) |
					 TESS_O_LARGEFILE,
				 &f);
	tess_vnode_put(vn);
	if (err)
		return err;
	return tess_vfs_fd_alloc(f, 0,
				 flags & TESS_O_CLOEXEC ? TESS_VFS_FD_CLOEXEC
							: 0);
}

TESS_SYSCALL_DEFINE3(open, const char *, path, int, flags, unsigned, mode)
{
	return tess_sys_openat(TESS_AT_FDCWD, path, flags, mode);
}

TESS_SYSCALL_DEFINE2(creat, const char *, path, unsigned, mode)
{
	return tess_sys_openat(TESS_AT_FDCWD, path,
			       TESS_O_CREAT | TESS_O_WRONLY | TESS_O_TRUNC,
			       mode);
}

TESS_SYSCALL_DEFINE1(close, int, fd)
{
	return tess_vfs_fd_close(fd);
}
