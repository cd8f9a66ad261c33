/* SPDX-License-Identifier: BSD-3-Clause */
/* 9P2000.L messages, little-endian on the wire, every length checked. */
#include <errno.h>
#include <string.h>

#include "p9_msg.h"

static uint8_t *room(struct p9_buf *b, size_t n)
{
	uint8_t *p;

	if (b->err || n > b->cap - b->len) {
		b->err = true;
		return NULL;
	}
	p = b->data + b->len;
	b->len += n;
	return p;
}

static void put_le(struct p9_buf *b, uint64_t v, size_t n)
{
	uint8_t *p = room(b, n);

	for (size_t i = 0; p && i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void p9_put8(struct p9_buf *b, uint8_t v)
{
	put_le(b, v, 1);
}

void p9_put16(struct p9_buf *b, uint16_t v)
{
	put_le(b, v, 2);
}

void p9_put32(struct p9_buf *b, uint32_t v)
{
	put_le(b, v, 4);
}

void p9_put64(struct p9_buf *b, uint64_t v)
{
	put_le(b, v, 8);
}

void p9_putbytes(struct p9_buf *b, const void *src, size_t len)
{
	uint8_t *p = room(b, len);

	if (p && len)
		memcpy(p, src, len);
}

void p9_putstr(struct p9_buf *b, const char *s, size_t len)
{
	if (len > 0xffff) {
		b->err = true;
		return;
	}
	p9_put16(b, (uint16_t)len);
	p9_putbytes(b, s, len);
}

void p9_begin(struct p9_buf *b, void *data, size_t cap, uint8_t type,
	      uint16_t tag)
{
	*b = (struct p9_buf){.data = data, .cap = cap};
	p9_put32(b, 0); /* the size, written by p9_finish */
	p9_put8(b, type);
	p9_put16(b, tag);
}

void p9_finish(struct p9_buf *b)
{
	size_t len = b->len;

	if (b->err)
		return;
	for (int i = 0; i < 4; i++)
		b->data[i] = (uint8_t)(len >> (8 * i));
}

static uint64_t get_le(struct p9_buf *b, size_t n)
{
	uint64_t v = 0;

	if (b->err || n > b->len - b->pos) {
		b->err = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)b->data[b->pos + i] << (8 * i);
	b->pos += n;
	return v;
}

uint8_t p9_get8(struct p9_buf *b)
{
	return (uint8_t)get_le(b, 1);
}

uint16_t p9_get16(struct p9_buf *b)
{
	return (uint16_t)get_le(b, 2);
}

uint32_t p9_get32(struct p9_buf *b)
{
	return (uint32_t)get_le(b, 4);
}

uint64_t p9_get64(struct p9_buf *b)
{
	return get_le(b, 8);
}

struct p9_qid p9_getqid(struct p9_buf *b)
{
	struct p9_qid q;

	q.type = p9_get8(b);
	q.version = p9_get32(b);
	q.path = p9_get64(b);
	return q;
}

const void *p9_getbytes(struct p9_buf *b, size_t len)
{
	const void *p;

	if (b->err || len > b->len - b->pos) {
		b->err = true;
		return NULL;
	}
	p = b->data + b->pos;
	b->pos += len;
	return p;
}

const char *p9_getstr(struct p9_buf *b, size_t *len)
{
	*len = p9_get16(b);
	return p9_getbytes(b, *len);
}

int p9_reply(struct p9_buf *b, void *data, size_t len, uint8_t want_type)
{
	return p9_reply_head(b, data, len, len, want_type);
}

int p9_reply_head(struct p9_buf *b, void *data, size_t len, size_t total,
		  uint8_t want_type)
{
	uint32_t size, ecode;
	uint8_t type;

	*b = (struct p9_buf){.data = data, .len = len, .cap = len};
	size = p9_get32(b);
	type = p9_get8(b);
	(void)p9_get16(b); /* the tag: one request in flight per channel */
	if (b->err || size != total || len > total)
		return -EPROTO;
	if (type == P9_RLERROR) {
		ecode = p9_get32(b);
		/* An errno the guest knows; a nonsense one is a protocol
		 * error, not a value passed on. */
		return b->err || ecode == 0 || ecode > 4095 ? -EPROTO
							    : -(int)ecode;
	}
	return type == want_type ? 0 : -EPROTO;
}
