/* SPDX-License-Identifier: BSD-3-Clause */
/* Descriptors 0, 1 and 2 on the platform console, and the descriptor
 * limit from RLIMIT_NOFILE. */
#include <errno.h>
#include <tess/init.h>
#include <tess/plat/console.h>
#include <tess/plat/irq.h>
#include <tess/sched.h>
#include <tess/posix-fs.h>
#include <tess/posix-process.h>
#include <tess/vfs.h>

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

static enum tess_plat_console_stream stream_of(const struct tess_file *f)
{
	return (enum tess_plat_console_stream)(uintptr_t)f->data;
}

/* Readers of console input wait here; the platform's input handler
 * notifies it. */
static struct tess_poll_head input_head = TESS_POLL_HEAD_INIT(input_head);

static void input_came(void)
{
	tess_poll_notify(&input_head, TESS_POLLIN | TESS_POLLRDNORM);
}

/* What the host's side reads on its standard input (a terminal gives a
 * line at a time, as it would to a Linux program): blocks until there is
 * some or the input ended (0), unless O_NONBLOCK. */
static long console_read(struct tess_file *f, const struct tess_iovec *iov,
			 int count, uint64_t *pos)
{
	int i = 0;

	(void)pos;
	while (i < count && iov[i].len == 0)
		i++;
	if (i == count)
		return 0;
	for (;;) {
		bool was = tess_plat_irq_save();
		long n = tess_plat_console_read(iov[i].base, iov[i].len);
		int err;

		if (n != -EAGAIN || (f->flags & TESS_O_NONBLOCK)) {
			tess_plat_irq_restore(was);
			return n;
		}
		err = tess_poll_wait(&input_head, TESS_SCHED_FOREVER,
				     "console input");
		tess_plat_irq_restore(was);
		if (err == -EINTR)
			return tess_sched_interrupted();
	}
}

static unsigned console_poll(struct tess_file *f, struct tess_poll_head **head)
{
	if (stream_of(f) != TESS_PLAT_CONSOLE_IN) {
		*head = NULL;
		return TESS_POLLOUT | TESS_POLLWRNORM;
	}
	*head = &input_head;
	return tess_plat_console_input_ready() ? TESS_POLLIN | TESS_POLLRDNORM
					       : 0;
}

static long console_write(struct tess_file *f, const struct tess_iovec *iov,
			  int count, uint64_t *pos)
{
	bool err_stream = stream_of(f) == TESS_PLAT_CONSOLE_ERR;
	long total = 0;

	(void)pos;
	for (int i = 0; i < count; i++) {
		long n;

		if (!iov[i].len)
			continue;
		n = err_stream ? tess_plat_console_write_err(iov[i].base,
							     iov[i].len)
			       : tess_plat_console_write(iov[i].base,
							 iov[i].len);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((size_t)n < iov[i].len)
			break;
	}
	return total;
}

/*
 * A console stream is a terminal exactly when the host's side is one
 * (tess_plat_console_tty): then TIOCGWINSZ (musl's isatty, and what
 * decides that stdout is line-buffered) gives its size and TCGETS a
 * cooked-mode termios, as a Linux program on that terminal would see;
 * otherwise both are -ENOTTY, as for a file or a pipe.
 */
static long console_ioctl(struct tess_file *f, unsigned long request,
			  unsigned long arg)
{
	unsigned short rows = 0, cols = 0;

	if ((request != TIOCGWINSZ && request != TCGETS) ||
	    !tess_plat_console_tty(stream_of(f), &rows, &cols))
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

static int console_getattr(struct tess_file *f, struct tess_stat *st)
{
	(void)f;
	*st = (struct tess_stat){
		.mode = TESS_S_IFCHR | 0620,
		.nlink = 1,
		.rdev = (5 << 8) | 1, /* 5:1, /dev/console */
		.blksize = 1024,
	};
	return 0;
}

static const struct tess_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.poll = console_poll,
	.ioctl = console_ioctl,
	.getattr = console_getattr,
};

static int nofile_limit(void)
{
	struct tess_rlimit r;

	if (tess_sys_getrlimit(7 /* RLIMIT_NOFILE */, &r) != 0 ||
	    r.cur > (1u << 30))
		return 1 << 30;
	return (int)r.cur;
}

static int console_fds_install(void)
{
	static const unsigned modes[3] = {TESS_O_RDONLY, TESS_O_WRONLY,
					  TESS_O_WRONLY};

	tess_vfs_fd_limit_source(nofile_limit);
	tess_plat_console_input_handler(input_came);
	for (int fd = 0; fd < 3; fd++) {
		struct tess_file *f = tess_file_new(
			&console_ops, (void *)(uintptr_t)fd, modes[fd]);
		int got;

		if (!f)
			return -ENOMEM;
		got = tess_vfs_fd_alloc(f, fd, 0);
		if (got != fd)
			return got < 0 ? got : -EBUSY;
	}
	return 0;
}
/* Before the root file system: descriptors exist even with none. */
TESS_INIT(console_fds_install, TESS_INIT_FS - 1);
