/* SPDX-License-Identifier: BSD-3-Clause */
/* AF_UNIX sending and receiving, as Linux's af_unix: byte streams,
 * datagrams and sequenced packets, and descriptors passed along
 * (SCM_RIGHTS). */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/plat/irq.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>

#include "unix_impl.h"

#define LX_MSG_OOB	   0x01
#define LX_SCM_RIGHTS	   1
#define LX_SCM_CREDENTIALS 2
#define CMSG_HDR	   16 /* Linux's struct cmsghdr on x86_64 */
#define CMSG_ALIGN(n)	   (((n) + 7) & ~(size_t)7)

struct lx_cmsghdr {
	size_t len;
	int level, type;
};

/* Copies n bytes between a vector (from byte off of it) and buf. */
static void iov_copy(const struct tess_msghdr *msg, size_t off, void *buf,
		     size_t n, bool to_iov)
{
	char *b = buf;

	for (size_t i = 0; i < msg->iovlen && n; i++) {
		size_t len = msg->iov[i].len, k;

		if (off >= len) {
			off -= len;
			continue;
		}
		k = len - off < n ? len - off : n;
		if (to_iov)
			memcpy((char *)msg->iov[i].base + off, b, k);
		else
			memcpy(b, (char *)msg->iov[i].base + off, k);
		b += k, n -= k, off = 0;
	}
}

static size_t iov_len(const struct tess_msghdr *msg)
{
	size_t n = 0;

	for (size_t i = 0; i < msg->iovlen; i++)
		n += msg->iov[i].len;
	return n;
}

/* The files of a sender's SCM_RIGHTS (references in *files), as Linux's
 * scm_send: a malformed header -EINVAL, a bad descriptor -EBADF; other
 * levels ignored; SCM_CREDENTIALS accepted (one process: its own). */
static long cmsg_files(const struct tess_msghdr *msg, struct tess_file ***files,
		       unsigned *nfiles)
{
	const char *c = msg->control, *end = c + msg->controllen;

	*files = NULL;
	*nfiles = 0;
	if (msg->controllen && !c)
		return -EFAULT;
	while (c && end - c >= (long)sizeof(struct lx_cmsghdr)) {
		struct lx_cmsghdr h;
		unsigned n;

		memcpy(&h, c, sizeof(h));
		if (h.len < sizeof(h) || h.len > (size_t)(end - c))
			return -EINVAL;
		if (h.level != TESS_SOL_SOCKET)
			goto next;
		if (h.type == LX_SCM_CREDENTIALS)
			goto next;
		if (h.type != LX_SCM_RIGHTS || *files)
			return -EINVAL;
		n = (unsigned)((h.len - CMSG_HDR) / sizeof(int));
		if (n > FDS_MAX)
			return -EINVAL;
		if (!n)
			goto next;
		*files = tess_calloc(tess_alloc_default(), n, sizeof(**files));
		if (!*files)
			return -ENOMEM;
		for (unsigned i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, c + CMSG_HDR + i * sizeof(int), sizeof(fd));
			(*files)[i] = tess_vfs_fd_get(fd);
			if (!(*files)[i]) {
				while (i--)
					tess_file_put((*files)[i]);
				tess_free(tess_alloc_default(), *files);
				*files = NULL;
				return -EBADF;
			}
		}
		*nfiles = n;
	next:
		c += CMSG_ALIGN(h.len);
	}
	return 0;
}

static void files_put(struct tess_file **files, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		tess_file_put(files[i]);
	tess_free(tess_alloc_default(), files);
}

/* Gives the receiver m's files as new descriptors in an SCM_RIGHTS
 * message (peeking: copies), as Linux's scm_detach_fds: as many as the
 * control buffer holds, MSG_CTRUNC for the rest (closed). Sets
 * msg->controllen to the bytes used. */
static void cmsg_give(struct tess_msghdr *msg, struct umsg *m, int flags,
		      bool peek)
{
	size_t room = msg->control ? msg->controllen : 0;
	unsigned max = room > CMSG_HDR ? (unsigned)((room - CMSG_HDR) / 4) : 0;
	unsigned fdflags =
		flags & TESS_MSG_CMSG_CLOEXEC ? TESS_VFS_FD_CLOEXEC : 0;
	unsigned i, given = 0;

	msg->controllen = 0;
	if (!m || !m->nfiles)
		return;
	for (i = 0; i < m->nfiles && given < max; i++) {
		int fd;

		tess_file_ref(m->files[i]);
		fd = tess_vfs_fd_alloc(m->files[i], 0, fdflags);
		if (fd < 0)
			break;
		memcpy((char *)msg->control + CMSG_HDR + given * sizeof(int),
		       &fd, sizeof(fd));
		given++;
	}
	if (given < m->nfiles)
		msg->flags |= TESS_MSG_CTRUNC;
	if (given) {
		struct lx_cmsghdr h = {CMSG_HDR + given * sizeof(int),
				       TESS_SOL_SOCKET, LX_SCM_RIGHTS};
		size_t used = CMSG_ALIGN(h.len);

		memcpy(msg->control, &h, sizeof(h));
		msg->controllen = used < room ? used : room;
	}
	if (!peek) {
		files_put(m->files, m->nfiles);
		m->files = NULL;
		m->nfiles = 0;
	}
}

/* The sender's name for the receiver (masked): none when unbound. */
static void from_copy(struct tess_msghdr *msg, const struct usock *from)
{
	if (!msg->name)
		return;
	if (!from->addrlen) {
		msg->namelen = 0;
		return;
	}
	name_copy(from, msg->name, &msg->namelen);
}

/* Queues m on o (masked). */
static void deliver(struct usock *o, struct umsg *m)
{
	tess_list_push_back(&o->rq, &m->node);
	o->rq_len++;
	usock_notify(o);
}

/* A stream send, as Linux's unix_stream_sendmsg: pieces of at most half
 * the send buffer, each waiting (unless non-blocking) while the sender
 * has its send buffer in flight; the descriptors go with the first. */
static long stream_send(struct tess_file *f, struct usock *u,
			struct tess_msghdr *msg, int flags)
{
	bool nonblock =
		(f->flags & TESS_O_NONBLOCK) || (flags & TESS_MSG_DONTWAIT);
	uint64_t deadline = tess_socket_deadline(&u->base, true);
	size_t len = iov_len(msg), sent = 0;
	struct tess_file **files;
	unsigned nfiles;
	long err = cmsg_files(msg, &files, &nfiles);
	bool was;

	if (err)
		return err;
	was = tess_plat_irq_save();
	if (msg->namelen)
		err = u->state == US_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	else if (!u->peer)
		err = -ENOTCONN;
	else if (u->shut & SHUT_SEND)
		err = -EPIPE;
	while (!err && sent < len) {
		size_t size = len - sent, cap = (size_t)u->sndbuf / 2 - 64;
		struct usock *o = u->peer;
		struct umsg *m;

		if (u->err) {
			err = -u->err;
			u->err = 0;
			break;
		}
		if (u->shut & SHUT_SEND) {
			err = -EPIPE;
			break;
		}
		if (u->wmem >= (size_t)u->sndbuf) {
			if (nonblock) {
				err = -EAGAIN;
				break;
			}
			err = usock_wait(&u->head, deadline, &was);
			continue;
		}
		if (size > cap)
			size = cap;
		if (size > 65536)
			size = 65536;
		tess_plat_irq_restore(was);
		m = umsg_new(u, size);
		was = tess_plat_irq_save();
		if (!m) {
			err = -ENOMEM;
			break;
		}
		if (o != u->peer || o->dead || (o->shut & SHUT_RCV)) {
			tess_plat_irq_restore(was);
			umsg_free(m);
			was = tess_plat_irq_save();
			err = -EPIPE;
			break;
		}
		iov_copy(msg, sent, m->data, size, false);
		if (files) {
			m->files = files, m->nfiles = nfiles;
			files = NULL;
		}
		deliver(o, m);
		sent += size;
	}
	tess_plat_irq_restore(was);
	if (files)
		files_put(files, nfiles);
	if (err == -EPIPE && !sent && !(flags & TESS_MSG_NOSIGNAL))
		tess_socket_sigpipe();
	return sent ? (long)sent : err;
}

/* Waits while u has its whole send buffer in flight, as Linux's
 * sock_alloc_send_pskb: -EAGAIN (non-blocking, or SO_SNDTIMEO), -EPIPE
 * once u cannot send, -EINTR. */
static long wmem_wait(struct usock *u, bool nonblock, uint64_t deadline)
{
	bool was = tess_plat_irq_save();
	long err = 0;

	while (!err) {
		if (u->shut & SHUT_SEND)
			err = -EPIPE;
		else if (u->wmem < (size_t)u->sndbuf)
			break;
		else if (nonblock)
			err = -EAGAIN;
		else
			err = usock_wait(&u->head, deadline, &was);
	}
	tess_plat_irq_restore(was);
	return err;
}

/* A datagram or sequenced-packet send, as Linux's unix_dgram_sendmsg:
 * the whole message or nothing, to msg's name or the peer. */
static long dgram_send(struct tess_file *f, struct usock *u,
		       struct tess_msghdr *msg, int flags)
{
	bool nonblock =
		(f->flags & TESS_O_NONBLOCK) || (flags & TESS_MSG_DONTWAIT);
	uint64_t deadline = tess_socket_deadline(&u->base, true);
	bool seqpacket = u->base.type == TESS_SOCK_SEQPACKET;
	size_t len = iov_len(msg);
	struct usock *o = NULL;
	struct tess_file **files;
	unsigned nfiles, namelen = seqpacket ? 0 : msg->namelen;
	struct umsg *m = NULL;
	long err;
	bool was;

	if (seqpacket) {
		was = tess_plat_irq_save();
		err = u->err			 ? -u->err
		      : u->state != US_CONNECTED ? -ENOTCONN
						 : 0;
		u->err = 0;
		tess_plat_irq_restore(was);
		if (err)
			return err;
	}
	err = cmsg_files(msg, &files, &nfiles);
	if (err)
		return err;
	if (namelen) {
		unsigned l = namelen;

		err = name_check(msg->name, &l);
	} else {
		was = tess_plat_irq_save();
		o = u->peer;
		if (o)
			usock_ref(o);
		else
			err = -ENOTCONN;
		tess_plat_irq_restore(was);
	}
	if (!err && u->passcred)
		err = name_autobind(u);
	if (!err && len > (size_t)u->sndbuf - 32)
		err = -EMSGSIZE;
	if (!err)
		err = wmem_wait(u, nonblock, deadline);
	if (!err) {
		m = umsg_new(u, len);
		if (!m)
			err = -ENOMEM;
	}
	if (!err) {
		iov_copy(msg, 0, m->data, len, false);
		m->files = files, m->nfiles = nfiles;
		files = NULL;
	}
	if (!err && !o)
		err = name_find(msg->name, namelen, u->base.type, &o);
	was = tess_plat_irq_save();
	while (!err) {
		if (u->shut & SHUT_SEND) {
			err = -EPIPE;
		} else if (o->peer && o->peer != u) {
			err = -EPERM;
		} else if (o->dead) {
			err = -EPIPE;
			if (!seqpacket && u->peer == o) {
				/* Linux forgets a dead peer and says so */
				u->peer = NULL;
				u->state = US_UNCONNECTED;
				usock_put(o);
				err = -ECONNREFUSED;
			} else if (!seqpacket) {
				err = -ECONNREFUSED;
			}
		} else if (o->shut & SHUT_RCV) {
			err = -EPIPE;
		} else if (o != u && o->peer != u && o->rq_len > DGRAM_QLEN) {
			if (nonblock)
				err = -EAGAIN;
			else
				err = usock_wait(&o->head, deadline, &was);
			continue;
		} else {
			deliver(o, m);
			m = NULL;
			break;
		}
	}
	if (o)
		usock_put(o);
	tess_plat_irq_restore(was);
	if (m)
		umsg_free(m);
	if (files)
		files_put(files, nfiles);
	return err ? err : (long)len;
}

long unix_sendmsg(struct tess_file *f, struct tess_msghdr *msg, int flags)
{
	struct usock *u = f->data;

	if (flags & LX_MSG_OOB)
		return -EOPNOTSUPP;
	if (msg->namelen && !msg->name)
		return -EFAULT;
	if (u->base.type == TESS_SOCK_STREAM)
		return stream_send(f, u, msg, flags);
	return dgram_send(f, u, msg, flags);
}

/* Copies from u's queue into msg at copied: peeking, across the whole
 * queue; else the first message, taken off into done once read. The
 * message carrying descriptors (which ends a read) in *fds. Masked. */
static size_t stream_take(struct usock *u, struct tess_msghdr *msg,
			  size_t copied, size_t len, bool peek,
			  struct tess_list *done, struct umsg **fds,
			  struct usock **from)
{
	struct tess_list *pos;
	size_t got = 0;

	tess_list_for_each (pos, &u->rq) {
		struct umsg *m = tess_list_entry(pos, struct umsg, node);
		size_t n = m->len - m->off;

		if (n > len - copied - got)
			n = len - copied - got;
		iov_copy(msg, copied + got, m->data + m->off, n, true);
		got += n;
		if (!*from) {
			*from = m->from;
			usock_ref(*from);
		}
		if (m->nfiles)
			*fds = m;
		if (!peek) {
			m->off += n;
			if (m->off == m->len) {
				tess_list_remove(&m->node);
				u->rq_len--;
				tess_list_push_back(done, &m->node);
			}
			break;
		}
		if (*fds || copied + got == len)
			break;
	}
	return got;
}

/* A stream receive, as Linux's unix_stream_read_generic: waits for the
 * first bytes (MSG_WAITALL: for all of them), reads message after
 * message (stopping after one that carries descriptors or is read only
 * in part); MSG_PEEK reads across the queue and leaves it. */
static long stream_recv(struct tess_file *f, struct usock *u,
			struct tess_msghdr *msg, int flags)
{
	bool nonblock =
		(f->flags & TESS_O_NONBLOCK) || (flags & TESS_MSG_DONTWAIT);
	bool peek = flags & TESS_MSG_PEEK;
	uint64_t deadline = tess_socket_deadline(&u->base, false);
	size_t len = iov_len(msg), copied = 0;
	size_t target = flags & TESS_MSG_WAITALL ? len : 1;
	struct tess_list done;
	struct usock *from = NULL;
	struct umsg *fds = NULL;
	long err = 0;
	bool was = tess_plat_irq_save();

	tess_list_init(&done);
	msg->flags = 0;
	if (u->state != US_CONNECTED) {
		tess_plat_irq_restore(was);
		return -EINVAL;
	}
	while (copied < len) {
		if (!tess_list_empty(&u->rq)) {
			struct umsg *first =
				tess_list_entry(u->rq.next, struct umsg, node);
			size_t left = first->len - first->off;
			size_t n = stream_take(u, msg, copied, len, peek, &done,
					       &fds, &from);

			copied += n;
			if (fds || peek || n < left)
				break;
			continue;
		}
		if (copied >= target)
			break;
		if (u->err) {
			err = -u->err;
			u->err = 0;
			break;
		}
		if (u->shut & SHUT_RCV)
			break;
		if (nonblock) {
			err = -EAGAIN;
			break;
		}
		err = usock_wait(&u->head, deadline, &was);
		if (err)
			break;
	}
	if (from)
		from_copy(msg, from);
	else if (msg->name)
		msg->namelen = 0;
	tess_plat_irq_restore(was);
	cmsg_give(msg, fds, flags, peek);
	was = tess_plat_irq_save();
	if (from)
		usock_put(from);
	tess_plat_irq_restore(was);
	while (!tess_list_empty(&done)) {
		struct umsg *m = tess_list_entry(done.next, struct umsg, node);

		tess_list_remove(&m->node);
		umsg_free(m);
	}
	return copied ? (long)copied : err;
}

/* A datagram or sequenced-packet receive, as Linux's unix_dgram_recvmsg:
 * one message, cut to the buffer (MSG_TRUNC in msg->flags; with the
 * MSG_TRUNC flag the message's full length is returned). */
static long dgram_recv(struct tess_file *f, struct usock *u,
		       struct tess_msghdr *msg, int flags)
{
	bool nonblock =
		(f->flags & TESS_O_NONBLOCK) || (flags & TESS_MSG_DONTWAIT);
	bool peek = flags & TESS_MSG_PEEK;
	bool seqpacket = u->base.type == TESS_SOCK_SEQPACKET;
	uint64_t deadline = tess_socket_deadline(&u->base, false);
	size_t len = iov_len(msg);
	struct umsg *m = NULL;
	long err = 0;
	bool was = tess_plat_irq_save();

	msg->flags = 0;
	if (seqpacket && u->state != US_CONNECTED) {
		tess_plat_irq_restore(was);
		return -ENOTCONN;
	}
	for (;;) {
		if (u->err) {
			err = -u->err;
			u->err = 0;
			break;
		}
		if (!tess_list_empty(&u->rq)) {
			m = tess_list_entry(u->rq.next, struct umsg, node);
			break;
		}
		if ((u->shut & SHUT_RCV) && (seqpacket || !nonblock))
			break; /* the end: 0 */
		if (nonblock) {
			err = -EAGAIN;
			break;
		}
		err = usock_wait(&u->head, deadline, &was);
		if (err)
			break;
	}
	if (m) {
		size_t n = m->len < len ? m->len : len;

		if (n < m->len)
			msg->flags |= TESS_MSG_TRUNC;
		iov_copy(msg, 0, m->data, n, true);
		from_copy(msg, m->from);
		err = flags & TESS_MSG_TRUNC ? (long)m->len : (long)n;
		if (!peek) {
			tess_list_remove(&m->node);
			u->rq_len--;
			usock_notify(u); /* room for senders waiting on us */
		}
	} else if (msg->name) {
		msg->namelen = 0;
	}
	tess_plat_irq_restore(was);
	if (m) {
		cmsg_give(msg, m, flags, peek);
		if (!peek)
			umsg_free(m);
	} else {
		msg->controllen = 0;
	}
	return err;
}

long unix_recvmsg(struct tess_file *f, struct tess_msghdr *msg, int flags)
{
	struct usock *u = f->data;

	if (flags & LX_MSG_OOB)
		return -EOPNOTSUPP;
	if (u->base.type == TESS_SOCK_STREAM)
		return stream_recv(f, u, msg, flags);
	return dgram_recv(f, u, msg, flags);
}
