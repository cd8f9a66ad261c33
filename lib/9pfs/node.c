/* SPDX-License-Identifier: BSD-3-Clause */
/* The vnode operations of a 9P file system: each one round trip (or a
 * few) to the server. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/alloc.h>

#include "p9fs_impl.h"

#define AT_REMOVEDIR 0x200
#define O_RDONLY     00
#define O_RDWR	     02
#define O_DIRECTORY  0200000
#define O_CREAT	     0100
#define O_EXCL	     0200

static unsigned bucket(uint64_t path)
{
	return (unsigned)((path ^ (path >> 17)) % P9_CACHE_BUCKETS);
}

struct p9_node *p9_node_get(struct p9_session *s, struct tess_mount *m,
			    uint32_t fid, struct p9_qid qid, uint32_t mode)
{
	struct tess_list *head = &s->cache[bucket(qid.path)], *pos;
	struct p9_node *n;

	tess_list_for_each(pos, head)
	{
		n = tess_list_entry(pos, struct p9_node, cache_link);
		if (n->qid_path == qid.path) {
			p9_clunk(s, fid);
			tess_vnode_ref_locked(&n->vn);
			return n;
		}
	}
	n = tess_calloc(tess_alloc_default(), 1, sizeof(*n));
	if (!n) {
		p9_clunk(s, fid);
		return NULL;
	}
	tess_vnode_init(&n->vn, &p9_vnode_ops, m, mode, qid.path);
	n->s = s;
	n->fid = fid;
	n->io_fid = P9_NOFID;
	n->qid_path = qid.path;
	tess_lock_mutex_init(&n->io_lock);
	tess_list_push_back(head, &n->cache_link);
	return n;
}

/* Rgetattr into a stat. */
static void stat_from(struct p9_buf *r, struct tess_stat *st)
{
	struct p9_qid qid;

	(void)p9_get64(r); /* valid */
	qid = p9_getqid(r);
	memset(st, 0, sizeof(*st));
	st->ino = qid.path;
	st->mode = p9_get32(r);
	st->uid = p9_get32(r);
	st->gid = p9_get32(r);
	st->nlink = p9_get64(r);
	st->rdev = p9_get64(r);
	st->size = (int64_t)p9_get64(r);
	st->blksize = (int64_t)p9_get64(r);
	st->blocks = (int64_t)p9_get64(r);
	st->atime.sec = (int64_t)p9_get64(r);
	st->atime.nsec = (int64_t)p9_get64(r);
	st->mtime.sec = (int64_t)p9_get64(r);
	st->mtime.nsec = (int64_t)p9_get64(r);
	st->ctime.sec = (int64_t)p9_get64(r);
	st->ctime.nsec = (int64_t)p9_get64(r);
}

/* Tgetattr of fid; lock held. */
static int getattr_fid(struct p9_session *s, uint32_t fid,
		       struct tess_stat *st)
{
	struct p9_buf *b = p9_request(s, P9_TGETATTR), r;
	int err;

	p9_put32(b, fid);
	p9_put64(b, P9_GETATTR_ALL);
	err = p9_call(s, b, P9_TGETATTR, &r);
	if (err)
		return err;
	stat_from(&r, st);
	return r.err ? -EPROTO : 0;
}

/* Twalk from fid through names (0 or 1) to a new fid: 0 with *out and
 * *qid set; lock held. */
static int walk(struct p9_session *s, uint32_t fid, const char *name,
		size_t len, uint32_t *out, struct p9_qid *qid)
{
	uint32_t newfid = p9_fid_alloc(s);
	struct p9_buf *b = p9_request(s, P9_TWALK), r;
	uint16_t nq;
	int err;

	p9_put32(b, fid);
	p9_put32(b, newfid);
	p9_put16(b, name ? 1 : 0);
	if (name)
		p9_putstr(b, name, len);
	err = p9_call(s, b, P9_TWALK, &r);
	if (!err) {
		nq = p9_get16(&r);
		if (nq == 1)
			*qid = p9_getqid(&r);
		if (r.err || nq != (name ? 1 : 0))
			err = r.err ? -EPROTO : -ENOENT;
	}
	if (err) {
		/* A failed walk creates no fid (9P). */
		p9_fid_free(s, newfid);
		return err;
	}
	*out = newfid;
	return 0;
}

static int p9_lookup(struct tess_vnode *dir, const char *name, size_t len,
		     struct tess_vnode **out)
{
	struct p9_node *d = p9_node_of(dir), *n;
	struct p9_session *s = d->s;
	struct tess_stat st = {0};
	struct p9_qid qid;
	uint32_t fid;
	int err;

	p9_lock(s);
	err = walk(s, d->fid, name, len, &fid, &qid);
	if (!err) {
		err = getattr_fid(s, fid, &st);
		if (err)
			p9_clunk(s, fid);
	}
	if (!err) {
		n = p9_node_get(s, dir->mount, fid, qid, st.mode);
		err = n ? 0 : -ENOMEM;
		if (n)
			*out = &n->vn;
	}
	p9_unlock(s);
	return err;
}

/* A qid-returning creation in dir (Tmkdir, Tsymlink, Tmknod) is built by
 * the caller; this sends it. */
static int create_call(struct p9_session *s, struct p9_buf *b, uint8_t type)
{
	struct p9_buf r;

	return p9_call(s, b, type, &r);
}

static int p9_create(struct tess_vnode *dir, const char *name, size_t len,
		     uint32_t mode, struct tess_vnode **out)
{
	struct p9_node *d = p9_node_of(dir), *n;
	struct p9_session *s = d->s;
	struct p9_qid qid, created;
	struct p9_buf *b, r;
	uint32_t fid;
	int err;

	p9_lock(s);
	/* The new file comes opened on a clone of the directory's fid:
	 * it is both the node's fid and its open one. */
	err = walk(s, d->fid, NULL, 0, &fid, &qid);
	if (err)
		goto out;
	b = p9_request(s, P9_TLCREATE);
	p9_put32(b, fid);
	p9_putstr(b, name, len);
	p9_put32(b, O_RDWR | O_CREAT | O_EXCL);
	p9_put32(b, mode & 07777);
	p9_put32(b, 0); /* gid */
	err = p9_call(s, b, P9_TLCREATE, &r);
	if (err) {
		p9_clunk(s, fid);
		goto out;
	}
	created = p9_getqid(&r);
	n = p9_node_get(s, dir->mount, fid, created, mode);
	if (!n) {
		err = -ENOMEM;
		goto out;
	}
	if (n->fid == fid) {
		n->io_fid = fid;
		n->io_writable = true;
	}
	*out = &n->vn;
out:
	p9_unlock(s);
	return err;
}

static int p9_mkdir(struct tess_vnode *dir, const char *name, size_t len,
		    uint32_t mode)
{
	struct p9_node *d = p9_node_of(dir);
	struct p9_buf *b;
	int err;

	p9_lock(d->s);
	b = p9_request(d->s, P9_TMKDIR);
	p9_put32(b, d->fid);
	p9_putstr(b, name, len);
	p9_put32(b, mode & 07777);
	p9_put32(b, 0);
	err = create_call(d->s, b, P9_TMKDIR);
	p9_unlock(d->s);
	return err;
}

static int p9_symlink(struct tess_vnode *dir, const char *name, size_t len,
		      const char *target)
{
	struct p9_node *d = p9_node_of(dir);
	struct p9_buf *b;
	int err;

	p9_lock(d->s);
	b = p9_request(d->s, P9_TSYMLINK);
	p9_put32(b, d->fid);
	p9_putstr(b, name, len);
	p9_putstr(b, target, strlen(target));
	p9_put32(b, 0);
	err = create_call(d->s, b, P9_TSYMLINK);
	p9_unlock(d->s);
	return err;
}

static int p9_mknod(struct tess_vnode *dir, const char *name, size_t len,
		    uint32_t mode, uint64_t rdev, struct tess_vnode **out)
{
	struct p9_node *d = p9_node_of(dir);
	struct p9_buf *b;
	int err;

	p9_lock(d->s);
	b = p9_request(d->s, P9_TMKNOD);
	p9_put32(b, d->fid);
	p9_putstr(b, name, len);
	p9_put32(b, mode);
	p9_put32(b, (uint32_t)(((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffu)));
	p9_put32(b, (uint32_t)((rdev & 0xff) | ((rdev >> 12) & ~0xffu)));
	p9_put32(b, 0);
	err = create_call(d->s, b, P9_TMKNOD);
	p9_unlock(d->s);
	return err ? err : p9_lookup(dir, name, len, out);
}

static int p9_link(struct tess_vnode *dir, const char *name, size_t len,
		   struct tess_vnode *target)
{
	struct p9_node *d = p9_node_of(dir), *t = p9_node_of(target);
	struct p9_buf *b, r;
	int err;

	p9_lock(d->s);
	b = p9_request(d->s, P9_TLINK);
	p9_put32(b, d->fid);
	p9_put32(b, t->fid);
	p9_putstr(b, name, len);
	err = p9_call(d->s, b, P9_TLINK, &r);
	p9_unlock(d->s);
	return err;
}

static int p9_unlinkat(struct tess_vnode *dir, const char *name, size_t len,
		    uint32_t flags)
{
	struct p9_node *d = p9_node_of(dir);
	struct p9_buf *b, r;
	int err;

	p9_lock(d->s);
	b = p9_request(d->s, P9_TUNLINKAT);
	p9_put32(b, d->fid);
	p9_putstr(b, name, len);
	p9_put32(b, flags);
	err = p9_call(d->s, b, P9_TUNLINKAT, &r);
	p9_unlock(d->s);
	return err;
}

static int p9_unlink(struct tess_vnode *dir, const char *name, size_t len)
{
	return p9_unlinkat(dir, name, len, 0);
}

static int p9_rmdir(struct tess_vnode *dir, const char *name, size_t len)
{
	return p9_unlinkat(dir, name, len, AT_REMOVEDIR);
}

/* One Trenameat; lock not held. */
static int p9_renameat(struct p9_node *o, const char *old, size_t oldlen,
		    struct p9_node *n, const char *new_name, size_t newlen)
{
	struct p9_buf *b, r;
	int err;

	p9_lock(o->s);
	b = p9_request(o->s, P9_TRENAMEAT);
	p9_put32(b, o->fid);
	p9_putstr(b, old, oldlen);
	p9_put32(b, n->fid);
	p9_putstr(b, new_name, newlen);
	err = p9_call(o->s, b, P9_TRENAMEAT, &r);
	p9_unlock(o->s);
	return err;
}

/*
 * RENAME_EXCHANGE, which 9P2000.L has no message for, as three renames
 * through a temporary name beside the first file, undone as far as they
 * went when one fails. Not atomic for a host program looking at the
 * folder meanwhile; this guest sees it whole (the namespace lock).
 */
static int exchange(struct p9_node *o, const char *old, size_t oldlen,
		    struct p9_node *n, const char *new_name, size_t newlen)
{
	char tmp[48];
	int len = snprintf(tmp, sizeof(tmp), ".tess-exchange-%llx",
			   (unsigned long long)(o->s->next_ino_salt++ ^
						(uintptr_t)o));
	int err = p9_renameat(o, old, oldlen, o, tmp, (size_t)len);

	if (err)
		return err;
	err = p9_renameat(n, new_name, newlen, o, old, oldlen);
	if (err) {
		p9_renameat(o, tmp, (size_t)len, o, old, oldlen);
		return err;
	}
	err = p9_renameat(o, tmp, (size_t)len, n, new_name, newlen);
	if (err) {
		p9_renameat(o, old, oldlen, n, new_name, newlen);
		p9_renameat(o, tmp, (size_t)len, o, old, oldlen);
	}
	return err;
}

static int p9_rename(struct tess_vnode *olddir, const char *old,
		     size_t oldlen, struct tess_vnode *newdir,
		     const char *new_name, size_t newlen, unsigned flags)
{
	struct p9_node *o = p9_node_of(olddir), *n = p9_node_of(newdir);
	int err;

	if (flags & TESS_RENAME_EXCHANGE)
		return exchange(o, old, oldlen, n, new_name, newlen);
	/* 9P2000.L renames like rename(2): NOREPLACE is checked here (the
	 * namespace lock keeps this guest from racing itself; a host
	 * program could still create the name meanwhile). */
	if (flags & TESS_RENAME_NOREPLACE) {
		struct tess_vnode *existing;

		err = p9_lookup(newdir, new_name, newlen, &existing);
		if (!err) {
			tess_vnode_put_locked(existing);
			return -EEXIST;
		}
		if (err != -ENOENT)
			return err;
	}
	return p9_renameat(o, old, oldlen, n, new_name, newlen);
}

static long p9_readlink(struct tess_vnode *vn, char *buf, size_t len)
{
	struct p9_node *n = p9_node_of(vn);
	struct p9_buf *b, r;
	const char *target;
	size_t tlen;
	long err;

	p9_lock(n->s);
	b = p9_request(n->s, P9_TREADLINK);
	p9_put32(b, n->fid);
	err = p9_call(n->s, b, P9_TREADLINK, &r);
	if (!err) {
		target = p9_getstr(&r, &tlen);
		if (!target) {
			err = -EPROTO;
		} else {
			if (tlen > len)
				tlen = len;
			memcpy(buf, target, tlen);
			err = (long)tlen;
		}
	}
	p9_unlock(n->s);
	return err;
}

static int p9_getattr(struct tess_vnode *vn, struct tess_stat *st)
{
	struct p9_node *n = p9_node_of(vn);
	int err;

	/* The open fid, where there is one: it still reaches a file that
	 * was unlinked (a path-based server's path fid no longer does). */
	p9_lock(n->s);
	err = getattr_fid(n->s, n->io_fid != P9_NOFID ? n->io_fid : n->fid,
			  st);
	p9_unlock(n->s);
	return err;
}

static int p9_setattr(struct tess_vnode *vn, const struct tess_vfs_attr *a)
{
	struct p9_node *n = p9_node_of(vn);
	struct p9_buf *b, r;
	uint32_t valid = 0;
	int err;

	if (a->mask & TESS_VFS_ATTR_MODE)
		valid |= P9_SETATTR_MODE;
	if (a->mask & TESS_VFS_ATTR_UID)
		valid |= P9_SETATTR_UID;
	if (a->mask & TESS_VFS_ATTR_GID)
		valid |= P9_SETATTR_GID;
	if (a->mask & TESS_VFS_ATTR_SIZE)
		valid |= P9_SETATTR_SIZE;
	if (a->mask & TESS_VFS_ATTR_ATIME)
		valid |= P9_SETATTR_ATIME | P9_SETATTR_ATIME_SET;
	if (a->mask & TESS_VFS_ATTR_MTIME)
		valid |= P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET;
	p9_lock(n->s);
	b = p9_request(n->s, P9_TSETATTR);
	p9_put32(b, n->io_fid != P9_NOFID ? n->io_fid : n->fid);
	p9_put32(b, valid);
	p9_put32(b, a->mode);
	p9_put32(b, a->uid);
	p9_put32(b, a->gid);
	p9_put64(b, a->size);
	p9_put64(b, (uint64_t)a->atime.sec);
	p9_put64(b, (uint64_t)a->atime.nsec);
	p9_put64(b, (uint64_t)a->mtime.sec);
	p9_put64(b, (uint64_t)a->mtime.nsec);
	err = p9_call(n->s, b, P9_TSETATTR, &r);
	p9_unlock(n->s);
	return err;
}

/* The node's open fid, opened read-write where the server allows, else
 * read-only (want_write then -EBADF): lock held. */
static int io_open(struct p9_node *n, bool want_write)
{
	bool dir = TESS_S_ISTYPE(n->vn.mode, TESS_S_IFDIR);
	struct p9_qid qid;
	uint32_t fid;
	int err = 0;

	if (n->io_fid != P9_NOFID)
		return want_write && !n->io_writable ? -EBADF : 0;
	for (int attempt = dir ? 1 : 0; attempt < 2; attempt++) {
		uint32_t flags = attempt == 0 ? O_RDWR
					      : O_RDONLY | (dir ? O_DIRECTORY
								: 0);
		struct p9_buf *b, r;

		err = walk(n->s, n->fid, NULL, 0, &fid, &qid);
		if (err)
			return err;
		b = p9_request(n->s, P9_TLOPEN);
		p9_put32(b, fid);
		p9_put32(b, flags);
		err = p9_call(n->s, b, P9_TLOPEN, &r);
		if (!err) {
			n->io_fid = fid;
			n->io_writable = attempt == 0;
			break;
		}
		p9_clunk(n->s, fid);
	}
	if (err)
		return err;
	return want_write && !n->io_writable ? -EBADF : 0;
}

/* The Rread header's size: size[4] type[1] tag[2] count[4]. */
#define RREAD_HEAD 11

/* A Tread whose data lands in buf itself (the transport's rpcv): the
 * reply's header in the session's buffer, checked as p9_reply would. */
static long read_direct(struct p9_node *n, char *buf, size_t len,
			uint64_t offset)
{
	struct p9_session *s = n->s;
	struct p9_buf *b = p9_request(s, P9_TREAD), r;
	struct tess_9p_buf resp[2] = {{s->resp, RREAD_HEAD}, {buf, len}};
	uint32_t count;
	long got;
	int err;

	p9_put32(b, n->io_fid);
	p9_put64(b, offset);
	p9_put32(b, (uint32_t)len);
	p9_finish(b);
	got = s->t->rpcv(s->t, b->data, b->len, resp, 2);
	if (got < 0)
		return got;
	/* An Rlerror (11 bytes) fits the header's buffer whole. */
	err = p9_reply_head(&r, s->resp,
			    (size_t)got < RREAD_HEAD ? (size_t)got : RREAD_HEAD,
			    (size_t)got, P9_TREAD + 1);
	if (err)
		return err;
	count = p9_get32(&r);
	if (r.err || count > len || (size_t)got != RREAD_HEAD + count)
		return -EPROTO;
	return count;
}

/* One Tread or Twrite of at most what a message carries. */
static long io_once(struct p9_node *n, bool write, char *buf, size_t len,
		    uint64_t offset)
{
	size_t room = n->s->msize - P9_IOHDR;
	struct p9_buf *b, r;
	uint32_t count;
	long err;

	if (len > room)
		len = room;
	if (!write && n->s->t->rpcv)
		return read_direct(n, buf, len, offset);
	b = p9_request(n->s, write ? P9_TWRITE : P9_TREAD);
	p9_put32(b, n->io_fid);
	p9_put64(b, offset);
	p9_put32(b, (uint32_t)len);
	if (write)
		p9_putbytes(b, buf, len);
	err = p9_call(n->s, b, write ? P9_TWRITE : P9_TREAD, &r);
	if (err)
		return err;
	count = p9_get32(&r);
	if (r.err || count > len)
		return -EPROTO;
	if (!write) {
		const void *data = p9_getbytes(&r, count);

		if (!data)
			return -EPROTO;
		memcpy(buf, data, count);
	}
	return count;
}

static long io(struct tess_vnode *vn, const struct tess_iovec *iov, int count,
	       uint64_t offset, bool write)
{
	struct p9_node *n = p9_node_of(vn);
	long total = 0, err;

	p9_lock(n->s);
	err = io_open(n, write);
	for (int i = 0; !err && i < count; i++) {
		size_t done = 0;

		while (done < iov[i].len) {
			long got = io_once(n, write, (char *)iov[i].base + done,
					   iov[i].len - done,
					   offset + (uint64_t)total);

			if (got <= 0) {
				err = got;
				break;
			}
			done += (size_t)got;
			total += got;
		}
		if (err || done < iov[i].len)
			break;
	}
	p9_unlock(n->s);
	return total ? total : err;
}

static long p9_read(struct tess_vnode *vn, const struct tess_iovec *iov,
		    int count, uint64_t offset, bool nonblock)
{
	(void)nonblock;
	return io(vn, iov, count, offset, false);
}

static long p9_write(struct tess_vnode *vn, const struct tess_iovec *iov,
		     int count, uint64_t offset, bool nonblock)
{
	(void)nonblock;
	return io(vn, iov, count, offset, true);
}

static int p9_open(struct tess_vnode *vn, unsigned flags)
{
	struct p9_node *n = p9_node_of(vn);
	unsigned acc = flags & TESS_O_ACCMODE;
	int err;

	if (!TESS_S_ISTYPE(vn->mode, TESS_S_IFREG) &&
	    !TESS_S_ISTYPE(vn->mode, TESS_S_IFDIR))
		return 0;
	p9_lock(n->s);
	err = io_open(n, acc != TESS_O_RDONLY);
	p9_unlock(n->s);
	return err == -EBADF ? -EACCES : err;
}

/* Rreaddir's entries through emit; the offsets are the server's. */
static int p9_readdir(struct tess_vnode *dir, uint64_t *cookie,
		      tess_vfs_dirent_fn emit, void *ctx)
{
	struct p9_node *n = p9_node_of(dir);
	struct p9_session *s = n->s;
	int err;

	p9_lock(s);
	err = io_open(n, false);
	while (!err) {
		struct p9_buf *b = p9_request(s, P9_TREADDIR), r, list;
		uint32_t bytes;
		const void *data;
		bool any = false;

		p9_put32(b, n->io_fid);
		p9_put64(b, *cookie);
		p9_put32(b, s->msize - P9_IOHDR);
		err = p9_call(s, b, P9_TREADDIR, &r);
		if (err)
			break;
		bytes = p9_get32(&r);
		data = p9_getbytes(&r, bytes);
		if (!data) {
			err = -EPROTO;
			break;
		}
		list = (struct p9_buf){.data = (uint8_t *)data, .len = bytes,
				       .cap = bytes};
		while (list.pos < list.len) {
			struct p9_qid qid = p9_getqid(&list);
			uint64_t next = p9_get64(&list);
			uint8_t type = p9_get8(&list);
			size_t len;
			const char *name = p9_getstr(&list, &len);

			if (list.err || !name || len == 0 ||
			    len > TESS_VFS_NAME_MAX) {
				err = -EPROTO;
				break;
			}
			if (emit(ctx, name, len, qid.path, type, next)) {
				p9_unlock(s);
				return 0;
			}
			*cookie = next;
			any = true;
		}
		if (!any)
			break; /* the end */
	}
	p9_unlock(s);
	return err;
}

static int p9_fsync(struct tess_vnode *vn, bool datasync)
{
	struct p9_node *n = p9_node_of(vn);
	struct p9_buf *b, r;
	int err = 0;

	p9_lock(n->s);
	if (n->io_fid != P9_NOFID) {
		b = p9_request(n->s, P9_TFSYNC);
		p9_put32(b, n->io_fid);
		p9_put32(b, datasync);
		err = p9_call(n->s, b, P9_TFSYNC, &r);
	}
	p9_unlock(n->s);
	return err;
}

static void p9_release(struct tess_vnode *vn)
{
	struct p9_node *n = p9_node_of(vn);
	struct p9_session *s = n->s;

	if (vn == vn->mount->root)
		return; /* the mount's, freed at unmount */
	p9_lock(s);
	tess_list_remove(&n->cache_link);
	if (n->io_fid != n->fid)
		p9_clunk(s, n->io_fid);
	p9_clunk(s, n->fid);
	p9_unlock(s);
	tess_free(tess_alloc_default(), n);
}

const struct tess_vnode_ops p9_vnode_ops = {
	.lookup = p9_lookup,
	.create = p9_create,
	.mkdir = p9_mkdir,
	.symlink = p9_symlink,
	.mknod = p9_mknod,
	.link = p9_link,
	.unlink = p9_unlink,
	.rmdir = p9_rmdir,
	.rename = p9_rename,
	.readlink = p9_readlink,
	.getattr = p9_getattr,
	.setattr = p9_setattr,
	.read = p9_read,
	.write = p9_write,
	.readdir = p9_readdir,
	.fsync = p9_fsync,
	.open = p9_open,
	.release = p9_release,
};
