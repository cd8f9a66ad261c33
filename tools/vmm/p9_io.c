/* SPDX-License-Identifier: BSD-3-Clause */
/* The 9P2000.L server's opening, reads, writes, folder listing and locks. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sys/uio.h>

#include "p9_internal.h"

/* ---- opening ------------------------------------------------------------ */

/* The open(2) flags a Tlopen or Tlcreate may pass on: the access mode,
 * TRUNC, APPEND and the syncs (O_DIRECT, O_NOATIME, O_ASYNC and the like
 * are dropped; CREATE and EXCL are Tlcreate's). -EINVAL for access 3. */
static int open_flags(uint32_t flags)
{
	int f = (int)(flags & 3);

	if (f == 3)
		return -EINVAL;
	if (flags & P9_DOTL_TRUNC)
		f |= O_TRUNC;
	if (flags & P9_DOTL_APPEND)
		f |= O_APPEND;
	if (flags & P9_DOTL_DSYNC)
		f |= O_DSYNC;
	if ((flags & P9_DOTL_SYNC) == P9_DOTL_SYNC)
		f |= O_SYNC;
	return f;
}

static uint32_t iounit(const struct p9_server *s)
{
	return s->msize - P9_IOHDRSZ;
}

int p9_lopen(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	uint32_t flags = p9_get4(in);
	int oflags = open_flags(flags), fd, err;
	struct stat st, opened;
	struct p9_qid qid;

	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if (f->opened)
		return -EINVAL;
	if (oflags < 0)
		return oflags;
	if (s->read_only &&
	    ((oflags & O_ACCMODE) != O_RDONLY || (oflags & O_TRUNC)))
		return -EROFS;
	if (fstat(f->fd, &st) < 0)
		return -errno;
	/* Only what cannot block the server is opened. */
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return -ENXIO;
	if (S_ISDIR(st.st_mode)) {
		if ((oflags & O_ACCMODE) != O_RDONLY || (oflags & O_TRUNC))
			return -EISDIR;
		oflags |= O_DIRECTORY;
	} else if (flags & P9_DOTL_DIRECTORY) {
		return -ENOTDIR;
	}
	fd = p9_reopen(s, f->fd, oflags);
	if (fd < 0)
		return fd;
	/* The same object (the descriptor is of it, not of a name). */
	err = fstat(fd, &opened) < 0 ? -errno : 0;
	if (!err && (opened.st_dev != st.st_dev || opened.st_ino != st.st_ino))
		err = -ESTALE;
	if (err) {
		close(fd);
		return err;
	}
	close(f->fd);
	f->fd = fd;
	f->opened = true;
	f->access = oflags & O_ACCMODE;
	qid = p9_qid_of(s, &opened);
	p9_put_qid(out, &qid);
	p9_put4(out, iounit(s));
	return 0;
}

int p9_lcreate(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	struct p9_str wire = p9_get_str(in);
	uint32_t flags = p9_get4(in), mode = p9_get4(in);
	int oflags = open_flags(flags), fd, err;
	mode_t bits = p9_mode_bits(mode, false);
	char name[NAME_MAX + 1], *copy;
	bool created = true;
	struct p9_qid qid;
	struct stat st;

	(void)p9_get4(in); /* gid: files belong to the monitor's group */
	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	if ((err = p9_name_take(wire, name)))
		return err;
	if (oflags < 0)
		return oflags;
	if (f->opened || f->qid_type != P9_QTDIR)
		return f->opened ? -EINVAL : -ENOTDIR;
	/* NONBLOCK and NOCTTY: an existing FIFO or device opened through
	 * a create without EXCL must not hang the server (it is then
	 * refused). */
	oflags |= O_CREAT | O_NONBLOCK | O_NOCTTY;
	fd = p9_open_beneath(f->fd, name, oflags | O_EXCL, bits);
	if (fd == -EEXIST && !(flags & P9_DOTL_EXCL)) {
		created = false;
		fd = p9_open_beneath(f->fd, name, oflags & ~O_CREAT, 0);
	}
	if (fd < 0)
		return fd;
	err = fstat(fd, &st) < 0 ? -errno : S_ISREG(st.st_mode) ? 0 : -ENXIO;
	if (err) {
		close(fd);
		return err;
	}
	if (created && (bits & s->umask)) {
		char num[16];

		snprintf(num, sizeof(num), "%d", fd);
		if (fchmodat(s->proc_fd, num, bits, 0) < 0) {
			err = -errno;
			close(fd);
			return err;
		}
	}
	copy = strdup(name);
	if (!copy) {
		close(fd);
		return -ENOMEM;
	}
	/* The fid becomes the file; the folder is its parent. */
	if (f->parent_fd >= 0)
		close(f->parent_fd);
	free(f->name);
	f->parent_fd = f->fd;
	f->name = copy;
	f->fd = fd;
	f->opened = true;
	f->access = oflags & O_ACCMODE;
	f->qid_type = P9_QTFILE;
	qid = p9_qid_of(s, &st);
	p9_put_qid(out, &qid);
	p9_put4(out, iounit(s));
	return 0;
}

/* ---- I/O ------------------------------------------------------------------ */

/* Tread's data straight into the transport's buffers (out->data), at
 * most count bytes of them: one copy, from the host's page cache. */
static int read_direct(struct p9_fid *f, uint64_t offset, uint32_t count,
		       struct p9_out *out)
{
	struct iovec iov[P9_DIRECT_MAX];
	size_t left = count;
	int n = 0;
	ssize_t got;

	for (int i = 0; i < out->ndata && n < P9_DIRECT_MAX && left; i++) {
		size_t len = out->data[i].iov_len < left ? out->data[i].iov_len
							 : left;

		iov[n++] = (struct iovec){out->data[i].iov_base, len};
		left -= len;
	}
	got = n ? preadv(f->fd, iov, n, (off_t)offset) : 0;
	if (got < 0)
		return -errno;
	p9_put4(out, (uint32_t)got);
	out->direct = (size_t)got;
	return 0;
}

int p9_io_read(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	uint64_t offset = p9_get8(in);
	uint32_t count = p9_get4(in);
	size_t room = out->cap - out->at;
	ssize_t n;

	if (in->bad)
		return -EPROTO;
	if (!f || !f->opened)
		return -EBADF;
	if (offset > INT64_MAX)
		return -EINVAL;
	if (room < 4)
		return -EMSGSIZE;
	if (out->data)
		return read_direct(f, offset, count, out);
	if (count > room - 4)
		count = (uint32_t)(room - 4);
	n = pread(f->fd, out->p + out->at + 4, count, (off_t)offset);
	if (n < 0)
		return -errno;
	p9_put4(out, (uint32_t)n);
	out->at += (size_t)n;
	return 0;
}

int p9_io_write(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	uint64_t offset = p9_get8(in);
	uint32_t count = p9_get4(in);
	ssize_t n;

	if (in->bad || !p9_has(in, count))
		return -EPROTO;
	if (!f || !f->opened)
		return -EBADF;
	if (offset > INT64_MAX)
		return -EINVAL;
	n = pwrite(f->fd, in->p + in->at, count, (off_t)offset);
	if (n < 0)
		return -errno;
	p9_put4(out, (uint32_t)n);
	return 0;
}

static uint8_t qid_type_of_dirent(uint8_t d_type)
{
	return d_type == DT_DIR	  ? P9_QTDIR
	       : d_type == DT_LNK ? P9_QTSYMLINK
				  : P9_QTFILE;
}

/*
 * Entries from the cookie offset (0: the start; else an entry's offset
 * field, which is getdents64's d_off: the file system's own position
 * after it, given to lseek). As many whole entries as count allows.
 */
int p9_dir_read(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	uint64_t offset = p9_get8(in);
	uint32_t count = p9_get4(in);
	size_t start = out->at, room = out->cap - out->at, used = 0;
	bool full = false, at_root;
	struct p9_qid root_qid;
	struct stat dir;

	if (in->bad)
		return -EPROTO;
	if (!f || !f->opened)
		return -EBADF;
	if (f->qid_type != P9_QTDIR)
		return -ENOTDIR;
	if (offset > INT64_MAX)
		return -EINVAL;
	if (room < 4)
		return -EMSGSIZE;
	room -= 4;
	if (count < room)
		room = count;
	if (fstat(f->fd, &dir) < 0)
		return -errno;
	at_root = p9_is_root(s, &dir);
	root_qid = p9_qid_of(s, &dir);
	if (lseek(f->fd, (off_t)offset, SEEK_SET) < 0)
		return -errno;
	p9_put4(out, 0); /* count, filled in below */
	while (!full) {
		ssize_t n = getdents64(f->fd, s->dirbuf, P9_DIRBUF_SIZE);

		if (n < 0 && used == 0)
			return -errno;
		if (n <= 0)
			break;
		for (ssize_t pos = 0; pos < n;) {
			struct dirent64 *d =
				(struct dirent64 *)(s->dirbuf + pos);
			size_t len = strlen(d->d_name),
			       need = 13 + 8 + 1 + 2 + len;
			struct p9_qid qid =
				p9_qid_make(s, dir.st_dev, d->d_ino,
					    qid_type_of_dirent(d->d_type));

			pos += d->d_reclen;
			if (used + need > room) {
				full = true;
				break;
			}
			/* The root's ".." is not shown: it is the root. */
			if (at_root && strcmp(d->d_name, "..") == 0)
				qid = root_qid;
			p9_put_qid(out, &qid);
			p9_put8(out, (uint64_t)d->d_off);
			p9_put1(out, d->d_type);
			p9_put_str(out, d->d_name, len);
			used += need;
		}
	}
	/* An entry that does not fit an empty reply is an error, not the
	 * end of the folder. */
	if (used == 0 && full)
		return -EINVAL;
	for (int i = 0; i < 4; i++)
		out->p[start + i] = (uint8_t)(used >> (8 * i));
	return 0;
}

int p9_io_fsync(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	/* datasync[4]: sent by Linux, absent in older descriptions. */
	uint32_t datasync = in->len - in->at >= 4 ? p9_get4(in) : 0;

	(void)out;
	if (in->bad)
		return -EPROTO;
	if (!f || !f->opened)
		return -EBADF;
	if ((datasync ? fdatasync(f->fd) : fsync(f->fd)) < 0)
		return -errno;
	return 0;
}

/* ---- locks ---------------------------------------------------------------- */

/*
 * Record locks are open file description (OFD) locks on the fid's opened
 * descriptor: each fid is one owner (proc_id and client_id are not used),
 * and its locks go when it is clunked. The server never waits: a lock
 * that conflicts is BLOCKED, and the client asks again.
 */
static int lock_make(uint8_t type, uint64_t start, uint64_t length,
		     struct flock *fl)
{
	static const short types[3] = {F_RDLCK, F_WRLCK, F_UNLCK};

	if (type > P9_LOCK_TYPE_UNLCK || start > INT64_MAX ||
	    length > INT64_MAX)
		return -EINVAL;
	memset(fl, 0, sizeof(*fl)); /* l_pid 0, as OFD requests must say */
	fl->l_type = types[type];
	fl->l_whence = SEEK_SET;
	fl->l_start = (off_t)start;
	fl->l_len = (off_t)length;
	return 0;
}

int p9_lock(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	uint8_t type = p9_get1(in);
	uint32_t flags = p9_get4(in); /* BLOCK or not: never waited for */
	uint64_t start = p9_get8(in), length = p9_get8(in);
	struct flock fl;
	int err;

	(void)flags;
	(void)p9_get4(in);    /* proc_id */
	(void)p9_get_str(in); /* client_id */
	if (in->bad)
		return -EPROTO;
	if ((err = lock_make(type, start, length, &fl)))
		return err;
	if (!f || !f->opened)
		return -EBADF;
	if (fcntl(f->fd, F_OFD_SETLK, &fl) == 0)
		p9_put1(out, P9_LOCK_SUCCESS);
	else if (errno == EAGAIN || errno == EACCES)
		p9_put1(out, P9_LOCK_BLOCKED);
	else
		p9_put1(out, P9_LOCK_ERROR);
	return 0;
}

int p9_getlock(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));
	uint8_t type = p9_get1(in);
	uint64_t start = p9_get8(in), length = p9_get8(in);
	uint32_t proc_id = p9_get4(in);
	struct p9_str client = p9_get_str(in);
	struct flock fl;
	int err;

	(void)proc_id;
	if (in->bad)
		return -EPROTO;
	if ((err = lock_make(type, start, length, &fl)))
		return err;
	if (!f || !f->opened)
		return -EBADF;
	if (fcntl(f->fd, F_OFD_GETLK, &fl) < 0)
		return -errno;
	p9_put1(out, fl.l_type == F_RDLCK   ? P9_LOCK_TYPE_RDLCK
		     : fl.l_type == F_WRLCK ? P9_LOCK_TYPE_WRLCK
					    : P9_LOCK_TYPE_UNLCK);
	p9_put8(out, (uint64_t)fl.l_start);
	p9_put8(out, (uint64_t)fl.l_len);
	p9_put4(out, (uint32_t)fl.l_pid);
	p9_put_str(out, client.p, client.len);
	return 0;
}
