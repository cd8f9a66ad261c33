/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/posix-socket's AF_INET and AF_INET6 part (over lwIP): a socket
 * file, Linux's constants. */
#ifndef TESS_POSIX_SOCKET_INET_IMPL_H
#define TESS_POSIX_SOCKET_INET_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <tess/posix-socket.h>
#include <tess/vfs.h>

/* Linux's values (what musl's programs pass). */
#define LX_AF_UNIX	 1
#define LX_AF_INET	 2
#define LX_AF_INET6	 10
#define LX_SOCK_STREAM	 1
#define LX_SOCK_DGRAM	 2
#define LX_SOCK_NONBLOCK 04000
#define LX_SOCK_CLOEXEC	 02000000
#define LX_SOL_SOCKET	 1
#define LX_SO_REUSEADDR	 2
#define LX_SO_TYPE	 3
#define LX_SO_ERROR	 4
#define LX_SO_BROADCAST	 6
#define LX_SO_SNDBUF	 7
#define LX_SO_RCVBUF	 8
#define LX_SO_KEEPALIVE	 9
#define LX_SO_LINGER	 13
#define LX_SO_REUSEPORT	 15
#define LX_SO_RCVTIMEO	 20
#define LX_SO_SNDTIMEO	 21
#define LX_IPPROTO_IP	 0
#define LX_IPPROTO_TCP	 6
#define LX_IPPROTO_IPV6	 41
#define LX_IPV6_V6ONLY	 26
#define LX_TCP_NODELAY	 1
#define LX_TCP_KEEPIDLE	 4
#define LX_TCP_KEEPINTVL 5
#define LX_TCP_KEEPCNT	 6
#define LX_IP_TOS	 1
#define LX_IP_TTL	 2
#define LX_MSG_OOB	 0x01
#define LX_MSG_PEEK	 0x02
#define LX_MSG_TRUNC	 0x20
#define LX_MSG_DONTWAIT	 0x40
#define LX_MSG_WAITALL	 0x100
#define LX_MSG_NOSIGNAL	 0x4000
#define LX_MSG_MORE	 0x8000

/* A socket: lwIP's descriptor and the waiters of its file. */
struct sock {
	/* family: AF_INET's or AF_INET6's record; type: LX_SOCK_STREAM or
	 * LX_SOCK_DGRAM */
	struct tess_socket base;
	int s; /* lwIP's socket */
	struct tess_poll_head head;
	/* Bumped (interrupts masked) at each lwIP event: a waiter that saw
	 * the same count before its attempt sleeps without missing one. */
	volatile unsigned long events;
};

/* The family's operations (inet_io.c, inet_opt.c). */
long inet_sendmsg(struct tess_file *f, struct tess_msghdr *msg, int flags);
long inet_recvmsg(struct tess_file *f, struct tess_msghdr *msg, int flags);
long inet_setsockopt(struct tess_file *f, int level, int name, const void *val,
		     unsigned len);
long inet_getsockopt(struct tess_file *f, int level, int name, void *val,
		     unsigned *len);
long sock_read(struct tess_file *f, const struct tess_iovec *iov, int count,
	       uint64_t *pos);
long sock_write(struct tess_file *f, const struct tess_iovec *iov, int count,
		uint64_t *pos);

/* Waits until sk has an event newer than seen (or the deadline, or a
 * signal): 0, -EAGAIN (the deadline: SO_RCVTIMEO/SO_SNDTIMEO) or
 * -EINTR. */
int sock_wait(struct sock *sk, unsigned long seen, uint64_t deadline_ns);

/* The socket's family: LX_AF_INET or LX_AF_INET6. */
static inline int sock_family(const struct sock *sk)
{
	return sk->base.family->family;
}

/* Linux's sockaddr of family (LX_AF_INET, LX_AF_INET6) to lwIP's in out
 * (a struct sockaddr_storage of lwIP's), and lwIP's of either family
 * back (inet_addr.c): lengths in bytes. */
int addr_to_lwip(int family, const void *addr, unsigned len, void *out,
		 unsigned *outlen);
int addr_from_lwip(const void *in, unsigned inlen, void *addr, unsigned *len);

/* Linux MSG_* to lwIP's; -EOPNOTSUPP for flags lwIP cannot honour. */
int msg_flags_to_lwip(int flags);

/* lwIP's errno after a failed call, as -errno. */
int lwip_err(void);

#endif /* TESS_POSIX_SOCKET_INET_IMPL_H */
