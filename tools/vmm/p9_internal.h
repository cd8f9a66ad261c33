/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the 9P server's files share (p9_server.c: framing, sessions, fids,
 * walks; p9_io.c: opening, I/O, listing, locks; p9_namespace.c:
 * attributes and the messages that change the tree): the fid, the
 * message reader and writer, and the helpers that keep every name
 * beneath the share.
 */
#ifndef TESS_VMM_P9_INTERNAL_H
#define TESS_VMM_P9_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "p9_server.h"

/* getdents64's buffer (the server's dirbuf); a Treaddir fills it as
 * often as it needs. */
#define P9_DIRBUF_SIZE 32768

struct p9_fid {
	uint32_t fid;
	int fd; /* O_PATH, or the opened file once opened */
	/* The folder it was walked from (O_PATH) and its name there, for
	 * Tremove and Trename; -1 and NULL for the root and for a fid
	 * reached by "..", whose name the server does not know. */
	int parent_fd;
	char *name;
	uint8_t qid_type;
	bool opened;
	int access; /* O_RDONLY, O_WRONLY or O_RDWR once opened */
	int next;   /* hash chain, or the free list; -1 ends */
	bool used;
};

/* A message being read: every get checks the bytes are there. */
struct p9_in {
	const uint8_t *p;
	size_t len, at;
	bool bad; /* a field ran past the end */
};

/* A reply being written, after its 7-byte header. */
struct p9_out {
	uint8_t *p;
	size_t cap, at;
	bool over; /* did not fit */
	/* Where an Rread's data may go instead (p9_serve_direct), and how
	 * much went there. */
	const struct iovec *data;
	int ndata;
	size_t direct;
};

/* A string field: where it is in the message (no NUL on the wire). */
struct p9_str {
	const char *p;
	uint16_t len;
};

static inline bool p9_has(struct p9_in *in, size_t n)
{
	if (in->bad || in->len - in->at < n) {
		in->bad = true;
		return false;
	}
	return true;
}

static inline uint64_t p9_get(struct p9_in *in, unsigned int n)
{
	uint64_t v = 0;

	if (!p9_has(in, n))
		return 0;
	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)in->p[in->at + i] << (8 * i);
	in->at += n;
	return v;
}

#define p9_get1(in) ((uint8_t)p9_get(in, 1))
#define p9_get2(in) ((uint16_t)p9_get(in, 2))
#define p9_get4(in) ((uint32_t)p9_get(in, 4))
#define p9_get8(in) p9_get(in, 8)

static inline struct p9_str p9_get_str(struct p9_in *in)
{
	struct p9_str s = {"", 0};
	uint16_t len = p9_get2(in);

	if (!in->bad && p9_has(in, len)) {
		s.p = (const char *)in->p + in->at;
		s.len = len;
		in->at += len;
	}
	return s;
}

static inline void p9_put(struct p9_out *out, uint64_t v, unsigned int n)
{
	if (out->over || out->cap - out->at < n) {
		out->over = true;
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		out->p[out->at++] = (uint8_t)(v >> (8 * i));
}

#define p9_put1(out, v) p9_put(out, v, 1)
#define p9_put2(out, v) p9_put(out, v, 2)
#define p9_put4(out, v) p9_put(out, v, 4)
#define p9_put8(out, v) p9_put(out, v, 8)

static inline void p9_put_bytes(struct p9_out *out, const void *p, size_t n)
{
	if (out->over || out->cap - out->at < n) {
		out->over = true;
		return;
	}
	memcpy(out->p + out->at, p, n);
	out->at += n;
}

static inline void p9_put_str(struct p9_out *out, const char *s, size_t len)
{
	if (len > UINT16_MAX) {
		out->over = true;
		return;
	}
	p9_put2(out, len);
	p9_put_bytes(out, s, len);
}

/* A qid as the server makes them: type from the mode, version 0, path
 * the inode number (its top 16 bits mixed with the device when the
 * object is on another file system than the share's root). */
struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

struct p9_qid p9_qid_of(const struct p9_server *s, const struct stat *st);
struct p9_qid p9_qid_make(const struct p9_server *s, dev_t dev, uint64_t ino,
			  uint8_t type);
/* Whether st is the share's root. */
bool p9_is_root(const struct p9_server *s, const struct stat *st);
void p9_put_qid(struct p9_out *out, const struct p9_qid *q);

/* The fid numbered n, or NULL. */
struct p9_fid *p9_fid_find(struct p9_server *s, uint32_t n);

/*
 * A name the client gives for an entry of a directory, copied into buf
 * (NAME_MAX + 1 bytes) with a NUL: 0, or -EINVAL (empty, '/' or NUL in
 * it, "." or ".."), -ENAMETOOLONG.
 */
int p9_name_take(struct p9_str s, char *buf);

/* Opens name (one checked component) under dirfd, beneath it, never
 * following a symlink: O_PATH | O_NOFOLLOW plus flags. fd or -errno. */
int p9_open_beneath(int dirfd, const char *name, int flags, mode_t mode);

/* Opens the object fd refers to anew with flags (through /proc/self/fd;
 * a symlink gives -ELOOP). fd or -errno. */
int p9_reopen(struct p9_server *s, int fd, int flags);

/* The mode bits a created object (or a chmod) gets: permissions and
 * sticky, set-group-ID only on folders, never set-user-ID. */
static inline mode_t p9_mode_bits(uint32_t mode, bool dir)
{
	return (mode_t)(mode & (dir ? 03777u : 01777u));
}

/* Gives the object name under dirfd exactly mode when the process's
 * umask took bits from it; 0 or -errno. */
int p9_mode_fix(struct p9_server *s, int dirfd, const char *name, mode_t mode);

/* Messages of p9_io.c and p9_namespace.c: 0 with the reply's body in
 * out, or -errno. */
int p9_lopen(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_lcreate(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_io_read(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_io_write(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_dir_read(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_io_fsync(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_lock(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_getlock(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_getattr(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_setattr(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_statfs(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_readlink(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_mkdir(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_symlink(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_mknod(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_rename(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_renameat(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_unlinkat(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_remove(struct p9_server *s, struct p9_in *in, struct p9_out *out);
int p9_link(struct p9_server *s, struct p9_in *in, struct p9_out *out);

/* Clunks a fid: its descriptors closed, its slot free. */
void p9_fid_release(struct p9_server *s, struct p9_fid *f);

#endif /* TESS_VMM_P9_INTERNAL_H */
