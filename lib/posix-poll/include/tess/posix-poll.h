/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-poll: Linux's poll, ppoll, select, pselect6 and the epoll calls,
 * in lib/syscall's table and as direct tess_sys_<name> functions.
 *
 * Everything waits on lib/vfs's readiness core (tess/vfs_poll.h): a file
 * says what holds now and where changes are notified (tess_file_poll);
 * poll and select put an entry on each file's head and block the thread
 * until one is notified, the deadline, or a signal; an epoll item keeps an
 * entry on its file's head for as long as it is registered, whose callback
 * queues the item on the instance's ready list (Linux's design). A file
 * without a head (a regular file) is always ready for poll and select and
 * cannot be added to an epoll instance (-EPERM, as Linux answers for files
 * without poll).
 *
 * Semantics are Linux's (errors, revents masks, select's read/write/except
 * sets, timeouts written back by select, pselect6 and ppoll), with these
 * limits:
 * - An epoll item is keyed by (fd, file) and holds no reference to the
 *   file: it goes when the file's last reference does (every descriptor
 *   of it closed), as on Linux, through a watch on the file
 *   (tess_file_watch); while a dup'ed descriptor keeps the file open, the
 *   item stays and is reported under its old fd.
 * - EPOLLEXCLUSIVE is accepted (and checked as Linux checks it) but wakes
 *   every waiter; EPOLLWAKEUP is accepted and means nothing.
 * - The signal mask of ppoll, pselect6 and epoll_pwait is the thread's for
 *   the wait (lib/posix-process's rt_sigprocmask); a handler run because
 *   of it ends the call with -EINTR.
 * Blocking calls end with -EINTR when a signal's handler ran (lib/sched's
 * interruptible waits). Not for interrupt context.
 */
#ifndef TESS_POSIX_POLL_H
#define TESS_POSIX_POLL_H

#include <stddef.h>
#include <stdint.h>
#include <tess/vfs.h>
#include <tess/vfs_poll.h>

/* Linux's struct pollfd. */
struct tess_pollfd {
	int fd;
	short events;
	short revents;
};

/* select's sets: Linux's fd_set, a bitmap of FD_SETSIZE bits. */
#define TESS_FD_SETSIZE 1024
#define TESS_NFDBITS	(8 * (int)sizeof(unsigned long))
struct tess_fd_set {
	unsigned long bits[TESS_FD_SETSIZE / TESS_NFDBITS];
};
#define TESS_FD_ZERO(set) __builtin_memset((set), 0, sizeof(*(set)))
#define TESS_FD_SET(fd, set)                                                   \
	((set)->bits[(fd) / TESS_NFDBITS] |= 1UL << ((fd) % TESS_NFDBITS))
#define TESS_FD_CLR(fd, set)                                                   \
	((set)->bits[(fd) / TESS_NFDBITS] &= ~(1UL << ((fd) % TESS_NFDBITS)))
#define TESS_FD_ISSET(fd, set)                                                 \
	(((set)->bits[(fd) / TESS_NFDBITS] >> ((fd) % TESS_NFDBITS)) & 1)

/* Linux's struct timeval (select's timeout). */
struct tess_poll_timeval {
	long tv_sec;
	long tv_usec;
};

/* pselect6's sixth argument: the signal mask and its size. */
struct tess_pselect_sigmask {
	const uint64_t *set;
	size_t size;
};

/* Linux's struct epoll_event (packed on x86_64). */
struct tess_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

/* epoll's events are the poll bits (TESS_POLL*) and these flags. */
#define TESS_EPOLLEXCLUSIVE (1U << 28)
#define TESS_EPOLLWAKEUP    (1U << 29)
#define TESS_EPOLLONESHOT   (1U << 30)
#define TESS_EPOLLET	    (1U << 31)

#define TESS_EPOLL_CTL_ADD 1
#define TESS_EPOLL_CTL_DEL 2
#define TESS_EPOLL_CTL_MOD 3
#define TESS_EPOLL_CLOEXEC TESS_O_CLOEXEC

/* Nesting: an epoll instance in at most this many levels of others
 * (Linux's EP_MAX_NESTS); deeper or circular additions are -ELOOP. */
#define TESS_EPOLL_MAX_NESTS 4

/* timeout in milliseconds, negative: none. -EINVAL for nfds above the
 * descriptor limit; revents POLLNVAL for a descriptor that is not open. */
long tess_sys_poll(struct tess_pollfd *fds, unsigned long nfds, int timeout);
/* timeout NULL: none; else updated to what is left. sigmask (may be NULL,
 * sigsetsize 8) is the thread's mask during the wait. */
long tess_sys_ppoll(struct tess_pollfd *fds, unsigned long nfds,
		    struct tess_vfs_timespec *timeout, const uint64_t *sigmask,
		    size_t sigsetsize);
/* Sets replaced by the ready descriptors; returns how many bits are set.
 * -EBADF for a descriptor in a set that is not open, -EINVAL for nfds < 0
 * or above the descriptor limit (the default limit is FD_SETSIZE). */
long tess_sys_select(int nfds, struct tess_fd_set *readfds,
		     struct tess_fd_set *writefds,
		     struct tess_fd_set *exceptfds,
		     struct tess_poll_timeval *timeout);
long tess_sys_pselect6(int nfds, struct tess_fd_set *readfds,
		       struct tess_fd_set *writefds,
		       struct tess_fd_set *exceptfds,
		       struct tess_vfs_timespec *timeout,
		       const struct tess_pselect_sigmask *sigmask);
/* size must be positive and is otherwise unused. */
long tess_sys_epoll_create(int size);
long tess_sys_epoll_create1(int flags);
/* event may be NULL for EPOLL_CTL_DEL. */
long tess_sys_epoll_ctl(int epfd, int op, int fd,
			struct tess_epoll_event *event);
long tess_sys_epoll_wait(int epfd, struct tess_epoll_event *events,
			 int maxevents, int timeout);
long tess_sys_epoll_pwait(int epfd, struct tess_epoll_event *events,
			  int maxevents, int timeout, const uint64_t *sigmask,
			  size_t sigsetsize);
/* timeout NULL: none (not written back). */
long tess_sys_epoll_pwait2(int epfd, struct tess_epoll_event *events,
			   int maxevents, const struct tess_vfs_timespec *timeout,
			   const uint64_t *sigmask, size_t sigsetsize);

#endif /* TESS_POSIX_POLL_H */
