/* SPDX-License-Identifier: BSD-3-Clause */
/* Sending and receiving: read/write on a socket file, the send and recv
 * families; each waits (unless non-blocking) on the socket's events. */
#include <errno.h>
#include <string.h>
#include <lwip/sockets.h>
#include <tess/posix-process.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "sock_impl.h"

#define LX_SIGPIPE 13

/* One receive into buf (at most len), waiting unless nonblock or
 * MSG_DONTWAIT; from (lwIP's sockaddr_in) filled when given. */
static long do_recv(struct tess_file *f, struct sock *sk, void *buf,
		    size_t len, int flags, struct sockaddr_in *from,
		    socklen_t *fromlen)
{
	int lflags = msg_flags_to_lwip(flags);
	bool wait = !(f->flags & TESS_O_NONBLOCK) && !(flags & LX_MSG_DONTWAIT);
	size_t done = 0;

	if (lflags < 0)
		return lflags;
	for (;;) {
		unsigned long seen = sk->events;
		ssize_t n = from ? lwip_recvfrom(sk->s, (char *)buf + done,
						 len - done, lflags,
						 (struct sockaddr *)from,
						 fromlen)
				 : lwip_recv(sk->s, (char *)buf + done,
					     len - done, lflags);
		long err;

		if (n > 0) {
			done += (size_t)n;
			/* MSG_WAITALL on a stream: on until all of it. */
			if (!(flags & LX_MSG_WAITALL) || done == len ||
			    sk->type != LX_SOCK_STREAM)
				return (long)done;
			continue;
		}
		if (n == 0)
			return (long)done; /* the peer's end */
		err = lwip_err();
		if ((err != -EAGAIN && err != -EWOULDBLOCK) || !wait)
			return done ? (long)done : err;
		err = sock_wait(sk, seen, TESS_SCHED_FOREVER);
		if (err)
			return done ? (long)done : err;
	}
}

/* One send of buf, all of it on a blocking stream socket (as Linux's
 * send does), to (lwIP's sockaddr_in) when given. EPIPE raises SIGPIPE
 * unless MSG_NOSIGNAL. */
static long do_send(struct tess_file *f, struct sock *sk, const void *buf,
		    size_t len, int flags, const struct sockaddr_in *to,
		    socklen_t tolen)
{
	int lflags = msg_flags_to_lwip(flags);
	bool wait = !(f->flags & TESS_O_NONBLOCK) && !(flags & LX_MSG_DONTWAIT);
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
			if (done == len || sk->type != LX_SOCK_STREAM ||
			    !wait)
				return (long)done;
			continue;
		}
		err = lwip_err();
		if (err == -EPIPE || err == -ENOTCONN) {
			if (err == -EPIPE && !(flags & LX_MSG_NOSIGNAL))
				tess_sys_tkill((int)tess_sched_thread_id(
							       tess_sched_current()),
					       LX_SIGPIPE);
			return done ? (long)done : err;
		}
		if ((err != -EAGAIN && err != -EWOULDBLOCK) || !wait)
			return done ? (long)done : err;
		err = sock_wait(sk, seen, TESS_SCHED_FOREVER);
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
	return stream_iov(f, sock_of(f), iov, (size_t)count, 0, false);
}

long sock_write(struct tess_file *f, const struct tess_iovec *iov, int count,
		uint64_t *pos)
{
	(void)pos;
	return stream_iov(f, sock_of(f), iov, (size_t)count, 0, true);
}

TESS_SYSCALL_DEFINE6(sendto, int, fd, const void *, buf, size_t, len, int,
		     flags, const void *, addr, unsigned, addrlen)
{
	struct sockaddr_in to;
	unsigned tolen = 0;
	struct tess_file *f;
	struct sock *sk;
	long err = sock_get(fd, &f, &sk);

	if (err)
		return err;
	if (len && !buf)
		err = -EFAULT;
	else if (addr)
		err = addr_to_lwip(addr, addrlen, &to, &tolen);
	if (!err)
		err = do_send(f, sk, buf, len, flags, addr ? &to : NULL,
			      tolen);
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE6(recvfrom, int, fd, void *, buf, size_t, len, int, flags,
		     void *, addr, unsigned *, addrlen)
{
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	struct tess_file *f;
	struct sock *sk;
	long n = sock_get(fd, &f, &sk);

	if (n)
		return n;
	if (len && !buf)
		n = -EFAULT;
	else
		n = do_recv(f, sk, buf, len, flags, addr ? &from : NULL,
			    addr ? &fromlen : NULL);
	if (n >= 0 && addr && sk->type == LX_SOCK_DGRAM) {
		long err = addr_from_lwip(&from, fromlen, addr, addrlen);

		if (err)
			n = err;
	}
	tess_file_put(f);
	return n;
}

/* Linux's struct msghdr (x86_64). */
struct lx_msghdr {
	void *name;
	unsigned namelen;
	struct tess_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};

/* A datagram from or to several buffers: lwIP's own msghdr (its iovec is
 * laid out as Linux's), waiting as do_recv and do_send do. */
static long dgram_msg(struct tess_file *f, struct sock *sk,
		      struct lx_msghdr *msg, int flags, bool send)
{
	int lflags = msg_flags_to_lwip(flags);
	bool wait = !(f->flags & TESS_O_NONBLOCK) && !(flags & LX_MSG_DONTWAIT);
	struct sockaddr_in addr;
	unsigned addrlen = 0;
	struct msghdr lm = {0};
	long err;

	if (lflags < 0)
		return lflags;
	if (send && msg->name) {
		err = addr_to_lwip(msg->name, msg->namelen, &addr, &addrlen);
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
		err = sock_wait(sk, seen, TESS_SCHED_FOREVER);
		if (err)
			return err;
	}
}

static long msg_call(int fd, void *msgp, int flags, bool send)
{
	struct lx_msghdr *msg = msgp;
	struct tess_file *f;
	struct sock *sk;
	long total, err;

	if (!msg)
		return -EFAULT;
	if (msg->iovlen > TESS_IOV_MAX)
		return -EMSGSIZE;
	err = tess_iov_check(msg->iov, (int)msg->iovlen);
	if (err)
		return err;
	err = sock_get(fd, &f, &sk);
	if (err)
		return err;
	if (!send)
		msg->controllen = 0;
	if (sk->type == LX_SOCK_DGRAM) {
		total = dgram_msg(f, sk, msg, flags, send);
	} else {
		if (!send)
			msg->flags = 0;
		total = stream_iov(f, sk, msg->iov, msg->iovlen, flags, send);
		if (!send && msg->name)
			msg->namelen = 0;
	}
	tess_file_put(f);
	return total;
}

TESS_SYSCALL_DEFINE3(sendmsg, int, fd, const void *, msgp, int, flags)
{
	return msg_call(fd, (void *)msgp, flags, true);
}

TESS_SYSCALL_DEFINE3(recvmsg, int, fd, void *, msgp, int, flags)
{
	return msg_call(fd, msgp, flags, false);
}
