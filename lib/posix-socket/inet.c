/* SPDX-License-Identifier: BSD-3-Clause */
/* AF_INET and AF_INET6 over lwIP: lwIP sockets as socket files, their
 * readiness and waits, and the calls that make and connect them. Both
 * families are the same code; a socket's record says which it is. */
#include <errno.h>
#include <lwip/sockets.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/init.h>
#include <tess/lwip.h>
#include <tess/plat/irq.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "inet_impl.h"

/* lwIP's socket numbers (from LWIP_SOCKET_OFFSET) to our sockets, for
 * its event hook. */
#define TABLE_MAX MEMP_NUM_NETCONN
static struct sock *table[TABLE_MAX];

static struct sock **slot(int s)
{
	int i = s - LWIP_SOCKET_OFFSET;

	return i >= 0 && i < TABLE_MAX ? &table[i] : NULL;
}

static void socket_event(int s)
{
	bool was = tess_plat_irq_save();
	struct sock **p = slot(s);

	if (p && *p) {
		(*p)->events++;
		tess_poll_notify(&(*p)->head, TESS_POLLIN | TESS_POLLOUT |
						      TESS_POLLRDNORM |
						      TESS_POLLWRNORM);
	}
	tess_plat_irq_restore(was);
}

static int socket_events_register(void)
{
	tess_lwip_socket_events(socket_event);
	return 0;
}
TESS_INIT(socket_events_register, TESS_INIT_NET);

int sock_wait(struct sock *sk, unsigned long seen, uint64_t deadline_ns)
{
	bool was = tess_plat_irq_save();
	int err = sk->events != seen
			  ? 0
			  : tess_poll_wait(&sk->head, deadline_ns, "socket");

	tess_plat_irq_restore(was);
	if (err == -ETIMEDOUT)
		return -EAGAIN; /* SO_RCVTIMEO/SO_SNDTIMEO, as Linux */
	return err == -EINTR ? tess_sched_interrupted() : err;
}

/* Readiness from lwIP's own poll of the one socket, at once. */
static unsigned sock_poll(struct tess_file *f, struct tess_poll_head **head)
{
	struct sock *sk = f->data;
	struct pollfd p = {sk->s, POLLIN | POLLOUT, 0};
	unsigned ev = 0;

	*head = &sk->head;
	if (lwip_poll(&p, 1, 0) < 0)
		return TESS_POLLERR;
	if (p.revents & (POLLIN | POLLRDNORM))
		ev |= TESS_POLLIN | TESS_POLLRDNORM;
	if (p.revents & (POLLOUT | POLLWRNORM))
		ev |= TESS_POLLOUT | TESS_POLLWRNORM;
	if (p.revents & POLLERR)
		ev |= TESS_POLLERR;
	if (p.revents & POLLHUP)
		ev |= TESS_POLLHUP;
	return ev;
}

#define FIONREAD_LX 0x541b

static long sock_ioctl(struct tess_file *f, unsigned long request,
		       unsigned long arg)
{
	struct sock *sk = f->data;
	int n = 0;

	if (request != FIONREAD_LX)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	if (lwip_ioctl(sk->s, FIONREAD, &n) < 0)
		return lwip_err();
	*(int *)arg = n;
	return 0;
}

static void sock_release(struct tess_file *f)
{
	struct sock *sk = f->data;
	struct sock **p = slot(sk->s);
	bool was = tess_plat_irq_save();

	if (p)
		*p = NULL;
	tess_plat_irq_restore(was);
	lwip_close(sk->s);
	tess_free(tess_alloc_default(), sk);
}

/* The program's end closes its sockets, as a process's exit does on
 * Linux: its peers get a FIN (a reset where data was left unread) instead
 * of a silence (redis-cli waited forever for redis's SHUTDOWN). The
 * monitor sends what is queued after the guest ends (tess-vmm's drain). */
static void sockets_close_at_exit(void)
{
	for (int i = 0; i < TABLE_MAX; i++) {
		bool was = tess_plat_irq_save();
		struct sock *sk = table[i];

		table[i] = NULL;
		tess_plat_irq_restore(was);
		if (sk)
			lwip_close(sk->s);
	}
}
TESS_EXIT(sockets_close_at_exit);

static const struct tess_file_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.getattr = tess_socket_getattr,
	.release = sock_release,
};

/* The families (registered below), each socket's. */
static const struct tess_socket_family tess_socket_family_inet;
#if LWIP_IPV6
static const struct tess_socket_family tess_socket_family_inet6;
#endif

/* A file for lwIP socket s (which it takes over) of family fam. */
static long sock_install(int s, const struct tess_socket_family *fam, int type,
			 unsigned fflags, struct tess_file **out)
{
	struct sock *sk = tess_calloc(tess_alloc_default(), 1, sizeof(*sk));
	struct sock **p = slot(s);
	struct tess_file *f;
	bool was;

	if (!sk || !p) {
		tess_free(tess_alloc_default(), sk);
		lwip_close(s);
		return -ENFILE;
	}
	/* lwIP's sockets never wait: the waits are ours (sock_wait). */
	lwip_fcntl(s, F_SETFL, O_NONBLOCK);
	sk->s = s;
	sk->base.family = fam;
	sk->base.type = type;
	tess_poll_head_init(&sk->head);
	f = tess_file_new(&sock_ops, sk, fflags);
	if (!f) {
		tess_free(tess_alloc_default(), sk);
		lwip_close(s);
		return -ENOMEM;
	}
	was = tess_plat_irq_save();
	*p = sk;
	tess_plat_irq_restore(was);
	*out = f;
	return 0;
}

static long sock_new(const struct tess_socket_family *fam, int domain, int type,
		     int protocol, unsigned fflags, struct tess_file **out)
{
	int s;

	if (type != LX_SOCK_STREAM && type != LX_SOCK_DGRAM)
		return -EINVAL;
	s = lwip_socket(domain,
			type == LX_SOCK_STREAM ? SOCK_STREAM : SOCK_DGRAM,
			protocol);
	if (s < 0)
		return lwip_err();
	return sock_install(s, fam, type, fflags, out);
}

static long inet_socket(int type, int protocol, unsigned fflags,
			struct tess_file **out)
{
	return sock_new(&tess_socket_family_inet, AF_INET, type, protocol,
			fflags, out);
}

#if LWIP_IPV6
/* lwIP's IPv6 sockets are dual stack as Linux's: IPV6_V6ONLY off, one
 * bound to :: takes IPv4 too, its peers as ::ffff:a.b.c.d. */
static long inet6_socket(int type, int protocol, unsigned fflags,
			 struct tess_file **out)
{
	return sock_new(&tess_socket_family_inet6, AF_INET6, type, protocol,
			fflags, out);
}
#endif

static long inet_bind(struct tess_file *f, const void *addr, unsigned len)
{
	struct sock *sk = f->data;
	struct sockaddr_storage in;
	unsigned inlen;
	long err = addr_to_lwip(sock_family(sk), addr, len, &in, &inlen);

	if (!err && lwip_bind(sk->s, (struct sockaddr *)&in, inlen) < 0)
		err = lwip_err();
#if LWIP_IPV6
	/* As Linux: bound to an IPv6 address (neither :: nor v4-mapped),
	 * the socket is IPv6 only, and says so (IPV6_V6ONLY). */
	if (!err && sock_family(sk) == LX_AF_INET6) {
		const struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&in;
		ip6_addr_t ip;
		int one = 1;

		inet6_addr_to_ip6addr(&ip, &a6->sin6_addr);
		if (!ip6_addr_isany(&ip) && !ip6_addr_isipv4mappedipv6(&ip))
			lwip_setsockopt(sk->s, IPPROTO_IPV6, IPV6_V6ONLY, &one,
					sizeof(one));
	}
#endif
	return err;
}

static long inet_listen(struct tess_file *f, int backlog)
{
	struct sock *sk = f->data;

	if (lwip_listen(sk->s, backlog < 0 ? 0 : backlog) < 0)
		return lwip_err();
	return 0;
}

static long inet_accept(struct tess_file *f, void *addr, unsigned *len,
			unsigned fflags, struct tess_file **out)
{
	struct sock *sk = f->data;
	uint64_t deadline = tess_socket_deadline(&sk->base, false);
	struct sockaddr_storage in;
	socklen_t inlen = sizeof(in);
	long err;

	for (;;) {
		unsigned long seen = sk->events;
		int s = lwip_accept(sk->s, (struct sockaddr *)&in, &inlen);

		if (s >= 0) {
			/* lwIP's accept gives an IPv6 listener's IPv4 peer
			 * as IPv4; its getpeername maps it (::ffff:a.b.c.d),
			 * as Linux's accept does. */
			if (addr && sock_family(sk) == LX_AF_INET6) {
				inlen = sizeof(in);
				lwip_getpeername(s, (struct sockaddr *)&in,
						 &inlen);
			}
			err = addr_from_lwip(&in, inlen, addr, len);
			if (err)
				lwip_close(s);
			else
				err = sock_install(s, sk->base.family,
						   sk->base.type, fflags, out);
			return err;
		}
		err = lwip_err();
		if (err != -EAGAIN && err != -EWOULDBLOCK)
			return err;
		if (f->flags & TESS_O_NONBLOCK)
			return err;
		err = sock_wait(sk, seen, deadline);
		if (err)
			return err;
	}
}

static long inet_connect(struct tess_file *f, const void *addr, unsigned len)
{
	struct sock *sk = f->data;
	uint64_t deadline = tess_socket_deadline(&sk->base, true);
	struct sockaddr_storage in;
	unsigned inlen;
	long err = addr_to_lwip(sock_family(sk), addr, len, &in, &inlen);

	if (!err && lwip_connect(sk->s, (struct sockaddr *)&in, inlen) < 0)
		err = lwip_err();
	/* A stream connect under way: a blocking socket waits for it to
	 * end and reports how (SO_ERROR), as Linux's connect does; after
	 * SO_SNDTIMEO it is EINPROGRESS, as Linux's. */
	while (err == -EINPROGRESS && !(f->flags & TESS_O_NONBLOCK)) {
		unsigned long seen = sk->events;
		struct tess_poll_head *head;
		int so_err = 0;
		socklen_t optlen = sizeof(so_err);

		if (sock_poll(f, &head) & (TESS_POLLOUT | TESS_POLLERR)) {
			lwip_getsockopt(sk->s, SOL_SOCKET, SO_ERROR, &so_err,
					&optlen);
			err = -so_err;
			break;
		}
		err = sock_wait(sk, seen, deadline);
		if (!err || err == -EAGAIN)
			err = -EINPROGRESS;
		if (err == -EINPROGRESS && deadline != TESS_SCHED_FOREVER &&
		    tess_sched_deadline_after(0) >= deadline)
			break;
	}
	/* lwIP reports a reset answering the SYN as ECONNRESET; for a
	 * connection that never was, Linux says ECONNREFUSED. */
	if (err == -ECONNRESET)
		err = -ECONNREFUSED;
	return err;
}

static long inet_shutdown(struct tess_file *f, int how)
{
	struct sock *sk = f->data;

	return lwip_shutdown(sk->s, how) < 0 ? lwip_err() : 0;
}

static long inet_name(struct tess_file *f, void *addr, unsigned *len, bool peer)
{
	struct sock *sk = f->data;
	struct sockaddr_storage in;
	socklen_t inlen = sizeof(in);

	if ((peer ? lwip_getpeername : lwip_getsockname)(
		    sk->s, (struct sockaddr *)&in, &inlen) < 0)
		return lwip_err();
	return addr_from_lwip(&in, inlen, addr, len);
}

TESS_SOCKET_FAMILY(inet, .family = LX_AF_INET, .file_ops = &sock_ops,
		   .socket = inet_socket, .bind = inet_bind,
		   .listen = inet_listen, .accept = inet_accept,
		   .connect = inet_connect, .shutdown = inet_shutdown,
		   .name = inet_name, .setsockopt = inet_setsockopt,
		   .getsockopt = inet_getsockopt, .sendmsg = inet_sendmsg,
		   .recvmsg = inet_recvmsg);
#if LWIP_IPV6
TESS_SOCKET_FAMILY(inet6, .family = LX_AF_INET6, .file_ops = &sock_ops,
		   .socket = inet6_socket, .bind = inet_bind,
		   .listen = inet_listen, .accept = inet_accept,
		   .connect = inet_connect, .shutdown = inet_shutdown,
		   .name = inet_name, .setsockopt = inet_setsockopt,
		   .getsockopt = inet_getsockopt, .sendmsg = inet_sendmsg,
		   .recvmsg = inet_recvmsg);
#endif
