/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-pipe: Linux's pipe, pipe2, eventfd and eventfd2, in lib/syscall's
 * table and as direct tess_sys_<name> functions.
 *
 * Each pipe end and each eventfd is a struct tess_file of lib/vfs with its
 * own operations, installed in the descriptor table: read, write, close,
 * fcntl (O_NONBLOCK) and fstat on them are lib/posix-fs's calls, which
 * land in these operations. Readiness goes through the vfs's poll heads
 * (tess/vfs_poll.h), so poll, select and epoll (lib/posix-poll) and the
 * files' own blocking calls share one mechanism.
 *
 * Pipes, as Linux's: TESS_PIPE_SIZE bytes of buffer (taken from the
 * default heap when the pipe is made); a write of at most TESS_PIPE_BUF
 * bytes is atomic (it waits for room for all of it, or is -EAGAIN); a
 * longer one is written as room comes and may be split among other
 * writers' data. A read returns what is there (up to what was asked), waits
 * while the pipe is empty and a writer exists, and returns 0 (end of
 * file) once every write end is closed. A write with no read end left is
 * -EPIPE and sends SIGPIPE to the calling thread (lib/posix-process).
 * The read end is readable (POLLIN) with data, hung up (POLLHUP) without
 * writers; the write end is writable (POLLOUT) with at least
 * TESS_PIPE_BUF bytes free, in error (POLLERR) without readers. fstat
 * gives S_IFIFO; ioctl FIONREAD the bytes in the pipe. O_DIRECT (packet
 * mode) is accepted and ignored; F_GETPIPE_SZ/F_SETPIPE_SZ are not
 * offered.
 *
 * eventfd, as Linux's: a 64-bit counter; a read (at least 8 bytes, else
 * -EINVAL) waits for a non-zero count and takes all of it, or 1 with
 * EFD_SEMAPHORE; a write (8 bytes) adds its value, waiting while the sum
 * would reach 0xffffffffffffffff (a write of that value is -EINVAL).
 *
 * Blocking calls wait interruptibly: a signal ends them with -EINTR after
 * its handler ran (or with the bytes a long write already moved). Not for
 * interrupt context. One CPU: each file's state changes with interrupts
 * masked, a read or write copying at most TESS_PIPE_SIZE bytes per masked
 * section.
 */
#ifndef TESS_POSIX_PIPE_H
#define TESS_POSIX_PIPE_H

#include <tess/vfs.h>

#define TESS_PIPE_SIZE 65536 /* a pipe's buffer */
#define TESS_PIPE_BUF  4096  /* the largest atomic write */

#define TESS_EFD_SEMAPHORE 1
#define TESS_EFD_CLOEXEC   TESS_O_CLOEXEC
#define TESS_EFD_NONBLOCK  TESS_O_NONBLOCK

/* fds[0] the read end, fds[1] the write end. pipe2 flags: O_CLOEXEC,
 * O_NONBLOCK, O_DIRECT (ignored); others -EINVAL. Errors: -EFAULT (fds
 * NULL), -EMFILE, -ENOMEM. */
long tess_sys_pipe(int *fds);
long tess_sys_pipe2(int *fds, int flags);
/* A new eventfd counting from initval. flags: TESS_EFD_*; others
 * -EINVAL. */
long tess_sys_eventfd(unsigned int initval);
long tess_sys_eventfd2(unsigned int initval, int flags);

#endif /* TESS_POSIX_PIPE_H */
