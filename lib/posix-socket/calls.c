/* SPDX-License-Identifier: BSD-3-Clause */
/* The socket system calls: descriptors, and dispatch to the address
 * family of each socket (TESS_SOCKET_FAMILY registrations). */
#include <errno.h>
#include <string.h>
#include <tess/posix-process.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#define SIGPIPE 13

static const struct tess_socket_family *family_find(int af)
{
	const struct tess_socket_family *const *p;

	for (p = __start_tess_socket_families;
	     p && p < __stop_tess_socket_families; p++)
		if ((*p)->family == af)
			return *p;
	return NULL;
}

struct tess_socket *tess_socket_of(struct tess_file *f)
{
	const struct tess_socket_family *const *p;

	for (p = __start_tess_socket_families;
	     p && p < __stop_tess_socket_families; p++)
		if ((*p)->file_ops == f->ops)
			return f->data;
	return NULL;
}

uint64_t tess_socket_deadline(const struct tess_socket *s, bool send)
{
	uint64_t t = send ? s->sndtimeo_ns : s->rcvtimeo_ns;

	return t ? tess_sched_deadline_after(t) : TESS_SCHED_FOREVER;
}

int tess_socket_getattr(struct tess_file *f, struct tess_stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->mode = TESS_S_IFSOCK | 0777;
	st->nlink = 1;
	st->blksize = 4096;
	return 0;
}

void tess_socket_sigpipe(void)
{
	tess_sys_tkill((int)tess_sched_thread_id(tess_sched_current()),
		       SIGPIPE);
}

/* The socket of descriptor fd with a reference on its file (put it with
 * tess_file_put): 0, -EBADF or -ENOTSOCK. */
static int sock_get(int fd, struct tess_file **f, struct tess_socket **s)
{
	*f = tess_vfs_fd_get(fd);
	if (!*f)
		return -EBADF;
	*s = tess_socket_of(*f);
	if (!*s) {
		tess_file_put(*f);
		return -ENOTSOCK;
	}
	return 0;
}

static unsigned file_flags(int flags)
{
	return TESS_O_RDWR | (flags & TESS_SOCK_NONBLOCK ? TESS_O_NONBLOCK : 0);
}

static long install(struct tess_file *f, int flags)
{
	return tess_vfs_fd_alloc(
		f, 0, flags & TESS_SOCK_CLOEXEC ? TESS_VFS_FD_CLOEXEC : 0);
}

#define TYPE_FLAGS (TESS_SOCK_NONBLOCK | TESS_SOCK_CLOEXEC)

TESS_SYSCALL_DEFINE3(socket, int, domain, int, type, int, protocol)
{
	const struct tess_socket_family *fam = family_find(domain);
	struct tess_file *f;
	long err;

	if (!fam)
		return -EAFNOSUPPORT;
	err = fam->socket(type & ~TYPE_FLAGS, protocol, file_flags(type), &f);
	return err ? err : install(f, type);
}

TESS_SYSCALL_DEFINE4(socketpair, int, domain, int, type, int, protocol, int *,
		     fds)
{
	const struct tess_socket_family *fam = family_find(domain);
	struct tess_file *f[2];
	long a, b;

	if (!fam)
		return -EAFNOSUPPORT;
	if (!fam->socketpair)
		return -EOPNOTSUPP;
	if (!fds)
		return -EFAULT;
	a = fam->socketpair(type & ~TYPE_FLAGS, protocol, file_flags(type), f);
	if (a)
		return a;
	a = install(f[0], type);
	if (a < 0) {
		tess_file_put(f[1]);
		return a;
	}
	b = install(f[1], type);
	if (b < 0) {
		tess_vfs_fd_close((int)a);
		return b;
	}
	fds[0] = (int)a;
	fds[1] = (int)b;
	return 0;
}

/* fd's socket and family operation op (NULL: -EOPNOTSUPP), with a
 * reference on the file; the macro's body runs with f and s set. */
#define WITH_SOCKET(fd, op, body)                                              \
	do {                                                                   \
		struct tess_file *f;                                           \
		struct tess_socket *s;                                         \
		long err_ = sock_get(fd, &f, &s);                              \
                                                                               \
		if (err_)                                                      \
			return err_;                                           \
		if (!s->family->op)                                            \
			err_ = -EOPNOTSUPP;                                    \
		else                                                           \
			err_ = (body);                                         \
		tess_file_put(f);                                              \
		return err_;                                                   \
	} while (0)

TESS_SYSCALL_DEFINE3(bind, int, fd, const void *, addr, unsigned, len)
{
	WITH_SOCKET(fd, bind, s->family->bind(f, addr, len));
}

TESS_SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	WITH_SOCKET(fd, listen, s->family->listen(f, backlog));
}

static long do_accept(struct tess_file *f, struct tess_socket *s, void *addr,
		      unsigned *len, int flags)
{
	struct tess_file *nf;
	long err;

	if (flags & ~TYPE_FLAGS)
		return -EINVAL;
	if (addr && !len)
		return -EFAULT;
	err = s->family->accept(f, addr, len, file_flags(flags), &nf);
	return err ? err : install(nf, flags);
}

TESS_SYSCALL_DEFINE4(accept4, int, fd, void *, addr, unsigned *, len, int,
		     flags)
{
	WITH_SOCKET(fd, accept, do_accept(f, s, addr, len, flags));
}

TESS_SYSCALL_DEFINE3(accept, int, fd, void *, addr, unsigned *, len)
{
	return tess_sys_accept4(fd, addr, len, 0);
}

TESS_SYSCALL_DEFINE3(connect, int, fd, const void *, addr, unsigned, len)
{
	WITH_SOCKET(fd, connect, s->family->connect(f, addr, len));
}

TESS_SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	WITH_SOCKET(fd, shutdown,
		    how < 0 || how > 2 ? -EINVAL : s->family->shutdown(f, how));
}

TESS_SYSCALL_DEFINE3(getsockname, int, fd, void *, addr, unsigned *, len)
{
	WITH_SOCKET(fd, name,
		    !len ? -EFAULT : s->family->name(f, addr, len, false));
}

TESS_SYSCALL_DEFINE3(getpeername, int, fd, void *, addr, unsigned *, len)
{
	WITH_SOCKET(fd, name,
		    !len ? -EFAULT : s->family->name(f, addr, len, true));
}

/* Linux's struct timeval (x86_64). */
struct lx_timeval {
	int64_t sec, usec;
};

/* SO_RCVTIMEO/SO_SNDTIMEO, kept here for every family: Linux's checks
 * (a short value -EINVAL, microseconds out of range -EDOM; zero: no
 * timeout; a negative time: the shortest). */
static long timeo_set(uint64_t *ns, const void *val, unsigned len)
{
	struct lx_timeval tv;

	if (len < sizeof(tv))
		return -EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.usec < 0 || tv.usec >= 1000000)
		return -EDOM;
	if (tv.sec < 0)
		*ns = 1;
	else if ((uint64_t)tv.sec > UINT64_MAX / 2000000000u)
		*ns = 0;
	else
		*ns = (uint64_t)tv.sec * 1000000000u +
		      (uint64_t)tv.usec * 1000u;
	return 0;
}

static long timeo_get(uint64_t ns, void *val, unsigned *len)
{
	struct lx_timeval tv = {(int64_t)(ns / 1000000000u),
				(int64_t)(ns % 1000000000u) / 1000};

	if (*len < sizeof(tv))
		return -EINVAL;
	memcpy(val, &tv, sizeof(tv));
	*len = sizeof(tv);
	return 0;
}

static bool is_timeo(int level, int name)
{
	return level == TESS_SOL_SOCKET &&
	       (name == TESS_SO_RCVTIMEO || name == TESS_SO_SNDTIMEO);
}

static long setopt(struct tess_file *f, struct tess_socket *s, int level,
		   int name, const void *val, unsigned len)
{
	if (!val && len)
		return -EFAULT;
	if (is_timeo(level, name))
		return timeo_set(name == TESS_SO_RCVTIMEO ? &s->rcvtimeo_ns
							  : &s->sndtimeo_ns,
				 val, len);
	return s->family->setsockopt(f, level, name, val, len);
}

static long getopt(struct tess_file *f, struct tess_socket *s, int level,
		   int name, void *val, unsigned *len)
{
	if (!val || !len)
		return -EFAULT;
	if (is_timeo(level, name))
		return timeo_get(name == TESS_SO_RCVTIMEO ? s->rcvtimeo_ns
							  : s->sndtimeo_ns,
				 val, len);
	if (level == TESS_SOL_SOCKET &&
	    (name == TESS_SO_TYPE || name == TESS_SO_DOMAIN)) {
		if (*len < sizeof(int))
			return -EINVAL;
		*(int *)val =
			name == TESS_SO_TYPE ? s->type : s->family->family;
		*len = sizeof(int);
		return 0;
	}
	return s->family->getsockopt(f, level, name, val, len);
}

TESS_SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name, const void *,
		     val, unsigned, len)
{
	WITH_SOCKET(fd, setsockopt, setopt(f, s, level, name, val, len));
}

TESS_SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name, void *, val,
		     unsigned *, len)
{
	WITH_SOCKET(fd, getsockopt, getopt(f, s, level, name, val, len));
}

static long msg_check(struct tess_msghdr *msg)
{
	if (!msg)
		return -EFAULT;
	if (msg->iovlen > TESS_IOV_MAX)
		return -EMSGSIZE;
	return tess_iov_check(msg->iov, (int)msg->iovlen);
}

static long sendmsg_checked(struct tess_file *f, struct tess_socket *s,
			    struct tess_msghdr *msg, int flags)
{
	long err = msg_check(msg);

	return err ? err : s->family->sendmsg(f, msg, flags);
}

static long recvmsg_checked(struct tess_file *f, struct tess_socket *s,
			    struct tess_msghdr *msg, int flags)
{
	long err = msg_check(msg);

	return err ? err : s->family->recvmsg(f, msg, flags);
}

TESS_SYSCALL_DEFINE3(sendmsg, int, fd, const void *, msgp, int, flags)
{
	WITH_SOCKET(fd, sendmsg,
		    sendmsg_checked(f, s, (struct tess_msghdr *)msgp, flags));
}

TESS_SYSCALL_DEFINE3(recvmsg, int, fd, void *, msgp, int, flags)
{
	WITH_SOCKET(fd, recvmsg, recvmsg_checked(f, s, msgp, flags));
}

TESS_SYSCALL_DEFINE6(sendto, int, fd, const void *, buf, size_t, len, int,
		     flags, const void *, addr, unsigned, addrlen)
{
	struct tess_iovec iov = {(void *)buf, len};
	struct tess_msghdr msg = {
		(void *)addr, addr ? addrlen : 0, &iov, 1, NULL, 0, 0};

	return tess_sys_sendmsg(fd, &msg, flags);
}

TESS_SYSCALL_DEFINE6(recvfrom, int, fd, void *, buf, size_t, len, int, flags,
		     void *, addr, unsigned *, addrlen)
{
	struct tess_iovec iov = {buf, len};
	struct tess_msghdr msg = {addr, 0, &iov, 1, NULL, 0, 0};
	long n;

	if (addr) {
		if (!addrlen)
			return -EFAULT;
		msg.namelen = *addrlen;
	}
	n = tess_sys_recvmsg(fd, &msg, flags);
	if (n >= 0 && addr)
		*addrlen = msg.namelen;
	return n;
}
