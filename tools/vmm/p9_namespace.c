/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 9P2000.L server's attributes and the messages that change the tree
 * (mkdir, symlink, mknod, link, rename, unlink, remove). Every name is one
 * checked component under a fid's folder, given to an *at call that does
 * not follow a trailing symlink (mkdirat, mknodat, symlinkat, linkat
 * without AT_SYMLINK_FOLLOW on the new name, renameat, unlinkat, fstatat
 * with AT_SYMLINK_NOFOLLOW); what acts on a fid's own object goes through
 * its descriptor (AT_EMPTY_PATH, or its /proc/self/fd entry).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "p9_internal.h"

/* The fid's object's stat (a symlink's own). */
static int fid_stat(const struct p9_fid *f, struct stat *st)
{
	return fstatat(f->fd, "", st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0
		       ? -errno
		       : 0;
}

/* The qid of name under dirfd (just made), into the reply. */
static int put_qid_at(struct p9_server *s, int dirfd, const char *name,
		      struct p9_out *out)
{
	struct stat st;
	struct p9_qid qid;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	qid = p9_qid_of(s, &st);
	p9_put_qid(out, &qid);
	return 0;
}

/* "/proc/self/fd" entry name of a descriptor. */
static void fd_name(int fd, char num[16])
{
	snprintf(num, 16, "%d", fd);
}

int p9_getattr(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	uint64_t mask = p9_get8(in);
	struct p9_qid qid;
	struct stat st;
	int err;

	(void)mask; /* every basic field is filled, whatever is asked */
	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if ((err = fid_stat(f, &st)))
		return err;
	qid = p9_qid_of(s, &st);
	p9_put8(out, P9_GETATTR_BASIC);
	p9_put_qid(out, &qid);
	p9_put4(out, st.st_mode);
	p9_put4(out, st.st_uid);
	p9_put4(out, st.st_gid);
	p9_put8(out, st.st_nlink);
	p9_put8(out, st.st_rdev);
	p9_put8(out, (uint64_t)st.st_size);
	p9_put8(out, (uint64_t)st.st_blksize);
	p9_put8(out, (uint64_t)st.st_blocks);
	p9_put8(out, (uint64_t)st.st_atim.tv_sec);
	p9_put8(out, (uint64_t)st.st_atim.tv_nsec);
	p9_put8(out, (uint64_t)st.st_mtim.tv_sec);
	p9_put8(out, (uint64_t)st.st_mtim.tv_nsec);
	p9_put8(out, (uint64_t)st.st_ctim.tv_sec);
	p9_put8(out, (uint64_t)st.st_ctim.tv_nsec);
	for (int i = 0; i < 4; i++)
		p9_put8(out, 0); /* btime (2), gen, data_version: not given */
	return 0;
}

/* A Tsetattr time: now, the given one, or left alone. */
static int time_take(bool set, bool given, uint64_t sec, uint64_t nsec,
		     struct timespec *ts)
{
	if (!set) {
		*ts = (struct timespec){0, UTIME_OMIT};
	} else if (!given) {
		*ts = (struct timespec){0, UTIME_NOW};
	} else {
		if (nsec >= 1000000000)
			return -EINVAL;
		*ts = (struct timespec){(time_t)sec, (long)nsec};
	}
	return 0;
}

/* Truncates the fid's regular file: through its own descriptor when it
 * is opened for writing, else through one opened for that. */
static int truncate_fid(struct p9_server *s, struct p9_fid *f,
			const struct stat *st, uint64_t size)
{
	int fd, err = 0;

	if (S_ISDIR(st->st_mode))
		return -EISDIR;
	if (!S_ISREG(st->st_mode))
		return -EINVAL; /* a FIFO or device would block or mean nothing */
	if (size > INT64_MAX)
		return -EFBIG;
	if (f->opened && f->access != O_RDONLY)
		return ftruncate(f->fd, (off_t)size) < 0 ? -errno : 0;
	fd = p9_reopen(s, f->fd, O_WRONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	if (ftruncate(fd, (off_t)size) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* Mode, owner, size, then times (so that the truncation's own change of
 * mtime does not undo the one asked for). */
int p9_setattr(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	uint32_t valid = p9_get4(in), mode = p9_get4(in);
	uint32_t uid = p9_get4(in), gid = p9_get4(in);
	uint64_t size = p9_get8(in);
	uint64_t atime_sec = p9_get8(in), atime_nsec = p9_get8(in);
	uint64_t mtime_sec = p9_get8(in), mtime_nsec = p9_get8(in);
	struct timespec times[2];
	struct stat st;
	char num[16];
	int err;

	(void)out;
	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if ((err = time_take(valid & P9_SETATTR_ATIME,
			     valid & P9_SETATTR_ATIME_SET, atime_sec,
			     atime_nsec, &times[0])) ||
	    (err = time_take(valid & P9_SETATTR_MTIME,
			     valid & P9_SETATTR_MTIME_SET, mtime_sec,
			     mtime_nsec, &times[1])))
		return err;
	if ((err = fid_stat(f, &st)))
		return err;
	if (valid & P9_SETATTR_MODE) {
		if (S_ISLNK(st.st_mode))
			return -EOPNOTSUPP; /* as Linux's lchmod */
		fd_name(f->fd, num);
		if (fchmodat(s->proc_fd, num,
			     p9_mode_bits(mode, S_ISDIR(st.st_mode)), 0) < 0)
			return -errno;
	}
	if ((valid & (P9_SETATTR_UID | P9_SETATTR_GID)) &&
	    fchownat(f->fd, "", valid & P9_SETATTR_UID ? (uid_t)uid : (uid_t)-1,
		     valid & P9_SETATTR_GID ? (gid_t)gid : (gid_t)-1,
		     AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if ((valid & P9_SETATTR_SIZE) && (err = truncate_fid(s, f, &st, size)))
		return err;
	if ((valid & (P9_SETATTR_ATIME | P9_SETATTR_MTIME)) &&
	    utimensat(f->fd, "", times, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) <
		    0)
		return -errno;
	return 0;
}

int p9_statfs(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	struct statfs st;

	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if (fstatfs(f->fd, &st) < 0)
		return -errno;
	p9_put4(out, (uint32_t)st.f_type);
	p9_put4(out, (uint32_t)st.f_bsize);
	p9_put8(out, st.f_blocks);
	p9_put8(out, st.f_bfree);
	p9_put8(out, st.f_bavail);
	p9_put8(out, st.f_files);
	p9_put8(out, st.f_ffree);
	p9_put8(out, (uint32_t)st.f_fsid.__val[0] |
			     (uint64_t)(uint32_t)st.f_fsid.__val[1] << 32);
	p9_put4(out, (uint32_t)st.f_namelen);
	return 0;
}

int p9_readlink(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	char target[PATH_MAX];
	ssize_t n;

	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if (f->qid_type != P9_QTSYMLINK)
		return -EINVAL;
	n = readlinkat(f->fd, "", target, sizeof(target));
	if (n < 0)
		return -errno;
	if ((size_t)n == sizeof(target))
		return -ENAMETOOLONG;
	p9_put_str(out, target, (size_t)n);
	return 0;
}

/* The fid of a folder a new entry goes into. */
static int dir_fid(struct p9_server *s, uint32_t n, struct p9_fid **f)
{
	*f = p9_fid_find(s, n);
	if (!*f)
		return -EBADF;
	return (*f)->qid_type == P9_QTDIR ? 0 : -ENOTDIR;
}

int p9_mkdir(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t dfid = p9_get4(in);
	struct p9_str wire = p9_get_str(in);
	mode_t mode = p9_mode_bits(p9_get4(in), true);
	char name[NAME_MAX + 1];
	struct p9_fid *d;
	int err;

	(void)p9_get4(in); /* gid: the monitor's */
	if (in->bad)
		return -EPROTO;
	if ((err = dir_fid(s, dfid, &d)) || (err = p9_name_take(wire, name)))
		return err;
	if (mkdirat(d->fd, name, mode) < 0)
		return -errno;
	if ((err = p9_mode_fix(s, d->fd, name, mode)))
		return err;
	return put_qid_at(s, d->fd, name, out);
}

int p9_symlink(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t dfid = p9_get4(in);
	struct p9_str wire = p9_get_str(in), target = p9_get_str(in);
	char name[NAME_MAX + 1], text[PATH_MAX];
	struct p9_fid *d;
	int err;

	(void)p9_get4(in); /* gid */
	if (in->bad)
		return -EPROTO;
	if ((err = dir_fid(s, dfid, &d)) || (err = p9_name_take(wire, name)))
		return err;
	/* The target is data: any text, never resolved by the server. */
	if (target.len == 0)
		return -ENOENT;
	if (target.len >= sizeof(text))
		return -ENAMETOOLONG;
	if (memchr(target.p, '\0', target.len))
		return -EINVAL;
	memcpy(text, target.p, target.len);
	text[target.len] = '\0';
	if (symlinkat(text, d->fd, name) < 0)
		return -errno;
	return put_qid_at(s, d->fd, name, out);
}

/* Regular files, FIFOs and sockets; never device nodes, which would give
 * the guest the host's devices. */
int p9_mknod(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t dfid = p9_get4(in);
	struct p9_str wire = p9_get_str(in);
	uint32_t mode = p9_get4(in);
	mode_t type = mode & S_IFMT, bits = p9_mode_bits(mode, false);
	char name[NAME_MAX + 1];
	struct p9_fid *d;
	int err;

	(void)p9_get4(in); /* major */
	(void)p9_get4(in); /* minor */
	(void)p9_get4(in); /* gid */
	if (in->bad)
		return -EPROTO;
	if ((err = dir_fid(s, dfid, &d)) || (err = p9_name_take(wire, name)))
		return err;
	if (type == S_IFCHR || type == S_IFBLK)
		return -EPERM;
	if (type != 0 && type != S_IFREG && type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	if (mknodat(d->fd, name, (type ? type : S_IFREG) | bits, 0) < 0)
		return -errno;
	if ((err = p9_mode_fix(s, d->fd, name, bits)))
		return err;
	return put_qid_at(s, d->fd, name, out);
}

/*
 * A fid's own name (for Tremove and Trename): the folder and name it was
 * walked to, if the object there is still the fid's (the host or another
 * fid may have renamed it since). -EBUSY for the root and for a fid
 * reached by "..", whose name the server does not know; -ESTALE when
 * the name now holds something else.
 */
static int fid_named(struct p9_fid *f)
{
	struct stat here, there;

	if (!f->name)
		return -EBUSY;
	if (fstatat(f->fd, "", &here, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) <
		    0 ||
	    fstatat(f->parent_fd, f->name, &there, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (here.st_dev != there.st_dev || here.st_ino != there.st_ino)
		return -ESTALE;
	return 0;
}

int p9_rename(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in)), *d;
	uint32_t dfid = p9_get4(in);
	struct p9_str wire = p9_get_str(in);
	char name[NAME_MAX + 1], *copy;
	int err, parent;

	(void)out;
	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if ((err = dir_fid(s, dfid, &d)) || (err = p9_name_take(wire, name)) ||
	    (err = fid_named(f)))
		return err;
	parent = fcntl(d->fd, F_DUPFD_CLOEXEC, 0);
	copy = strdup(name);
	if (parent < 0 || !copy) {
		err = parent < 0 ? -errno : -ENOMEM;
		if (parent >= 0)
			close(parent);
		free(copy);
		return err;
	}
	if (renameat(f->parent_fd, f->name, d->fd, name) < 0) {
		err = -errno;
		close(parent);
		free(copy);
		return err;
	}
	/* The fid now lives under its new name. */
	close(f->parent_fd);
	free(f->name);
	f->parent_fd = parent;
	f->name = copy;
	return 0;
}

int p9_renameat(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t olddir = p9_get4(in);
	struct p9_str old_wire = p9_get_str(in);
	uint32_t newdir = p9_get4(in);
	struct p9_str new_wire = p9_get_str(in);
	char oldname[NAME_MAX + 1], newname[NAME_MAX + 1];
	struct p9_fid *od, *nd;
	int err;

	(void)out;
	if (in->bad)
		return -EPROTO;
	if ((err = dir_fid(s, olddir, &od)) ||
	    (err = dir_fid(s, newdir, &nd)) ||
	    (err = p9_name_take(old_wire, oldname)) ||
	    (err = p9_name_take(new_wire, newname)))
		return err;
	return renameat(od->fd, oldname, nd->fd, newname) < 0 ? -errno : 0;
}

int p9_unlinkat(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t dfid = p9_get4(in);
	struct p9_str wire = p9_get_str(in);
	uint32_t flags = p9_get4(in);
	char name[NAME_MAX + 1];
	struct p9_fid *d;
	int err;

	(void)out;
	if (in->bad)
		return -EPROTO;
	if (flags & ~(uint32_t)P9_AT_REMOVEDIR)
		return -EINVAL;
	if ((err = dir_fid(s, dfid, &d)) || (err = p9_name_take(wire, name)))
		return err;
	return unlinkat(d->fd, name, flags ? AT_REMOVEDIR : 0) < 0 ? -errno : 0;
}

/* Removes the fid's object and clunks the fid, whether the removal
 * worked or not (as 9P's remove does). */
int p9_remove(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	int err;

	(void)out;
	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if (s->read_only)
		err = -EROFS;
	else if (!(err = fid_named(f)) &&
		 unlinkat(f->parent_fd, f->name,
			  f->qid_type == P9_QTDIR ? AT_REMOVEDIR : 0) < 0)
		err = -errno;
	p9_fid_release(s, f);
	return err;
}

/* A hard link to the fid's object: through its /proc/self/fd entry,
 * which names the object itself (linkat's AT_EMPTY_PATH needs a
 * capability). */
int p9_link(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t dfid = p9_get4(in);
	struct p9_fid *f = p9_fid_find(s, p9_get4(in)), *d;
	struct p9_str wire = p9_get_str(in);
	char name[NAME_MAX + 1], num[16];
	int err;

	(void)out;
	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if ((err = dir_fid(s, dfid, &d)) || (err = p9_name_take(wire, name)))
		return err;
	fd_name(f->fd, num);
	return linkat(s->proc_fd, num, d->fd, name, AT_SYMLINK_FOLLOW) < 0
		       ? -errno
		       : 0;
}
