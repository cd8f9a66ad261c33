/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-console: file descriptors 0, 1 and 2 on the platform console, in
 * lib/syscall's table and as direct tess_sys_<name> functions, until a VFS
 * owns the file descriptor table.
 *
 * 1 and 2 write to the console (tess/plat/console.h), whole buffers at a
 * time; 0 reads as end of file. The console is not a terminal here:
 * ioctl answers -ENOTTY, so a libc buffers stdout fully and flushes it at
 * exit. lseek is -ESPIPE; close marks the descriptor closed (-EBADF
 * after). Descriptors other than 0-2 are -EBADF. Not for interrupt
 * context.
 */
#ifndef TESS_POSIX_CONSOLE_H
#define TESS_POSIX_CONSOLE_H

#include <stddef.h>

/* Linux's struct iovec. */
struct tess_iovec {
	void *base;
	size_t len;
};

#define TESS_IOV_MAX 1024

long tess_sys_read(int fd, void *buf, size_t len);
long tess_sys_readv(int fd, const struct tess_iovec *iov, int count);
long tess_sys_write(int fd, const void *buf, size_t len);
long tess_sys_writev(int fd, const struct tess_iovec *iov, int count);
long tess_sys_lseek(int fd, long offset, int whence);
long tess_sys_ioctl(int fd, unsigned long request, unsigned long arg);
long tess_sys_close(int fd);

#endif /* TESS_POSIX_CONSOLE_H */
