/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/posix-unix's internals: a socket, its queued messages, names. */
#ifndef POSIX_UNIX_IMPL_H
#define POSIX_UNIX_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/list.h>
#include <tess/posix-socket.h>
#include <tess/vfs.h>

#define LX_AF_UNIX 1
#define ADDR_MAX   110	  /* sizeof(struct sockaddr_un) */
#define PATH_OFF   2	  /* offsetof(struct sockaddr_un, sun_path) */
#define SHUT_RCV   1	  /* Linux's RCV_SHUTDOWN */
#define SHUT_SEND  2	  /* Linux's SEND_SHUTDOWN */
#define SNDBUF_DEF 212992 /* net.core.wmem_default */
#define BUF_MAX	   212992 /* net.core.wmem_max, rmem_max */
#define SNDBUF_MIN 4608	  /* SOCK_MIN_SNDBUF */
#define RCVBUF_MIN 2304	  /* SOCK_MIN_RCVBUF */
#define DGRAM_QLEN 10	  /* net.unix.max_dgram_qlen */
#define FDS_MAX	   253	  /* SCM_MAX_FD */

enum ustate { US_UNCONNECTED, US_LISTEN, US_CONNECTED };

/*
 * An AF_UNIX socket. Everything here changes with interrupts masked (one
 * CPU: that is the lock, as in lib/posix-pipe), and a waiter checks and
 * sleeps under the same mask. It lives while referenced: by its file (or,
 * before accept, by its listener's queue), by a peer's pointer, and by
 * each message it sent that is still queued somewhere.
 */
struct usock {
	struct tess_socket base;
	unsigned refs;
	enum ustate state;
	bool dead;	     /* its file (or embryo) was released */
	bool passcred;	     /* SO_PASSCRED: autobind on connect and send */
	bool reuseaddr;	     /* SO_REUSEADDR: kept, as Linux keeps it */
	unsigned shut;	     /* SHUT_RCV | SHUT_SEND, as Linux's sk_shutdown */
	int err;	     /* SO_ERROR */
	struct usock *peer;  /* connected to (a reference) */
	struct tess_list rq; /* struct umsg, received */
	unsigned rq_len;
	size_t wmem; /* bytes of its messages not yet received */
	int sndbuf, rcvbuf;
	/* Listening: connections not yet accepted (struct usock by
	 * backlog_node, each a reference). */
	struct tess_list backlog;
	unsigned nbacklog;
	int max_backlog;
	struct tess_list backlog_node;
	/* Bound: its name (the bytes of sockaddr_un), and for a path the
	 * socket file (a reference) and the node in the table of names. */
	char addr[ADDR_MAX];
	unsigned addrlen; /* 0: not bound */
	struct tess_vnode *vn;
	struct tess_list bound_node;
	struct tess_poll_head head;
};

/* A message: bytes [off, len) still to read, the sender's address, and
 * the files it carries (SCM_RIGHTS, references). */
struct umsg {
	struct tess_list node;
	struct usock *from; /* a reference; its wmem counts len */
	size_t len, off;
	char addr[ADDR_MAX];
	unsigned addrlen;
	unsigned nfiles;
	struct tess_file **files;
	char data[];
};

extern const struct tess_file_ops unix_file_ops;

/* A new socket (one reference) / references (masked). */
struct usock *usock_new(int type);
void usock_ref(struct usock *u);
void usock_put(struct usock *u);
/* The socket goes: its name, peer, queues; drops the caller's
 * reference. Not masked (it puts vnodes and files). */
void usock_release(struct usock *u);
/* Wakes the socket's waiters and pollers. Masked. */
void usock_notify(struct usock *u);
/* Readiness, as Linux's unix_poll / unix_dgram_poll. Masked. */
unsigned usock_poll(struct usock *u);
/* Waits masked on head until notified, the deadline or a signal: 0,
 * -EAGAIN (deadline) or -EINTR (after tess_sched_interrupted()). */
int usock_wait(struct tess_poll_head *head, uint64_t deadline, bool *was);
/* A new file for u (takes over its reference). */
long usock_file(struct usock *u, unsigned fflags, struct tess_file **out);

/* A message of len bytes from u (a reference taken; masked for the
 * accounting) / freed (files put: not masked). */
struct umsg *umsg_new(struct usock *from, size_t len);
void umsg_free(struct umsg *m);

/* Names (unix_name.c). The address checked as Linux's unix_mkname: its
 * length back in *len (paths cut at their NUL), or -EINVAL. */
int name_check(const void *addr, unsigned *len);
/* bind: a path (a socket file made), an abstract name, or autobind. */
long name_bind(struct usock *u, const void *addr, unsigned len);
long name_autobind(struct usock *u);
/* The socket bound to addr (a reference), of type type: -ENOENT (no
 * such path), -ECONNREFUSED (nobody there), -EPROTOTYPE. */
long name_find(const void *addr, unsigned len, int type, struct usock **out);
/* Unbinds (release): its vnode to put, returned. Masked. */
struct tess_vnode *name_unbind(struct usock *u);
/* u's address (or the unnamed one) to a caller's buffer. */
void name_copy(const struct usock *u, void *addr, unsigned *len);

/* Calls (unix_conn.c, unix_io.c, unix_opt.c). */
long unix_listen(struct tess_file *f, int backlog);
long unix_accept(struct tess_file *f, void *addr, unsigned *len,
		 unsigned fflags, struct tess_file **out);
long unix_connect(struct tess_file *f, const void *addr, unsigned len);
long unix_shutdown(struct tess_file *f, int how);
long unix_sendmsg(struct tess_file *f, struct tess_msghdr *msg, int flags);
long unix_recvmsg(struct tess_file *f, struct tess_msghdr *msg, int flags);
long unix_setsockopt(struct tess_file *f, int level, int name, const void *val,
		     unsigned len);
long unix_getsockopt(struct tess_file *f, int level, int name, void *val,
		     unsigned *len);

#endif /* POSIX_UNIX_IMPL_H */
