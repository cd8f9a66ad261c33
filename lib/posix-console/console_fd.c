/* SPDX-License-Identifier: BSD-3-Clause */
/* File descriptors 0, 1 and 2 on the platform console. */
#include <errno.h>
#include <stdbool.h>
#include <tess/plat/console.h>
#include <tess/posix-console.h>
#include <tess/syscall.h>

/* Closed descriptors among 0-2; changed by close on the caller's thread. */
static bool closed[3];

static bool fd_open(int fd)
{
	return fd >= 0 && fd <= 2 && !closed[fd];
}

static long console_write(int fd, const void *buf, size_t len)
{
	if (!fd_open(fd) || fd == 0)
		return -EBADF;
	if (len && !buf)
		return -EFAULT;
	if (len > 0x7ffff000) /* Linux's cap on one write */
		len = 0x7ffff000;
	return fd == 1 ? tess_plat_console_write(buf, len)
		       : tess_plat_console_write_err(buf, len);
}

TESS_SYSCALL_DEFINE3(write, int, fd, const void *, buf, size_t, len)
{
	return console_write(fd, buf, len);
}

TESS_SYSCALL_DEFINE3(writev, int, fd, const struct tess_iovec *, iov, int,
		     count)
{
	long total = 0;

	if (!fd_open(fd) || fd == 0)
		return -EBADF;
	if (count < 0 || count > TESS_IOV_MAX)
		return -EINVAL;
	if (count && !iov)
		return -EFAULT;
	for (int i = 0; i < count; i++) {
		long n;

		if (iov[i].len == 0)
			continue;
		n = console_write(fd, iov[i].base, iov[i].len);
		if (n < 0)
			return total ? total : n;
		total += n;
	}
	return total;
}

TESS_SYSCALL_DEFINE3(read, int, fd, void *, buf, size_t, len)
{
	(void)buf, (void)len;
	if (!fd_open(fd))
		return -EBADF;
	if (fd != 0)
		return -EBADF; /* opened for writing only */
	return 0;	       /* the console has no input: end of file */
}

TESS_SYSCALL_DEFINE3(readv, int, fd, const struct tess_iovec *, iov, int, count)
{
	(void)iov;
	if (count < 0 || count > TESS_IOV_MAX)
		return -EINVAL;
	return tess_sys_read(fd, NULL, 0);
}

TESS_SYSCALL_DEFINE3(lseek, int, fd, long, offset, int, whence)
{
	(void)offset, (void)whence;
	return fd_open(fd) ? -ESPIPE : -EBADF;
}

#define TCGETS	   0x5401
#define TIOCGWINSZ 0x5413

/* Linux's struct termios (x86_64) and struct winsize. */
struct termios_user {
	unsigned int iflag, oflag, cflag, lflag;
	unsigned char line, cc[19];
	unsigned int ispeed, ospeed;
};
struct winsize_user {
	unsigned short row, col, xpixel, ypixel;
};

/*
 * A console stream is a terminal exactly when the host's side is one
 * (tess_plat_console_tty): then TIOCGWINSZ (musl's isatty, and what
 * decides that stdout is line-buffered) gives its size and TCGETS a
 * cooked-mode termios, as a Linux program on that terminal would see;
 * otherwise both are -ENOTTY, as for a file or a pipe.
 */
TESS_SYSCALL_DEFINE3(ioctl, int, fd, unsigned long, request, unsigned long, arg)
{
	unsigned short rows = 0, cols = 0;

	if (!fd_open(fd))
		return -EBADF;
	if ((request != TIOCGWINSZ && request != TCGETS) ||
	    !tess_plat_console_tty((enum tess_plat_console_stream)fd, &rows,
				   &cols))
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	if (request == TIOCGWINSZ) {
		*(struct winsize_user *)arg =
			(struct winsize_user){rows, cols, 0, 0};
	} else {
		/* ICRNL IXON; OPOST ONLCR; B38400 CS8 CREAD; ISIG ICANON
		 * ECHO ECHOE ECHOK IEXTEN ECHOCTL ECHOKE: what stty sane
		 * leaves. */
		*(struct termios_user *)arg = (struct termios_user){
			.iflag = 0x500, .oflag = 0x5, .cflag = 0xbf,
			.lflag = 0x8a3b, .ispeed = 0xf, .ospeed = 0xf};
	}
	return 0;
}

TESS_SYSCALL_DEFINE1(close, int, fd)
{
	if (!fd_open(fd))
		return -EBADF;
	closed[fd] = true;
	return 0;
}
