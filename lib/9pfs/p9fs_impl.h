/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/9pfs's internals: a mounted session and its vnodes. */
#ifndef TESS_9PFS_IMPL_H
#define TESS_9PFS_IMPL_H

#include <stdbool.h>
#include <tess/9pfs.h>
#include <tess/lock.h>
#include <tess/vfs.h>

#include "p9_msg.h"

#define P9_CACHE_BUCKETS 64

/* One mount: the transport, its message buffers and fids. */
struct p9_session {
	struct tess_9p_transport *t;
	struct tess_lock_mutex lock; /* one request at a time */
	uint8_t *req, *resp;	     /* msize bytes each */
	uint32_t msize;
	uint32_t next_fid;
	uint32_t *free_fids;
	unsigned nfree, free_cap;
	uint64_t next_ino_salt;
	struct tess_list cache[P9_CACHE_BUCKETS]; /* nodes by qid.path */
	struct p9_buf out; /* the request being built */
	bool read_only;
};

/* A file of the server: a fid that names it (walks, getattr), and, once
 * data is read or written, a fid opened for it (io_fid). */
struct p9_node {
	struct tess_vnode vn;
	struct p9_session *s;
	uint32_t fid, io_fid;
	bool io_writable;
	uint64_t qid_path;
	struct tess_list cache_link;
	struct tess_lock_mutex io_lock; /* opening io_fid */
};

static inline struct p9_node *p9_node_of(struct tess_vnode *vn)
{
	return tess_container_of(vn, struct p9_node, vn);
}

/* conn.c: fids, and one request: build fills s->req (begin and finish
 * are done here), then the reply of want_type is parsed by the caller
 * from *reply; returns 0 or -errno. Called with s->lock held (p9_lock). */
uint32_t p9_fid_alloc(struct p9_session *s);
void p9_fid_free(struct p9_session *s, uint32_t fid);
void p9_lock(struct p9_session *s);
void p9_unlock(struct p9_session *s);
struct p9_buf *p9_request(struct p9_session *s, uint8_t type);
int p9_call(struct p9_session *s, struct p9_buf *req, uint8_t want_type,
	    struct p9_buf *reply);
/* Clunks fid (lock held) and frees its number. */
void p9_clunk(struct p9_session *s, uint32_t fid);
struct tess_9p_transport *p9_transport_find(const char *tag);

/* node.c */
extern const struct tess_vnode_ops p9_vnode_ops;
/* The node for fid (which it takes over) whose qid is qid: the cached
 * one (fid is clunked) or a new one; NULL when out of memory (fid
 * clunked). Lock held. */
struct p9_node *p9_node_get(struct p9_session *s, struct tess_mount *m,
			    uint32_t fid, struct p9_qid qid, uint32_t mode);

#endif /* TESS_9PFS_IMPL_H */
