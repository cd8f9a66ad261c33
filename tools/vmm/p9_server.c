/* SPDX-License-Identifier: BSD-3-Clause */
/* The 9P2000.L server: framing, sessions, fids, walks, dispatch. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "p9_internal.h"

/* Hash chains of the fid table: a power of two. */
#define FID_BUCKETS 1024
/* Replies other than Rread and Rreaddir take at most this much (Rwalk,
 * Rgetattr, ...; a long Rreadlink is refused after the fact): a reply
 * buffer smaller than this gets EMSGSIZE before anything is done. */
#define REPLY_ROOM 256
/* ".." climbs at most this many folders to find the root again. */
#define CLIMB_MAX 4096
/* openat2 says EAGAIN when a rename raced its RESOLVE_BENEATH check. */
#define OPENAT2_TRIES 8

/* ---- descriptors and names ------------------------------------------ */

int p9_open_beneath(int dirfd, const char *name, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC),
		.mode = flags & O_CREAT ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};
	long fd = -1;

	for (int i = 0; i < OPENAT2_TRIES; i++) {
		fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	return fd < 0 ? -errno : (int)fd;
}

int p9_reopen(struct p9_server *s, int fd, int flags)
{
	char num[16];
	int r;

	snprintf(num, sizeof(num), "%d", fd);
	r = openat(s->proc_fd, num, flags | O_CLOEXEC);
	return r < 0 ? -errno : r;
}

int p9_mode_fix(struct p9_server *s, int dirfd, const char *name, mode_t mode)
{
	struct stat st;
	char num[16];
	int fd, err = 0;

	if (!(mode & s->umask))
		return 0;
	fd = p9_open_beneath(dirfd, name, O_PATH, 0);
	if (fd < 0)
		return fd;
	/* A folder keeps the set-group-ID bit its parent gave it. */
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		mode |= st.st_mode & S_ISGID;
	snprintf(num, sizeof(num), "%d", fd);
	if (fchmodat(s->proc_fd, num, mode, 0) < 0)
		err = -errno;
	close(fd);
	return err;
}

int p9_name_take(struct p9_str s, char *buf)
{
	if (s.len == 0 || memchr(s.p, '/', s.len) || memchr(s.p, '\0', s.len))
		return -EINVAL;
	if (s.len > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	if (strcmp(buf, ".") == 0 || strcmp(buf, "..") == 0)
		return -EINVAL;
	return 0;
}

struct p9_qid p9_qid_make(const struct p9_server *s, dev_t dev, uint64_t ino,
			  uint8_t type)
{
	struct p9_qid q = {type, 0, ino};

	/* Another file system mounted beneath the share: its inode
	 * numbers are told apart by the device in the top bits. */
	if (dev != s->root_dev)
		q.path ^= ((uint64_t)dev * 0x9e3779b97f4a7c15ULL) &
			  0xffff000000000000ULL;
	return q;
}

struct p9_qid p9_qid_of(const struct p9_server *s, const struct stat *st)
{
	uint8_t type = S_ISDIR(st->st_mode)   ? P9_QTDIR
		       : S_ISLNK(st->st_mode) ? P9_QTSYMLINK
					      : P9_QTFILE;

	return p9_qid_make(s, st->st_dev, st->st_ino, type);
}

void p9_put_qid(struct p9_out *out, const struct p9_qid *q)
{
	p9_put1(out, q->type);
	p9_put4(out, q->version);
	p9_put8(out, q->path);
}

bool p9_is_root(const struct p9_server *s, const struct stat *st)
{
	return st->st_dev == s->root_dev && st->st_ino == s->root_ino;
}

/* ---- the fid table ---------------------------------------------------- */

static unsigned int bucket_of(uint32_t n)
{
	return (n * 2654435761u) >> 22; /* the top 10 bits */
}

struct p9_fid *p9_fid_find(struct p9_server *s, uint32_t n)
{
	for (int i = s->buckets[bucket_of(n)]; i >= 0; i = s->fids[i].next)
		if (s->fids[i].fid == n)
			return &s->fids[i];
	return NULL;
}

/* Whether fid number n can be made: 0, or -EINVAL (NOFID), -EEXIST (in
 * use), -ENFILE (the table is full). */
static int fid_room(struct p9_server *s, uint32_t n)
{
	if (n == P9_NOFID)
		return -EINVAL;
	if (p9_fid_find(s, n))
		return -EEXIST;
	return s->nfids == P9_FIDS_MAX ? -ENFILE : 0;
}

/* A new fid n (fid_room said yes), holding nothing yet. */
static struct p9_fid *fid_new(struct p9_server *s, uint32_t n)
{
	int i = s->free_slot;
	struct p9_fid *f = &s->fids[i];
	unsigned int b = bucket_of(n);

	s->free_slot = f->next;
	*f = (struct p9_fid){.fid = n,
			     .fd = -1,
			     .parent_fd = -1,
			     .next = s->buckets[b],
			     .used = true};
	s->buckets[b] = i;
	s->nfids++;
	return f;
}

/* Drops what a fid holds (its descriptors and name). */
static void fid_clear(struct p9_fid *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->parent_fd >= 0)
		close(f->parent_fd);
	free(f->name);
	f->fd = f->parent_fd = -1;
	f->name = NULL;
	f->opened = false;
}

void p9_fid_release(struct p9_server *s, struct p9_fid *f)
{
	int i = (int)(f - s->fids);
	int *link = &s->buckets[bucket_of(f->fid)];

	while (*link != i)
		link = &s->fids[*link].next;
	*link = f->next;
	fid_clear(f);
	f->used = false;
	f->next = s->free_slot;
	s->free_slot = i;
	s->nfids--;
}

/* ---- set-up ------------------------------------------------------------ */

int p9_server_init(struct p9_server *s, int root_fd, bool read_only, char *why,
		   size_t why_size)
{
	struct stat st;
	mode_t mask;

	memset(s, 0, sizeof(*s));
	s->root_fd = root_fd;
	s->proc_fd = -1;
	s->read_only = read_only;
	s->msize_max = P9_MSIZE_MAX;
	if (fstat(root_fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(why, why_size, "the share is not a folder");
		close(root_fd);
		s->root_fd = -1;
		return -ENOTDIR;
	}
	s->root_dev = st.st_dev;
	s->root_ino = st.st_ino;
	/* Reopening an O_PATH descriptor (to read, write, truncate, chmod
	 * or link what it names) goes through its /proc/self/fd entry. */
	s->proc_fd = open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->proc_fd < 0) {
		int err = errno;

		snprintf(why, why_size,
			 "cannot open /proc/self/fd (is /proc "
			 "mounted?): %s",
			 strerror(err));
		p9_server_destroy(s);
		return -err;
	}
	s->fids = calloc(P9_FIDS_MAX, sizeof(*s->fids));
	s->buckets = malloc(FID_BUCKETS * sizeof(*s->buckets));
	s->dirbuf = malloc(P9_DIRBUF_SIZE);
	if (!s->fids || !s->buckets || !s->dirbuf) {
		snprintf(why, why_size, "out of memory");
		p9_server_destroy(s);
		return -ENOMEM;
	}
	for (int i = 0; i < FID_BUCKETS; i++)
		s->buckets[i] = -1;
	for (int i = 0; i < P9_FIDS_MAX; i++) {
		s->fids[i].fd = s->fids[i].parent_fd = -1;
		s->fids[i].next = i + 1 < P9_FIDS_MAX ? i + 1 : -1;
	}
	/* Created objects get the mode the client asked for: its own umask
	 * is already applied; the process's is undone (p9_mode_fix). */
	mask = umask(022);
	umask(mask);
	s->umask = mask;
	return 0;
}

void p9_server_reset(struct p9_server *s)
{
	for (int i = 0; s->fids && i < P9_FIDS_MAX; i++)
		if (s->fids[i].used)
			p9_fid_release(s, &s->fids[i]);
	s->msize = 0;
}

void p9_server_destroy(struct p9_server *s)
{
	p9_server_reset(s);
	if (s->root_fd >= 0)
		close(s->root_fd);
	if (s->proc_fd >= 0)
		close(s->proc_fd);
	free(s->fids);
	free(s->buckets);
	free(s->dirbuf);
	s->fids = NULL;
	s->buckets = NULL;
	s->dirbuf = NULL;
	s->root_fd = s->proc_fd = -1;
}

int p9_share_open(const char *path)
{
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

void p9_fd_limit_raise(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* ---- session ------------------------------------------------------------ */

static int version(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t msize = p9_get4(in);
	struct p9_str v = p9_get_str(in);
	bool known = v.len == strlen(P9_VERSION) &&
		     memcmp(v.p, P9_VERSION, v.len) == 0;

	if (in->bad)
		return -EPROTO;
	p9_server_reset(s); /* a new session: every fid goes */
	if (msize < P9_MSIZE_MIN)
		return -EINVAL;
	if (msize > s->msize_max)
		msize = s->msize_max;
	p9_put4(out, msize);
	if (!known) {
		p9_put_str(out, "unknown", 7);
		return 0;
	}
	p9_put_str(out, P9_VERSION, strlen(P9_VERSION));
	s->msize = msize;
	return 0;
}

static int attach(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t fid = p9_get4(in), afid = p9_get4(in);
	struct p9_str uname = p9_get_str(in), aname = p9_get_str(in);
	struct p9_qid qid;
	struct p9_fid *f;
	struct stat st;
	int fd, err;

	(void)uname; /* the server acts as the monitor's user */
	/* n_uname[4] follows; it is not needed, and not required. */
	if (in->bad)
		return -EPROTO;
	if (afid != P9_NOFID)
		return -EINVAL; /* no authentication */
	if (aname.len)
		return -ENOENT; /* one tree: the share, named "" */
	if ((err = fid_room(s, fid)))
		return err;
	fd = fcntl(s->root_fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	f = fid_new(s, fid);
	f->fd = fd;
	f->qid_type = P9_QTDIR;
	qid = p9_qid_of(s, &st);
	p9_put_qid(out, &qid);
	return 0;
}

static int clunk(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	struct p9_fid *f = p9_fid_find(s, p9_get4(in));

	(void)out;
	if (in->bad)
		return -EPROTO;
	if (!f)
		return -EBADF;
	p9_fid_release(s, f);
	return 0;
}

/* ---- walks -------------------------------------------------------------- */

/* Whether the folder fd (whose stat is cur) is the root or beneath it:
 * climbs ".." until the root (0) or the top of the file system, where
 * ".." is the folder itself (-EACCES). */
static int climb_to_root(struct p9_server *s, int fd, struct stat cur)
{
	int at = fd, err = 0;

	for (int hops = 0; !p9_is_root(s, &cur); hops++) {
		struct stat up_st;
		int up = openat(at, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (up < 0 || fstat(up, &up_st) < 0)
			err = -errno;
		else if ((up_st.st_dev == cur.st_dev &&
			  up_st.st_ino == cur.st_ino) ||
			 hops == CLIMB_MAX)
			err = -EACCES;
		if (at != fd)
			close(at);
		at = up;
		if (err)
			break;
		cur = up_st;
	}
	if (at != fd && at >= 0)
		close(at);
	return err;
}

/*
 * "..": the folder above dirfd, the root itself at the root. A folder the
 * host moved out of the share has a ".." outside it: the climb from the
 * result must meet the root before the top of the file system, or the
 * walk is refused (EACCES).
 */
static int parent_of(struct p9_server *s, int dirfd, struct stat *st)
{
	struct stat here;
	int up, err;

	if (fstat(dirfd, &here) < 0)
		return -errno;
	if (p9_is_root(s, &here)) {
		*st = here;
		up = fcntl(s->root_fd, F_DUPFD_CLOEXEC, 0);
		return up < 0 ? -errno : up;
	}
	up = openat(dirfd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (up < 0)
		return -errno;
	err = fstat(up, st) < 0 ? -errno : climb_to_root(s, up, *st);
	if (err) {
		close(up);
		return err;
	}
	return up;
}

/* One step of a walk from the folder dirfd: the next object's O_PATH
 * descriptor (a symlink is the link itself) with its stat, or -errno. */
static int walk_step(struct p9_server *s, int dirfd, const char *name,
		     struct stat *st)
{
	int fd;

	memset(st, 0, sizeof(*st));
	if (strcmp(name, "..") == 0)
		return parent_of(s, dirfd, st);
	fd = p9_open_beneath(dirfd, name, O_PATH, 0);
	if (fd >= 0 && fstat(fd, st) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* A walk's name: "..", or a name without '/' or NUL; "." is no entry. */
static int walk_name(struct p9_str s, char *buf)
{
	if (s.len == 2 && memcmp(s.p, "..", 2) == 0) {
		strcpy(buf, "..");
		return 0;
	}
	if (s.len == 1 && s.p[0] == '.')
		return -ENOENT;
	return p9_name_take(s, buf);
}

/* A copy of fid f's object in a new descriptor: O_PATH, whether f is
 * opened or not. */
static int fid_dup(struct p9_server *s, const struct p9_fid *f)
{
	int fd;

	if (f->opened)
		return p9_reopen(s, f->fd, O_PATH);
	fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

/* Gives fid f (made or reused) the object fd, its folder parent (owned,
 * or -1) and its name there (copied, or NULL). */
static int fid_set(struct p9_fid *f, int fd, int parent, const char *name,
		   uint8_t qid_type)
{
	char *copy = name ? strdup(name) : NULL;

	if (name && !copy) {
		close(fd);
		if (parent >= 0)
			close(parent);
		return -ENOMEM;
	}
	fid_clear(f);
	f->fd = fd;
	f->parent_fd = parent;
	f->name = copy;
	f->qid_type = qid_type;
	return 0;
}

static int walk(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
	uint32_t fid = p9_get4(in), newfid = p9_get4(in);
	uint16_t nwname = p9_get2(in);
	char names[P9_MAXWELEM][NAME_MAX + 1];
	struct p9_str wire[P9_MAXWELEM];
	int cur = -1, parent = -1, err = 0, walked = 0;
	uint8_t qid_type;
	struct p9_fid *src, *dst;
	const char *last = NULL;

	if (in->bad)
		return -EPROTO;
	if (nwname > P9_MAXWELEM)
		return -EINVAL;
	for (int i = 0; i < nwname; i++)
		wire[i] = p9_get_str(in);
	if (in->bad)
		return -EPROTO;
	for (int i = 0; i < nwname; i++)
		if ((err = walk_name(wire[i], names[i])))
			return err;
	src = p9_fid_find(s, fid);
	if (!src)
		return -EBADF;
	if (newfid != fid && (err = fid_room(s, newfid)))
		return err;
	if (newfid == fid && src->opened)
		return -EINVAL; /* an opened fid is not walked in place */
	if (newfid == fid && nwname == 0) {
		p9_put2(out, 0); /* a clone onto itself: nothing to do */
		return 0;
	}
	qid_type = src->qid_type;
	if (nwname == 0) {
		cur = fid_dup(s, src);
		if (cur < 0)
			return cur;
		if (src->parent_fd >= 0 &&
		    (parent = fcntl(src->parent_fd, F_DUPFD_CLOEXEC, 0)) < 0) {
			err = -errno;
			close(cur);
			return err;
		}
		last = src->name;
	}
	p9_put2(out, 0); /* nwqid, filled in below */
	for (; walked < nwname; walked++) {
		struct stat st;
		struct p9_qid qid;
		int next = walk_step(s, cur >= 0 ? cur : src->fd, names[walked],
				     &st);

		if (next < 0) {
			err = next;
			break;
		}
		/* The folder stepped from is the new object's parent. */
		if (parent >= 0)
			close(parent);
		parent = cur;
		cur = next;
		qid = p9_qid_of(s, &st);
		qid_type = qid.type;
		p9_put_qid(out, &qid);
		if (strcmp(names[walked], "..") == 0) {
			last = NULL; /* its name is not known */
			if (parent >= 0)
				close(parent);
			parent = -1;
		} else {
			last = names[walked];
		}
	}
	if (walked < nwname) {
		if (cur >= 0)
			close(cur);
		if (parent >= 0)
			close(parent);
		if (walked == 0)
			return err;	     /* the first name failed */
		out->p[0] = (uint8_t)walked; /* the qids walked so far */
		return 0;
	}
	if (nwname > 0) {
		out->p[0] = (uint8_t)nwname;
		/* One name walked from src: its parent is src's object. */
		if (parent < 0 && last) {
			parent = fid_dup(s, src);
			if (parent < 0) {
				close(cur);
				return parent;
			}
		}
	}
	dst = newfid == fid ? src : fid_new(s, newfid);
	err = fid_set(dst, cur, parent, last, qid_type);
	if (err && dst != src)
		p9_fid_release(s, dst);
	return err;
}

/* ---- dispatch -------------------------------------------------------------- */

static bool modifies(uint8_t type)
{
	switch (type) {
	case P9_TLCREATE:
	case P9_TSYMLINK:
	case P9_TMKNOD:
	case P9_TRENAME:
	case P9_TSETATTR:
	case P9_TLINK:
	case P9_TMKDIR:
	case P9_TRENAMEAT:
	case P9_TUNLINKAT:
	case P9_TWRITE: return true;
	default: return false;
	}
}

static int dispatch(struct p9_server *s, uint8_t type, struct p9_in *in,
		    struct p9_out *out)
{
	if (s->read_only && modifies(type))
		return -EROFS;
	switch (type) {
	case P9_TVERSION: return version(s, in, out);
	case P9_TATTACH: return attach(s, in, out);
	case P9_TFLUSH:
		(void)p9_get2(in); /* oldtag: nothing is ever in flight */
		return in->bad ? -EPROTO : 0;
	case P9_TWALK: return walk(s, in, out);
	case P9_TCLUNK: return clunk(s, in, out);
	case P9_TLOPEN: return p9_lopen(s, in, out);
	case P9_TLCREATE: return p9_lcreate(s, in, out);
	case P9_TREAD: return p9_io_read(s, in, out);
	case P9_TWRITE: return p9_io_write(s, in, out);
	case P9_TREADDIR: return p9_dir_read(s, in, out);
	case P9_TFSYNC: return p9_io_fsync(s, in, out);
	case P9_TLOCK: return p9_lock(s, in, out);
	case P9_TGETLOCK: return p9_getlock(s, in, out);
	case P9_TGETATTR: return p9_getattr(s, in, out);
	case P9_TSETATTR: return p9_setattr(s, in, out);
	case P9_TSTATFS: return p9_statfs(s, in, out);
	case P9_TREADLINK: return p9_readlink(s, in, out);
	case P9_TMKDIR: return p9_mkdir(s, in, out);
	case P9_TSYMLINK: return p9_symlink(s, in, out);
	case P9_TMKNOD: return p9_mknod(s, in, out);
	case P9_TRENAME: return p9_rename(s, in, out);
	case P9_TRENAMEAT: return p9_renameat(s, in, out);
	case P9_TUNLINKAT: return p9_unlinkat(s, in, out);
	case P9_TREMOVE: return p9_remove(s, in, out);
	case P9_TLINK: return p9_link(s, in, out);
	default: return -EOPNOTSUPP; /* xattrs, auth, 9P2000's own */
	}
}

size_t p9_serve(struct p9_server *s, const uint8_t *req, size_t req_len,
		uint8_t *resp, size_t resp_cap)
{
	size_t head;

	return p9_serve_direct(s, req, req_len, resp, resp_cap, NULL, 0,
			       &head);
}

size_t p9_serve_direct(struct p9_server *s, const uint8_t *req,
		       size_t req_len, uint8_t *resp, size_t resp_cap,
		       const struct iovec *data, int ndata, size_t *head_len)
{
	struct p9_in in = {req, req_len, 0, false};
	struct p9_out out;
	size_t limit = resp_cap < P9_MSIZE_MAX ? resp_cap : P9_MSIZE_MAX;
	uint32_t size = 0;
	uint8_t type = 0;
	uint16_t tag = P9_NOTAG;
	int err;

	if (s->msize && limit > s->msize)
		limit = s->msize;
	if (limit < P9_HEADER + 4) {
		*head_len = 0;
		return 0;
	}
	s->requests++;
	if (req_len >= P9_HEADER) {
		size = p9_get4(&in);
		type = p9_get1(&in);
		tag = p9_get2(&in);
	}
	out = (struct p9_out){resp + P9_HEADER, limit - P9_HEADER, 0, false,
			      type == P9_TREAD ? data : NULL, ndata, 0};
	if (req_len < P9_HEADER || size < P9_HEADER || size > req_len ||
	    (s->msize && size > s->msize) ||
	    (!s->msize && type != P9_TVERSION)) {
		err = -EPROTO;
	} else if (limit < REPLY_ROOM && type != P9_TREAD &&
		   type != P9_TREADDIR) {
		err = -EMSGSIZE;
	} else {
		in.len = size; /* the rest is the transport's */
		err = dispatch(s, type, &in, &out);
		if (!err && out.over)
			err = -EMSGSIZE;
	}
	if (err) {
		s->errors++;
		type = P9_RLERROR;
		out.at = 0;
		out.over = false;
		out.direct = 0;
		p9_put4(&out, (uint32_t)-err);
	} else {
		type++;
	}
	*head_len = P9_HEADER + out.at;
	size = (uint32_t)(P9_HEADER + out.at + out.direct);
	for (int i = 0; i < 4; i++)
		resp[i] = (uint8_t)(size >> (8 * i));
	resp[4] = type;
	resp[5] = (uint8_t)tag;
	resp[6] = (uint8_t)(tag >> 8);
	return size;
}
