/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console as files see it, for every file that is the console
 * (lib/posix-fs's descriptors 0-2, devfs's /dev/console and /dev/tty):
 * input that blocks the calling thread until it comes, output to a
 * stream, readiness, and the terminal ioctls a C library probes.
 * Input is what the platform's console reads (tess/plat/console.h);
 * these functions take its one input handler. Threads only.
 */
#ifndef TESS_VFS_CONSOLE_H
#define TESS_VFS_CONSOLE_H

#include <stdbool.h>
#include <tess/plat/console.h>
#include <tess/vfs.h>

/* Reads into the first non-empty buffer of iov: the count, 0 at the end
 * of input, -EAGAIN (nonblock and nothing yet) or -EINTR. */
long tess_vfs_console_read(const struct tess_iovec *iov, int count,
			   bool nonblock);
/* Writes every buffer to the stream (OUT or ERR); the count written. */
long tess_vfs_console_write(enum tess_plat_console_stream stream,
			    const struct tess_iovec *iov, int count);
/* Readiness of the input (POLLIN when a read would not wait, with *head
 * set to where input is notified) or of an output stream (POLLOUT). */
unsigned tess_vfs_console_poll(enum tess_plat_console_stream stream,
			       struct tess_poll_head **head);
/* TCGETS and TIOCGWINSZ exactly when the host's side of the stream is a
 * terminal (so a C library line-buffers as on Linux), else -ENOTTY. */
long tess_vfs_console_ioctl(enum tess_plat_console_stream stream,
			    unsigned long request, unsigned long arg);

#endif /* TESS_VFS_CONSOLE_H */
