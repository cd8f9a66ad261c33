/* SPDX-License-Identifier: BSD-3-Clause */
/* AF_UNIX sockets: their life, their files (readiness, FIONREAD, fstat,
 * read and write), socket and socketpair, and the family's registration
 * with lib/posix-socket. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/plat/irq.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>

#include "unix_impl.h"

#define FIONREAD_LX 0x541b /* SIOCINQ */
#define TIOCOUTQ_LX 0x5411 /* SIOCOUTQ */

/* The family (registered at the end), each socket's. */
static const struct tess_socket_family tess_socket_family_unix;

struct usock *usock_new(int type)
{
	struct usock *u = tess_calloc(tess_alloc_default(), 1, sizeof(*u));

	if (!u)
		return NULL;
	u->base.family = &tess_socket_family_unix;
	u->base.type = type;
	u->refs = 1;
	u->sndbuf = SNDBUF_DEF;
	u->rcvbuf = SNDBUF_DEF;
	tess_list_init(&u->rq);
	tess_list_init(&u->backlog);
	tess_list_init(&u->backlog_node);
	tess_list_init(&u->bound_node);
	tess_poll_head_init(&u->head);
	return u;
}

void usock_ref(struct usock *u)
{
	u->refs++;
}

void usock_put(struct usock *u)
{
	if (--u->refs == 0)
		tess_free(tess_alloc_default(), u);
}

void usock_notify(struct usock *u)
{
	tess_poll_notify(&u->head, TESS_POLLIN | TESS_POLLOUT |
					   TESS_POLLRDNORM | TESS_POLLWRNORM |
					   TESS_POLLHUP | TESS_POLLRDHUP);
}

int usock_wait(struct tess_poll_head *head, uint64_t deadline, bool *was)
{
	int err = tess_poll_wait(head, deadline, "unix socket");

	if (err == -ETIMEDOUT)
		return -EAGAIN; /* SO_RCVTIMEO / SO_SNDTIMEO, as Linux */
	if (err == -EINTR) {
		tess_plat_irq_restore(*was);
		err = tess_sched_interrupted();
		*was = tess_plat_irq_save();
	}
	return err;
}

struct umsg *umsg_new(struct usock *from, size_t len)
{
	struct umsg *m = tess_calloc(tess_alloc_default(), 1, sizeof(*m) + len);
	bool was;

	if (!m)
		return NULL;
	m->from = from;
	m->len = len;
	tess_list_init(&m->node);
	was = tess_plat_irq_save();
	usock_ref(from);
	from->wmem += len;
	tess_plat_irq_restore(was);
	return m;
}

void umsg_free(struct umsg *m)
{
	bool was = tess_plat_irq_save();

	m->from->wmem -= m->len;
	usock_notify(m->from); /* room to send again */
	usock_put(m->from);
	tess_plat_irq_restore(was);
	for (unsigned i = 0; i < m->nfiles; i++)
		tess_file_put(m->files[i]);
	tess_free(tess_alloc_default(), m->files);
	tess_free(tess_alloc_default(), m);
}

/* As Linux's unix_writable: not listening, and at most a quarter of the
 * send buffer in flight. */
static bool writable(const struct usock *u)
{
	return u->state != US_LISTEN && u->wmem * 4 <= (size_t)u->sndbuf;
}

unsigned usock_poll(struct usock *u)
{
	unsigned ev = 0;
	bool dgram = u->base.type != TESS_SOCK_STREAM;

	if (u->err)
		ev |= TESS_POLLERR;
	if (u->shut == (SHUT_RCV | SHUT_SEND))
		ev |= TESS_POLLHUP;
	if (u->shut & SHUT_RCV)
		ev |= TESS_POLLRDHUP | TESS_POLLIN | TESS_POLLRDNORM;
	if (u->rq_len || u->nbacklog)
		ev |= TESS_POLLIN | TESS_POLLRDNORM;
	if (u->base.type != TESS_SOCK_DGRAM && u->state == US_UNCONNECTED)
		ev |= TESS_POLLHUP;
	if (writable(u)) {
		struct usock *o = u->peer;

		/* A datagram peer whose queue is full (and which is not
		 * connected back) is not writable. */
		if (!(dgram && o && o->peer != u && o->rq_len > DGRAM_QLEN))
			ev |= TESS_POLLOUT | TESS_POLLWRNORM | TESS_POLLWRBAND;
	}
	return ev;
}

static unsigned file_poll(struct tess_file *f, struct tess_poll_head **head)
{
	struct usock *u = f->data;
	bool was = tess_plat_irq_save();
	unsigned ev = usock_poll(u);

	tess_plat_irq_restore(was);
	*head = &u->head;
	return ev;
}

/* SIOCINQ: a stream's bytes to read, a datagram socket's next message;
 * SIOCOUTQ: bytes sent and not yet received. */
static long file_ioctl(struct tess_file *f, unsigned long request,
		       unsigned long arg)
{
	struct usock *u = f->data;
	struct tess_list *pos;
	size_t n = 0;
	bool was;

	if (request != FIONREAD_LX && request != TIOCOUTQ_LX)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	was = tess_plat_irq_save();
	if (u->state == US_LISTEN) {
		tess_plat_irq_restore(was);
		return -EINVAL;
	}
	if (request == TIOCOUTQ_LX) {
		n = u->wmem;
	} else {
		tess_list_for_each (pos, &u->rq) {
			struct umsg *m =
				tess_list_entry(pos, struct umsg, node);

			n += m->len - m->off;
			if (u->base.type == TESS_SOCK_DGRAM)
				break;
		}
	}
	tess_plat_irq_restore(was);
	*(int *)arg = (int)n;
	return 0;
}

static long file_read(struct tess_file *f, const struct tess_iovec *iov,
		      int count, uint64_t *pos)
{
	struct tess_msghdr msg = {
		NULL, 0, (struct tess_iovec *)iov, (size_t)count, NULL, 0, 0};
	size_t total = 0;

	(void)pos;
	for (int i = 0; i < count; i++)
		total += iov[i].len;
	return total ? unix_recvmsg(f, &msg, 0) : 0;
}

static long file_write(struct tess_file *f, const struct tess_iovec *iov,
		       int count, uint64_t *pos)
{
	struct tess_msghdr msg = {
		NULL, 0, (struct tess_iovec *)iov, (size_t)count, NULL, 0, 0};

	(void)pos;
	return unix_sendmsg(f, &msg, 0);
}

static void file_release(struct tess_file *f)
{
	usock_release(f->data);
}

const struct tess_file_ops unix_file_ops = {
	.read = file_read,
	.write = file_write,
	.poll = file_poll,
	.ioctl = file_ioctl,
	.getattr = tess_socket_getattr,
	.release = file_release,
};

/* Takes the queued messages and connections off u (masked); the caller
 * frees them unmasked. */
static void usock_drain(struct usock *u, struct tess_list *msgs,
			struct tess_list *embryos)
{
	while (!tess_list_empty(&u->rq)) {
		struct tess_list *n = u->rq.next;

		tess_list_remove(n);
		tess_list_push_back(msgs, n);
	}
	u->rq_len = 0;
	while (!tess_list_empty(&u->backlog)) {
		struct tess_list *n = u->backlog.next;

		tess_list_remove(n);
		tess_list_push_back(embryos, n);
	}
	u->nbacklog = 0;
}

void usock_release(struct usock *u)
{
	struct tess_list msgs, embryos;
	struct tess_vnode *vn;
	struct usock *peer;
	bool was = tess_plat_irq_save();

	tess_list_init(&msgs);
	tess_list_init(&embryos);
	u->dead = true;
	u->shut = SHUT_RCV | SHUT_SEND;
	vn = name_unbind(u);
	peer = u->peer;
	u->peer = NULL;
	if (peer && u->base.type != TESS_SOCK_DGRAM) {
		/* As Linux's unix_release_sock: the peer sees the end, and
		 * a reset when data was left unread here. */
		peer->shut = SHUT_RCV | SHUT_SEND;
		if (!tess_list_empty(&u->rq))
			peer->err = ECONNRESET;
		usock_notify(peer);
	}
	usock_drain(u, &msgs, &embryos);
	usock_notify(u);
	if (peer)
		usock_put(peer);
	tess_plat_irq_restore(was);
	if (vn)
		tess_vnode_put(vn);
	while (!tess_list_empty(&msgs)) {
		struct umsg *m = tess_list_entry(msgs.next, struct umsg, node);

		tess_list_remove(&m->node);
		umsg_free(m);
	}
	while (!tess_list_empty(&embryos)) {
		struct usock *e = tess_list_entry(embryos.next, struct usock,
						  backlog_node);

		tess_list_remove(&e->backlog_node);
		/* A connection never accepted: its client gets a reset. */
		was = tess_plat_irq_save();
		if (e->peer)
			e->peer->err = ECONNRESET;
		tess_plat_irq_restore(was);
		usock_release(e);
	}
	was = tess_plat_irq_save();
	usock_put(u);
	tess_plat_irq_restore(was);
}

long usock_file(struct usock *u, unsigned fflags, struct tess_file **out)
{
	*out = tess_file_new(&unix_file_ops, u, fflags);
	if (!*out) {
		usock_release(u);
		return -ENOMEM;
	}
	return 0;
}

static bool type_ok(int type)
{
	return type == TESS_SOCK_STREAM || type == TESS_SOCK_DGRAM ||
	       type == TESS_SOCK_SEQPACKET;
}

static long unix_socket(int type, int protocol, unsigned fflags,
			struct tess_file **out)
{
	struct usock *u;

	if (protocol != 0 && protocol != LX_AF_UNIX)
		return -EPROTONOSUPPORT;
	if (!type_ok(type))
		return -ESOCKTNOSUPPORT;
	u = usock_new(type);
	if (!u)
		return -ENOMEM;
	return usock_file(u, fflags, out);
}

static long unix_socketpair(int type, int protocol, unsigned fflags,
			    struct tess_file *out[2])
{
	struct usock *a, *b;
	long err;

	if (protocol != 0 && protocol != LX_AF_UNIX)
		return -EPROTONOSUPPORT;
	if (!type_ok(type))
		return -ESOCKTNOSUPPORT;
	a = usock_new(type);
	b = usock_new(type);
	if (!a || !b) {
		tess_free(tess_alloc_default(), a);
		tess_free(tess_alloc_default(), b);
		return -ENOMEM;
	}
	a->peer = b, b->refs++;
	b->peer = a, a->refs++;
	a->state = b->state = US_CONNECTED;
	err = usock_file(a, fflags, &out[0]);
	if (err) {
		usock_release(b);
		return err;
	}
	err = usock_file(b, fflags, &out[1]);
	if (err) {
		tess_file_put(out[0]);
		return err;
	}
	return 0;
}

static long unix_bind(struct tess_file *f, const void *addr, unsigned len)
{
	return name_bind(f->data, addr, len);
}

static long unix_name(struct tess_file *f, void *addr, unsigned *len, bool peer)
{
	struct usock *u = f->data;
	bool was = tess_plat_irq_save();
	long err = 0;

	if (!peer)
		name_copy(u, addr, len);
	else if (!u->peer)
		err = -ENOTCONN;
	else
		name_copy(u->peer, addr, len);
	tess_plat_irq_restore(was);
	return err;
}

TESS_SOCKET_FAMILY(unix, .family = LX_AF_UNIX, .file_ops = &unix_file_ops,
		   .socket = unix_socket, .socketpair = unix_socketpair,
		   .bind = unix_bind, .listen = unix_listen,
		   .accept = unix_accept, .connect = unix_connect,
		   .shutdown = unix_shutdown, .name = unix_name,
		   .setsockopt = unix_setsockopt, .getsockopt = unix_getsockopt,
		   .sendmsg = unix_sendmsg, .recvmsg = unix_recvmsg);
