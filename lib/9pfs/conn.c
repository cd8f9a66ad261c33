/* SPDX-License-Identifier: BSD-3-Clause */
/* A 9P session's requests and fids, and the registered transports. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>

#include "p9fs_impl.h"

static struct tess_9p_transport *transports;

int tess_9p_transport_register(struct tess_9p_transport *t)
{
	if (p9_transport_find(t->tag))
		return -EEXIST;
	t->next = transports;
	transports = t;
	return 0;
}

struct tess_9p_transport *p9_transport_find(const char *tag)
{
	for (struct tess_9p_transport *t = transports; t; t = t->next)
		if (strcmp(t->tag, tag) == 0)
			return t;
	return NULL;
}

void p9_lock(struct p9_session *s)
{
	tess_lock_mutex_lock(&s->lock);
}

void p9_unlock(struct p9_session *s)
{
	tess_lock_mutex_unlock(&s->lock);
}

uint32_t p9_fid_alloc(struct p9_session *s)
{
	if (s->nfree)
		return s->free_fids[--s->nfree];
	return s->next_fid++;
}

void p9_fid_free(struct p9_session *s, uint32_t fid)
{
	if (s->nfree == s->free_cap) {
		unsigned cap = s->free_cap ? 2 * s->free_cap : 64;
		uint32_t *bigger = tess_realloc(tess_alloc_default(),
						s->free_fids,
						cap * sizeof(*bigger));

		if (!bigger)
			return; /* the number is not used again: harmless */
		s->free_fids = bigger;
		s->free_cap = cap;
	}
	s->free_fids[s->nfree++] = fid;
}

struct p9_buf *p9_request(struct p9_session *s, uint8_t type)
{
	/* One request at a time per session (its lock held). */
	p9_begin(&s->out, s->req, s->msize, type, 1);
	return &s->out;
}

int p9_call(struct p9_session *s, struct p9_buf *req, uint8_t want_type,
	    struct p9_buf *reply)
{
	long n;

	p9_finish(req);
	if (req->err)
		return -ENAMETOOLONG; /* a name or write beyond msize */
	n = s->t->rpc(s->t, req->data, req->len, s->resp, s->msize);
	if (n < 0)
		return (int)n;
	return p9_reply(reply, s->resp, (size_t)n, (uint8_t)(want_type + 1));
}

void p9_clunk(struct p9_session *s, uint32_t fid)
{
	struct p9_buf *b, reply;

	if (fid == P9_NOFID)
		return;
	b = p9_request(s, P9_TCLUNK);
	p9_put32(b, fid);
	/* The fid is gone whatever the answer (9P: clunk always frees). */
	(void)p9_call(s, b, P9_TCLUNK, &reply);
	p9_fid_free(s, fid);
}
