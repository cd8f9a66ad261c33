/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet buffers: one frame and the room around it in one object of a
 * preallocated pool (lib/pool). lib/netdev moves these between the
 * application and the drivers by pointer, never by copy.
 *
 * A buffer is this header, then `storage`: first a headroom, where the
 * frame may grow at the front (a driver's own header goes there: virtio-net
 * writes its 12 bytes just before the frame, so header and frame reach the
 * device as one piece), then the room for the frame itself. A buffer comes
 * out of its pool with data at the pool's headroom and len 0. A pool of
 * buffers is a type of its own rather than a bare lib/pool pool because
 * it carries that geometry, which alloc applies and a device's configure
 * checks (a receive pool too small for the MTU is refused there, not
 * found out when a frame overruns a buffer).
 *
 * Needs: lib/pool (the objects), lib/alloc (the pool's own record).
 *
 * Promises:
 * - No allocation after tess_netbuf_pool_create: alloc and free are
 *   lib/pool's constant-time get and put, safe from threads and interrupt
 *   handlers, never blocking; a bulk call masks interrupts once (per
 *   pool, when freeing buffers of several).
 * - A buffer knows its pool: tess_netbuf_free needs only the buffer, and a
 *   buffer freed twice (or a pointer that is no buffer of its pool) is
 *   refused and logged by lib/pool, never taken in.
 * - A pool in use as a device's receive pool cannot be destroyed.
 * - Errors are negative errno values; bad arguments never crash.
 */
#ifndef TESS_NETBUF_H
#define TESS_NETBUF_H

#include <stddef.h>
#include <stdint.h>

struct tess_netbuf_pool;

struct tess_netbuf {
	void *data;	   /* the frame's first byte, inside storage */
	uint16_t len;	   /* the frame's bytes at data */
	uint16_t capacity; /* bytes of storage: headroom and frame room */
	/* Where tess_netbuf_free returns the buffer; set by alloc. */
	struct tess_netbuf_pool *pool;
	/* For whoever holds the buffer (a driver's list, an app's queue). */
	struct tess_netbuf *next;
	/* The driver's while the buffer is in one of its rings. */
	void *priv;
	unsigned char storage[] __attribute__((aligned(16)));
};

struct tess_netbuf_pool_info {
	const char *name;
	unsigned int count; /* buffers in all */
	uint16_t headroom;  /* where data starts in storage after alloc */
	uint16_t data_size; /* frame room after the headroom */
};

/*
 * Makes a pool of count buffers, each with headroom bytes before data and
 * data_size bytes of frame room, named name (copied; for logs). Returns 0,
 * -EINVAL (NULL out, no buffers or too many (TESS_POOL_COUNT_MAX), no
 * frame room, headroom + data_size above 65535) or -ENOMEM.
 */
int tess_netbuf_pool_create(struct tess_netbuf_pool **out, const char *name,
			    size_t count, size_t data_size, size_t headroom);

/* Frees the pool. Returns 0, or -EBUSY (and frees nothing) while some of
 * its buffers are out or a device receives into it. NULL: 0. */
int tess_netbuf_pool_destroy(struct tess_netbuf_pool *pool);

/* The pool's geometry (NULL for a NULL pool). */
const struct tess_netbuf_pool_info *
tess_netbuf_pool_info(const struct tess_netbuf_pool *pool);

/* Buffers in the pool now. */
unsigned int tess_netbuf_pool_available(const struct tess_netbuf_pool *pool);

/* One buffer (data at the headroom, len 0, next and priv NULL), or NULL
 * when the pool is empty. */
struct tess_netbuf *tess_netbuf_alloc(struct tess_netbuf_pool *pool);

/* n buffers into bufs[0..n-1], each as tess_netbuf_alloc, or none:
 * returns n, or 0 (bufs untouched) when fewer than n are left. */
unsigned int tess_netbuf_alloc_bulk(struct tess_netbuf_pool *pool,
				    struct tess_netbuf **bufs, unsigned int n);

/* Gives buf back to its pool. Returns 0, -EINVAL (NULL, or not a buffer
 * of the pool it names) or -EALREADY (it is back already). */
int tess_netbuf_free(struct tess_netbuf *buf);

/* Gives bufs[0..n-1] back, each to its own pool (NULL entries skipped),
 * under one interrupt mask per run of buffers of one pool. Returns how
 * many were taken back. */
unsigned int tess_netbuf_free_bulk(struct tess_netbuf *const *bufs,
				   unsigned int n);

/* Bytes free before data: what a driver may prepend. */
static inline uint16_t tess_netbuf_headroom(const struct tess_netbuf *buf)
{
	return (uint16_t)((const unsigned char *)buf->data - buf->storage);
}

/* Bytes free after the frame: what it may grow by at the end. */
static inline uint16_t tess_netbuf_tailroom(const struct tess_netbuf *buf)
{
	return (uint16_t)(buf->capacity - tess_netbuf_headroom(buf) - buf->len);
}

#endif /* TESS_NETBUF_H */
