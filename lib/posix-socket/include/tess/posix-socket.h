/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-socket: Linux's socket system calls, with every socket a file
 * descriptor of lib/vfs (read, write, close, dup, fcntl, poll, select and
 * epoll work on it as on any file), dispatched by address family to the
 * libraries that register one (TESS_SOCKET_FAMILY): AF_INET is this
 * library's lwIP part (CONFIG_TESS_POSIX_SOCKET_INET, over ext/lwip),
 * AF_UNIX is lib/posix-unix's. A family that is not registered is
 * -EAFNOSUPPORT, as Linux answers for one it was built without.
 *
 * This layer owns what every family shares: the descriptors (SOCK_NONBLOCK
 * as O_NONBLOCK, SOCK_CLOEXEC), the send and receive families reduced to
 * sendmsg/recvmsg, and the options SO_RCVTIMEO and SO_SNDTIMEO, which the
 * families honour in their waits (tess_socket_deadline): a blocking call
 * that waited that long is -EAGAIN, as on Linux.
 */
#ifndef TESS_POSIX_SOCKET_H
#define TESS_POSIX_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/vfs.h>

long tess_sys_socket(int domain, int type, int protocol);
long tess_sys_socketpair(int domain, int type, int protocol, int *fds);
long tess_sys_bind(int fd, const void *addr, unsigned len);
long tess_sys_listen(int fd, int backlog);
long tess_sys_accept(int fd, void *addr, unsigned *len);
long tess_sys_accept4(int fd, void *addr, unsigned *len, int flags);
long tess_sys_connect(int fd, const void *addr, unsigned len);
long tess_sys_shutdown(int fd, int how);
long tess_sys_getsockname(int fd, void *addr, unsigned *len);
long tess_sys_getpeername(int fd, void *addr, unsigned *len);
long tess_sys_setsockopt(int fd, int level, int name, const void *val,
			 unsigned len);
long tess_sys_getsockopt(int fd, int level, int name, void *val, unsigned *len);
long tess_sys_sendto(int fd, const void *buf, size_t len, int flags,
		     const void *addr, unsigned addrlen);
long tess_sys_recvfrom(int fd, void *buf, size_t len, int flags, void *addr,
		       unsigned *addrlen);
long tess_sys_sendmsg(int fd, const void *msg, int flags);
long tess_sys_recvmsg(int fd, void *msg, int flags);

/* Linux's values that every family shares. */
#define TESS_SOCK_STREAM      1
#define TESS_SOCK_DGRAM	      2
#define TESS_SOCK_SEQPACKET   5
#define TESS_SOCK_NONBLOCK    04000
#define TESS_SOCK_CLOEXEC     02000000
#define TESS_SOL_SOCKET	      1
#define TESS_SO_TYPE	      3
#define TESS_SO_ERROR	      4
#define TESS_SO_RCVTIMEO      20
#define TESS_SO_SNDTIMEO      21
#define TESS_SO_DOMAIN	      39
#define TESS_MSG_PEEK	      0x02
#define TESS_MSG_CTRUNC	      0x08
#define TESS_MSG_TRUNC	      0x20
#define TESS_MSG_DONTWAIT     0x40
#define TESS_MSG_EOR	      0x80
#define TESS_MSG_WAITALL      0x100
#define TESS_MSG_NOSIGNAL     0x4000
#define TESS_MSG_MORE	      0x8000
#define TESS_MSG_CMSG_CLOEXEC 0x40000000

/* Linux's struct msghdr (x86_64); the name and control buffers are the
 * caller's, with their room in namelen and controllen on the way in. */
struct tess_msghdr {
	void *name;
	unsigned namelen;
	struct tess_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};

struct tess_socket_family;

/* What every socket has: the first member of its file's data. */
struct tess_socket {
	const struct tess_socket_family *family;
	int type;	      /* TESS_SOCK_STREAM, _DGRAM, _SEQPACKET */
	uint64_t rcvtimeo_ns; /* SO_RCVTIMEO; 0: none */
	uint64_t sndtimeo_ns; /* SO_SNDTIMEO; 0: none */
};

/*
 * An address family's sockets. Its files use file_ops (how this layer
 * knows a descriptor is one of its sockets) and have a struct
 * tess_socket first in their data, which the family fills (family and
 * type) when it makes one. fflags: the new file's status flags (O_RDWR,
 * O_NONBLOCK from SOCK_NONBLOCK). Every call returns 0 (or a count) or
 * -errno; a NULL operation is -EOPNOTSUPP.
 */
struct tess_socket_family {
	int family; /* AF_* (Linux's) */
	const struct tess_file_ops *file_ops;
	long (*socket)(int type, int protocol, unsigned fflags,
		       struct tess_file **out);
	long (*socketpair)(int type, int protocol, unsigned fflags,
			   struct tess_file *out[2]);
	long (*bind)(struct tess_file *f, const void *addr, unsigned len);
	long (*listen)(struct tess_file *f, int backlog);
	/* Waits (unless f is non-blocking) for a connection: a new file in
	 * *out, the peer's address in addr (cut to *len, full length in
	 * *len) when addr is given. */
	long (*accept)(struct tess_file *f, void *addr, unsigned *len,
		       unsigned fflags, struct tess_file **out);
	long (*connect)(struct tess_file *f, const void *addr, unsigned len);
	long (*shutdown)(struct tess_file *f, int how);
	long (*name)(struct tess_file *f, void *addr, unsigned *len, bool peer);
	long (*setsockopt)(struct tess_file *f, int level, int name,
			   const void *val, unsigned len);
	long (*getsockopt)(struct tess_file *f, int level, int name, void *val,
			   unsigned *len);
	/* msg's buffers are checked (tess_iov_check); recvmsg sets
	 * namelen, controllen and flags as Linux's does. */
	long (*sendmsg)(struct tess_file *f, struct tess_msghdr *msg,
			int flags);
	long (*recvmsg)(struct tess_file *f, struct tess_msghdr *msg,
			int flags);
};

#define TESS_SOCKET_FAMILY(id, ...)                                            \
	static const struct tess_socket_family tess_socket_family_##id = {     \
		__VA_ARGS__};                                                  \
	static const struct tess_socket_family                                 \
		*const tess_socket_family_rec_##id                             \
		__attribute__((used, retain, section("tess_socket_families"),  \
			       aligned(sizeof(void *)))) =                     \
			&tess_socket_family_##id
extern const struct tess_socket_family *const __start_tess_socket_families[]
	__attribute__((weak));
extern const struct tess_socket_family *const __stop_tess_socket_families[]
	__attribute__((weak));

/* The socket of file f (NULL: f is not a socket). */
struct tess_socket *tess_socket_of(struct tess_file *f);

/* The deadline of a wait that starts now: the socket's SO_RCVTIMEO
 * (receive, accept) or SO_SNDTIMEO (send, connect), or
 * TESS_SCHED_FOREVER when it has none. */
uint64_t tess_socket_deadline(const struct tess_socket *s, bool send);

/* What fstat says of every socket (S_IFSOCK, mode 0777): a family's
 * file_ops getattr. */
int tess_socket_getattr(struct tess_file *f, struct tess_stat *st);

/* SIGPIPE to the calling thread (a stream send to a closed peer, without
 * MSG_NOSIGNAL), before the call returns -EPIPE. */
void tess_socket_sigpipe(void);

#endif /* TESS_POSIX_SOCKET_H */
