/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-socket: Linux's socket calls over lwIP (ext/lwip), with every
 * socket a file descriptor of lib/vfs: read, write, close, dup, fcntl,
 * poll, select and epoll work on it as on any file.
 *
 * Linux's constants and structures (musl's: sa_family a 16-bit field, no
 * sa_len; SOL_SOCKET 1; MSG_DONTWAIT 0x40 ...) are translated to lwIP's
 * BSD-style ones here. Blocking calls block only the calling thread:
 * lwIP's sockets stay non-blocking underneath, and a waiter sleeps on the
 * file's poll head, which lwIP's socket events notify (one patch to
 * lwIP, ext/lwip/patches). AF_INET, SOCK_STREAM and SOCK_DGRAM;
 * AF_UNIX and AF_INET6 are -EAFNOSUPPORT for now.
 */
#ifndef TESS_POSIX_SOCKET_H
#define TESS_POSIX_SOCKET_H

#include <stddef.h>

long tess_sys_socket(int domain, int type, int protocol);
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
long tess_sys_getsockopt(int fd, int level, int name, void *val,
			 unsigned *len);
long tess_sys_sendto(int fd, const void *buf, size_t len, int flags,
		     const void *addr, unsigned addrlen);
long tess_sys_recvfrom(int fd, void *buf, size_t len, int flags, void *addr,
		       unsigned *addrlen);
long tess_sys_sendmsg(int fd, const void *msg, int flags);
long tess_sys_recvmsg(int fd, void *msg, int flags);

/* Called by lwIP (its socket event hook, in the tcpip thread) when socket
 * s's state changed: wakes the waiters of its file. */
void tess_socket_event(int s);

#endif /* TESS_POSIX_SOCKET_H */
