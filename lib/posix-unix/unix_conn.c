/* SPDX-License-Identifier: BSD-3-Clause */
/* AF_UNIX connections: listen, accept, connect (streams and sequenced
 * packets through a listener's queue, datagram sockets to a default
 * peer), shutdown. */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>

#include "unix_impl.h"

#define SOMAXCONN 4096 /* net.core.somaxconn */
#define AF_UNSPEC 0

static bool connection_type(const struct usock *u)
{
	return u->base.type != TESS_SOCK_DGRAM;
}

long unix_listen(struct tess_file *f, int backlog)
{
	struct usock *u = f->data;
	bool was;
	long err = 0;

	if (!connection_type(u))
		return -EOPNOTSUPP;
	if ((unsigned)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	was = tess_plat_irq_save();
	if (!u->addrlen || u->state == US_CONNECTED)
		err = -EINVAL; /* Linux listens only on a bound socket */
	else {
		u->max_backlog = backlog;
		u->state = US_LISTEN;
		usock_notify(u); /* connecters waiting for room */
	}
	tess_plat_irq_restore(was);
	return err;
}

long unix_accept(struct tess_file *f, void *addr, unsigned *len,
		 unsigned fflags, struct tess_file **out)
{
	struct usock *u = f->data, *e = NULL;
	uint64_t deadline = tess_socket_deadline(&u->base, false);
	bool was;
	long err = 0;

	if (!connection_type(u))
		return -EOPNOTSUPP;
	was = tess_plat_irq_save();
	for (;;) {
		if (u->state != US_LISTEN) {
			err = -EINVAL;
			break;
		}
		if (u->nbacklog) {
			e = tess_list_entry(u->backlog.next, struct usock,
					    backlog_node);
			tess_list_remove(&e->backlog_node);
			u->nbacklog--;
			usock_notify(u); /* room for a waiting connect */
			if (addr) {
				if (e->peer)
					name_copy(e->peer, addr, len);
				else
					*len = 2;
			}
			break;
		}
		if (f->flags & TESS_O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		err = usock_wait(&u->head, deadline, &was);
		if (err)
			break;
	}
	tess_plat_irq_restore(was);
	return e ? usock_file(e, fflags, out) : err;
}

/* A stream or sequenced-packet connect, as Linux's unix_stream_connect:
 * a new socket for the server side, connected at once and queued on the
 * listener until accepted; a full queue waits (SO_SNDTIMEO, then
 * -EAGAIN) or is -EAGAIN when non-blocking. */
static long stream_connect(struct tess_file *f, struct usock *u,
			   const void *addr, unsigned len)
{
	uint64_t deadline = tess_socket_deadline(&u->base, true);
	struct usock *l = NULL, *e;
	long err = name_check(addr, &len);
	bool was;

	if (err)
		return err;
	if (u->passcred && (err = name_autobind(u)))
		return err;
	e = usock_new(u->base.type);
	if (!e)
		return -ENOMEM;
	err = name_find(addr, len, u->base.type, &l);
	if (err) {
		usock_release(e);
		return err;
	}
	was = tess_plat_irq_save();
	for (;;) {
		if (l->state != US_LISTEN || (l->shut & SHUT_RCV) || l->dead) {
			err = -ECONNREFUSED;
			break;
		}
		if (l->nbacklog > (unsigned)l->max_backlog) {
			err = -EAGAIN;
			if (f->flags & TESS_O_NONBLOCK)
				break;
			err = usock_wait(&l->head, deadline, &was);
			if (err)
				break;
			continue;
		}
		if (u->state == US_CONNECTED)
			err = -EISCONN;
		else if (u->state != US_UNCONNECTED)
			err = -EINVAL;
		if (err)
			break;
		/* The server's socket: the listener's name, the peer's. */
		for (unsigned i = 0; i < l->addrlen; i++)
			e->addr[i] = l->addr[i];
		e->addrlen = l->addrlen;
		e->state = US_CONNECTED;
		e->peer = u, usock_ref(u);
		u->peer = e, usock_ref(e);
		u->state = US_CONNECTED;
		tess_list_push_back(&l->backlog, &e->backlog_node);
		l->nbacklog++;
		e = NULL; /* the listener's queue holds it */
		usock_notify(l);
		break;
	}
	usock_put(l);
	tess_plat_irq_restore(was);
	if (e)
		usock_release(e);
	return err;
}

/* A datagram socket's default peer (AF_UNSPEC: none), as Linux's
 * unix_dgram_connect. */
static long dgram_connect(struct usock *u, const void *addr, unsigned len)
{
	struct usock *o = NULL, *old;
	uint16_t family;
	long err;
	bool was;

	if (!addr)
		return -EFAULT;
	if (len < sizeof(family))
		return -EINVAL;
	__builtin_memcpy(&family, addr, sizeof(family));
	if (family != AF_UNSPEC) {
		err = name_check(addr, &len);
		if (err)
			return err;
		if (u->passcred && (err = name_autobind(u)))
			return err;
		err = name_find(addr, len, u->base.type, &o);
		if (err)
			return err;
	}
	was = tess_plat_irq_save();
	if (o && o->peer && o->peer != u) {
		/* It is connected to another: it would not hear from us. */
		usock_put(o);
		tess_plat_irq_restore(was);
		return -EPERM;
	}
	old = u->peer;
	u->peer = o; /* takes name_find's reference */
	u->state = o ? US_CONNECTED : US_UNCONNECTED;
	if (old)
		usock_put(old);
	usock_notify(u);
	tess_plat_irq_restore(was);
	return 0;
}

long unix_connect(struct tess_file *f, const void *addr, unsigned len)
{
	struct usock *u = f->data;

	if (!connection_type(u))
		return dgram_connect(u, addr, len);
	return stream_connect(f, u, addr, len);
}

long unix_shutdown(struct tess_file *f, int how)
{
	struct usock *u = f->data, *o;
	unsigned mode = (unsigned)how + 1; /* SHUT_RD: SHUT_RCV ... */
	bool was = tess_plat_irq_save();

	u->shut |= mode;
	usock_notify(u);
	o = u->peer;
	if (o && connection_type(u)) {
		/* The peer stops sending what we no longer read, and sees
		 * the end of what we send. */
		o->shut |= (mode & SHUT_RCV ? SHUT_SEND : 0) |
			   (mode & SHUT_SEND ? SHUT_RCV : 0);
		usock_notify(o);
	}
	tess_plat_irq_restore(was);
	return 0;
}
