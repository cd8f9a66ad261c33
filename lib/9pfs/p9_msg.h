/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9P2000.L messages: building a T-message and taking an R-message apart,
 * every read checked against the reply's length (a malformed reply sets
 * the buffer's error flag and yields zeros, never a read past its end).
 */
#ifndef TESS_9PFS_P9_MSG_H
#define TESS_9PFS_P9_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Message types (Linux's include/net/9p/9p.h). */
enum p9_type {
	P9_RLERROR = 7,
	P9_TSTATFS = 8,
	P9_TLOPEN = 12,
	P9_TLCREATE = 14,
	P9_TSYMLINK = 16,
	P9_TMKNOD = 18,
	P9_TREADLINK = 22,
	P9_TGETATTR = 24,
	P9_TSETATTR = 26,
	P9_TREADDIR = 40,
	P9_TFSYNC = 50,
	P9_TLINK = 70,
	P9_TMKDIR = 72,
	P9_TRENAMEAT = 74,
	P9_TUNLINKAT = 76,
	P9_TVERSION = 100,
	P9_TATTACH = 104,
	P9_TWALK = 110,
	P9_TREAD = 116,
	P9_TWRITE = 118,
	P9_TCLUNK = 120,
};

#define P9_NOFID       0xffffffffu
#define P9_NOTAG       0xffff
#define P9_HEADER      7  /* size[4] type[1] tag[2] */
#define P9_IOHDR       24 /* room Tread/Twrite/Rread headers take */
#define P9_QID_SIZE    13
#define P9_GETATTR_ALL 0x3fffull

/* Tsetattr's valid bits. */
#define P9_SETATTR_MODE	     0x001
#define P9_SETATTR_UID	     0x002
#define P9_SETATTR_GID	     0x004
#define P9_SETATTR_SIZE	     0x008
#define P9_SETATTR_ATIME     0x010
#define P9_SETATTR_MTIME     0x020
#define P9_SETATTR_CTIME     0x040
#define P9_SETATTR_ATIME_SET 0x080
#define P9_SETATTR_MTIME_SET 0x100

struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

struct p9_buf {
	uint8_t *data;
	size_t len; /* bytes in the message (building: so far) */
	size_t cap;
	size_t pos; /* reading: the next byte */
	bool err;   /* overflow or a malformed reply */
};

/* Building: starts a message of type with tag, then fields; finish
 * writes the size. */
void p9_begin(struct p9_buf *b, void *data, size_t cap, uint8_t type,
	      uint16_t tag);
void p9_put8(struct p9_buf *b, uint8_t v);
void p9_put16(struct p9_buf *b, uint16_t v);
void p9_put32(struct p9_buf *b, uint32_t v);
void p9_put64(struct p9_buf *b, uint64_t v);
/* A string of len bytes (no NUL on the wire). */
void p9_putstr(struct p9_buf *b, const char *s, size_t len);
void p9_putbytes(struct p9_buf *b, const void *p, size_t len);
void p9_finish(struct p9_buf *b);

/*
 * Reading a reply of len bytes: checks its size field against len and
 * its type: 0 with the reader after the header when it is want_type, the
 * negative errno of an Rlerror, -EPROTO for anything else (another type,
 * a size that disagrees, a short message).
 */
int p9_reply(struct p9_buf *b, void *data, size_t len, uint8_t want_type);
/* The same for a reply of total bytes of which only the first len are in
 * data (the rest went elsewhere: an Rread's data into the caller's
 * buffer). */
int p9_reply_head(struct p9_buf *b, void *data, size_t len, size_t total,
		  uint8_t want_type);
uint8_t p9_get8(struct p9_buf *b);
uint16_t p9_get16(struct p9_buf *b);
uint32_t p9_get32(struct p9_buf *b);
uint64_t p9_get64(struct p9_buf *b);
struct p9_qid p9_getqid(struct p9_buf *b);
/* A string: its bytes inside the reply (not terminated) and length;
 * NULL (and the error flag) when it runs past the end. */
const char *p9_getstr(struct p9_buf *b, size_t *len);
/* len bytes inside the reply, or NULL. */
const void *p9_getbytes(struct p9_buf *b, size_t len);

#endif /* TESS_9PFS_P9_MSG_H */
