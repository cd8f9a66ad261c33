/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/9pfs: host folders as a file system, a 9P2000.L client (the Linux
 * v9fs dialect) over any transport a driver registers: virtio-9p under
 * tess-vmm and QEMU, a host socket on linuxu.
 *
 * Provides the file system type "9p" (source: the transport's tag) and
 * the library option 9pfs.mount=TAG:GUESTDIR[:ro] (repeatable; tess run
 * -v HOSTDIR:GUESTDIR[:ro] gives it), mounted at TESS_INIT_FS + 3 with
 * GUESTDIR made first. Every operation is a round trip to the server,
 * which confines it to the shared folder.
 *
 * Needs lib/vfs, lib/lock, lib/alloc. Promises: one request in flight per
 * transport (a mutex); a malformed reply is -EPROTO, never a read outside
 * the reply; the vnodes of one file are one vnode (cached by the server's
 * qid), so record locks and shared mappings see each other.
 */
#ifndef TESS_9PFS_H
#define TESS_9PFS_H

#include <stddef.h>
#include <stdint.h>

struct tess_9p_buf {
	void *base;
	size_t len;
};

/* A channel to a 9P server, registered by its driver. */
struct tess_9p_transport {
	const char *tag; /* the mount tag, e.g. "v0" */
	/* The largest message it carries either way (at least 8 KiB). */
	uint32_t msize;
	/* Sends the T-message req (req_len bytes) and puts the reply in
	 * resp (cap bytes): the reply's length or -errno. Called with the
	 * transport's lock held: one request at a time. May block the
	 * calling thread. */
	long (*rpc)(struct tess_9p_transport *t, const void *req,
		    size_t req_len, void *resp, size_t cap);
	/* Optional: as rpc, the reply landing in the buffers of resp in
	 * order (an Rread's header in the first, its data straight into
	 * the caller's buffer: one copy less); the reply's length. */
	long (*rpcv)(struct tess_9p_transport *t, const void *req,
		     size_t req_len, const struct tess_9p_buf *resp, int nresp);
	void *priv; /* the driver's */
	struct tess_9p_transport *next; /* lib/9pfs's */
};

/* Makes t mountable by its tag: 0, or -EEXIST for a tag taken. */
int tess_9p_transport_register(struct tess_9p_transport *t);

#endif /* TESS_9PFS_H */
