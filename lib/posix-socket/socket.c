/* SPDX-License-Identifier: BSD-3-Clause */
/* Socket files: lwIP sockets as descriptors, their readiness and waits,
 * and the calls that make and connect them. */
#include <errno.h>
#include <string.h>
#include <lwip/sockets.h>
#include <tess/alloc.h>
#include <tess/init.h>
#include <tess/lwip.h>
#include <tess/plat/irq.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "sock_impl.h"

/* lwIP's socket numbers (from LWIP_SOCKET_OFFSET) to our sockets, for
 * its event hook. */
#define TABLE_MAX MEMP_NUM_NETCONN
static struct sock *table[TABLE_MAX];

static struct sock **slot(int s)
{
	int i = s - LWIP_SOCKET_OFFSET;

	return i >= 0 && i < TABLE_MAX ? &table[i] : NULL;
}

void tess_socket_event(int s)
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
	tess_lwip_socket_events(tess_socket_event);
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

long sock_read(struct tess_file *f, const struct tess_iovec *iov, int count,
	       uint64_t *pos);
long sock_write(struct tess_file *f, const struct tess_iovec *iov, int count,
		uint64_t *pos);

static int sock_getattr(struct tess_file *f, struct tess_stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->mode = TESS_S_IFSOCK | 0777;
	st->nlink = 1;
	st->blksize = 4096;
	return 0;
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

static const struct tess_file_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.getattr = sock_getattr,
	.release = sock_release,
};

struct sock *sock_of(struct tess_file *f)
{
	return f->ops == &sock_ops ? f->data : NULL;
}

int sock_get(int fd, struct tess_file **f, struct sock **sk)
{
	*f = tess_vfs_fd_get(fd);
	if (!*f)
		return -EBADF;
	*sk = sock_of(*f);
	if (!*sk) {
		tess_file_put(*f);
		return -ENOTSOCK;
	}
	return 0;
}

/* A descriptor for lwIP socket s (which it takes over). */
static long sock_install(int s, int type, int flags)
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
	sk->type = type;
	tess_poll_head_init(&sk->head);
	f = tess_file_new(&sock_ops, sk,
			  TESS_O_RDWR | (flags & LX_SOCK_NONBLOCK
						 ? TESS_O_NONBLOCK
						 : 0));
	if (!f) {
		tess_free(tess_alloc_default(), sk);
		lwip_close(s);
		return -ENOMEM;
	}
	was = tess_plat_irq_save();
	*p = sk;
	tess_plat_irq_restore(was);
	return tess_vfs_fd_alloc(f, 0,
				 flags & LX_SOCK_CLOEXEC ? TESS_VFS_FD_CLOEXEC
							 : 0);
}

TESS_SYSCALL_DEFINE3(socket, int, domain, int, type, int, protocol)
{
	int kind = type & ~(LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC);
	int s;

	if (domain != LX_AF_INET)
		return -EAFNOSUPPORT; /* AF_UNIX and AF_INET6: not yet */
	if (kind != LX_SOCK_STREAM && kind != LX_SOCK_DGRAM)
		return -EINVAL;
	s = lwip_socket(AF_INET, kind == LX_SOCK_STREAM ? SOCK_STREAM
							: SOCK_DGRAM,
			protocol);
	if (s < 0)
		return lwip_err();
	return sock_install(s, kind, type);
}

TESS_SYSCALL_DEFINE3(bind, int, fd, const void *, addr, unsigned, len)
{
	struct sockaddr_in in;
	struct tess_file *f;
	struct sock *sk;
	unsigned inlen;
	int err = sock_get(fd, &f, &sk);

	if (err)
		return err;
	err = addr_to_lwip(addr, len, &in, &inlen);
	if (!err && lwip_bind(sk->s, (struct sockaddr *)&in, inlen) < 0)
		err = lwip_err();
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	struct tess_file *f;
	struct sock *sk;
	int err = sock_get(fd, &f, &sk);

	if (err)
		return err;
	if (lwip_listen(sk->s, backlog < 0 ? 0 : backlog) < 0)
		err = lwip_err();
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE4(accept4, int, fd, void *, addr, unsigned *, len, int,
		     flags)
{
	struct sockaddr_in in;
	socklen_t inlen = sizeof(in);
	struct tess_file *f;
	struct sock *sk;
	long err;

	if (flags & ~(LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC))
		return -EINVAL;
	err = sock_get(fd, &f, &sk);
	if (err)
		return err;
	for (;;) {
		unsigned long seen = sk->events;
		int s = lwip_accept(sk->s, (struct sockaddr *)&in, &inlen);

		if (s >= 0) {
			err = addr_from_lwip(&in, inlen, addr, len);
			err = err ? err : sock_install(s, sk->type, flags);
			if (err < 0)
				lwip_close(s);
			break;
		}
		err = lwip_err();
		if (err != -EAGAIN && err != -EWOULDBLOCK)
			break;
		if (f->flags & TESS_O_NONBLOCK)
			break;
		err = sock_wait(sk, seen, TESS_SCHED_FOREVER);
		if (err)
			break;
	}
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE3(accept, int, fd, void *, addr, unsigned *, len)
{
	return tess_sys_accept4(fd, addr, len, 0);
}

TESS_SYSCALL_DEFINE3(connect, int, fd, const void *, addr, unsigned, len)
{
	struct sockaddr_in in;
	struct tess_file *f;
	struct sock *sk;
	unsigned inlen;
	long err = sock_get(fd, &f, &sk);

	if (err)
		return err;
	err = addr_to_lwip(addr, len, &in, &inlen);
	if (!err && lwip_connect(sk->s, (struct sockaddr *)&in, inlen) < 0)
		err = lwip_err();
	/* A stream connect under way: a blocking socket waits for it to
	 * end and reports how (SO_ERROR), as Linux's connect does. */
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
		err = sock_wait(sk, seen, TESS_SCHED_FOREVER);
		if (!err)
			err = -EINPROGRESS;
	}
	/* lwIP reports a reset answering the SYN as ECONNRESET; for a
	 * connection that never was, Linux says ECONNREFUSED. */
	if (err == -ECONNRESET)
		err = -ECONNREFUSED;
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct tess_file *f;
	struct sock *sk;
	int err = sock_get(fd, &f, &sk);

	if (err)
		return err;
	if (how < 0 || how > 2)
		err = -EINVAL;
	else if (lwip_shutdown(sk->s, how) < 0)
		err = lwip_err();
	tess_file_put(f);
	return err;
}

static long name_of(int fd, void *addr, unsigned *len, bool peer)
{
	struct sockaddr_in in;
	socklen_t inlen = sizeof(in);
	struct tess_file *f;
	struct sock *sk;
	long err = sock_get(fd, &f, &sk);

	if (err)
		return err;
	if (!len)
		err = -EFAULT;
	else if ((peer ? lwip_getpeername : lwip_getsockname)(
			 sk->s, (struct sockaddr *)&in, &inlen) < 0)
		err = lwip_err();
	else
		err = addr_from_lwip(&in, inlen, addr, len);
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE3(getsockname, int, fd, void *, addr, unsigned *, len)
{
	return name_of(fd, addr, len, false);
}

TESS_SYSCALL_DEFINE3(getpeername, int, fd, void *, addr, unsigned *, len)
{
	return name_of(fd, addr, len, true);
}
