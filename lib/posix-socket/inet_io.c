/* SPDX-License-Identifier: BSD-3-Clause */
/* Sending and receiving: read/write on a socket file, the send and recv
 * families; each waits (unless non-blocking) on the socket's events. */
#include <errno.h>
#include <lwip/sockets.h>
#include <string.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "inet_impl.h"

/* One receive into buf (at most len), waiting unless nonblock or
 * MSG_DONTWAIT; from (lwIP's sockaddr of either family) filled when
 * given. */
static long do_recv(struct tess_file *f, struct sock *sk, void *buf, size_t len,
		    int flags, struct sockaddr_storage *from,
		    socklen_t *fromlen)
{
	int lflags = msg_flags_to_lwip(flags);
	bool wait = !(f->flags & TESS_O_NONBLOCK) && !(flags & LX_MSG_DONTWAIT);
	uint64_t deadline = tess_socket_deadline(&sk->base, false);
	size_t done = 0;

	if (lflags < 0)
		return lflags;
	for (;;) {
		unsigned long seen = sk->events;
		ssize_t n =
			from ? lwip_recvfrom(sk->s, (char *)buf + done,
					     len - done, lflags,
					     (struct sockaddr *)from, fromlen)
			     : lwip_recv(sk->s, (char *)buf + done, len - done,
					 lflags);
		long err;

		if (n > 0) {
			done += (size_t)n;
			/* MSG_WAITALL on a stream: on until all of it. */
			if (!(flags & LX_MSG_WAITALL) || done == len ||
			    sk->base.type != LX_SOCK_STREAM)
				return (long)done;
			continue;
		}
		if (n == 0)
			return (long)done; /* the peer's end */
		err = lwip_err();
		if ((err != -EAGAIN && err != -EWOULDBLOCK) || !wait)
			return done ? (long)done : err;
		err = sock_wait(sk, seen, deadline);
		if (err)
			return done ? (long)done : err;
	}
}

/* One send of buf, all of it on a blocking stream socket (as Linux's
 * send does), to (lwIP's sockaddr) when given. EPIPE raises SIGPIPE
 * unless MSG_NOSIGNAL. */
static long do_send(struct tess_file *f, struct sock *sk, const void *buf,
		    size_t len, int flags, const struct sockaddr_storage *to,
		    socklen_t tolen)
{
	int lflags = msg_flags_to_lwip(flags);
	bool wait = !(f->flags & TESS_O_NONBLOCK) && !(flags & LX_MSG_DONTWAIT);
	uint64_t deadline = tess_socket_deadline(&sk->base, true);
	size_t done = 0;

	if (lflags < 0)
		return lflags;
	for (;;) {
		unsigned long seen = sk->events;
		ssize_t n = to ? lwip_sendto(sk->s, (const char *)buf + done,
					     len - done, lflags,
					     (const struct sockaddr *)to, tolen)
			       : lwip_send(sk->s, (const char *)buf + done,
					   len - done, lflags);
		long err;

		if (n >= 0) {
			done += (size_t)n;
			if (done == len || sk->base.type != LX_SOCK_STREAM ||
			    !wait)
				return (long)done;
			continue;
		}
		err = lwip_err();
		if (err == -EPIPE || err == -ENOTCONN) {
			if (err == -EPIPE && !(flags & LX_MSG_NOSIGNAL))
				tess_socket_sigpipe();
			return done ? (long)done : err;
		}
		if ((err != -EAGAIN && err != -EWOULDBLOCK) || !wait)
			return done ? (long)done : err;
		err = sock_wait(sk, seen, deadline);
		if (err)
			return done ? (long)done : err;
	}
}

/* A stream's buffers one after another, with flags: a receive waits only
 * for its first bytes (then takes what is there), a send for all of
 * them. Stops at a short transfer; an error after bytes moved counts
 * them instead. */
static long stream_iov(struct tess_file *f, struct sock *sk,
		       const struct tess_iovec *iov, size_t count, int flags,
		       bool send)
{
	long total = 0;

	for (size_t i = 0; i < count; i++) {
		long n;

		if (!iov[i].len)
			continue;
		n = send ? do_send(f, sk, iov[i].base, iov[i].len, flags, NULL,
				   0)
			 : do_recv(f, sk, iov[i].base, iov[i].len,
				   total ? flags | LX_MSG_DONTWAIT : flags,
				   NULL, NULL);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((size_t)n < iov[i].len)
			break;
	}
	return total;
}

long sock_read(struct tess_file *f, const struct tess_iovec *iov, int count,
	       uint64_t *pos)
{
	(void)pos;
	return stream_iov(f, f->data, iov, (size_t)count, 0, false);
}

long sock_write(struct tess_file *f, const struct tess_iovec *iov, int count,
		uint64_t *pos)
{
	(void)pos;
	return stream_iov(f, f->data, iov, (size_t)count, 0, true);
}

/* A datagram from or to several buffers: lwIP's own msghdr (its iovec is
 * laid out as Linux's), waiting as do_recv and do_send do. */
static long dgram_msg(struct tess_file *f, struct sock *sk,
		      struct tess_msghdr *msg, int flags, bool send)
{
	int lflags = msg_flags_to_lwip(flags);
	bool wait = !(f->flags & TESS_O_NONBLOCK) && !(flags & LX_MSG_DONTWAIT);
	uint64_t deadline = tess_socket_deadline(&sk->base, send);
	struct sockaddr_storage addr;
	unsigned addrlen = 0;
	struct msghdr lm = {0};
	long err;

	if (lflags < 0)
		return lflags;
	if (send && msg->name) {
		err = addr_to_lwip(sock_family(sk), msg->name, msg->namelen,
				   &addr, &addrlen);
		if (err)
			return err;
	}
	lm.msg_name = send ? (msg->name ? &addr : NULL) : &addr;
	lm.msg_namelen = send ? addrlen : sizeof(addr);
	lm.msg_iov = (struct iovec *)msg->iov;
	lm.msg_iovlen = (int)msg->iovlen;
	for (;;) {
		unsigned long seen = sk->events;
		ssize_t n = send ? lwip_sendmsg(sk->s, &lm, lflags)
				 : lwip_recvmsg(sk->s, &lm, lflags);

		if (n >= 0) {
			if (!send) {
				if (msg->name)
					addr_from_lwip(&addr, lm.msg_namelen,
						       msg->name,
						       &msg->namelen);
				msg->flags = lm.msg_flags & MSG_TRUNC
						     ? LX_MSG_TRUNC
						     : 0;
			}
			return n;
		}
		err = lwip_err();
		if ((err != -EAGAIN && err != -EWOULDBLOCK) || !wait)
			return err;
		err = sock_wait(sk, seen, deadline);
		if (err)
			return err;
	}
}

static long msg_call(struct tess_file *f, struct tess_msghdr *msg, int flags,
		     bool send)
{
	struct sock *sk = f->data;
	long total;

	if (!send)
		msg->controllen = 0;
	if (sk->base.type == LX_SOCK_DGRAM) {
		total = dgram_msg(f, sk, msg, flags, send);
	} else {
		if (!send)
			msg->flags = 0;
		total = stream_iov(f, sk, msg->iov, msg->iovlen, flags, send);
		if (!send && msg->name)
			msg->namelen = 0;
	}
	return total;
}

long inet_sendmsg(struct tess_file *f, struct tess_msghdr *msg, int flags)
{
	return msg_call(f, msg, flags, true);
}

long inet_recvmsg(struct tess_file *f, struct tess_msghdr *msg, int flags)
{
	return msg_call(f, msg, flags, false);
}
