/* SPDX-License-Identifier: BSD-3-Clause */
/* The console as files see it: blocking input, output, readiness, the
 * terminal ioctls. */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/sched.h>
#include <tess/vfs_console.h>

/* Readers of console input wait here; the platform's input handler
 * notifies it. */
static struct tess_poll_head input_head = TESS_POLL_HEAD_INIT(input_head);
static bool handler_set;

static void input_came(void)
{
	tess_poll_notify(&input_head, TESS_POLLIN | TESS_POLLRDNORM);
}

static void handler_ensure(void)
{
	if (!handler_set) {
		handler_set = true;
		tess_plat_console_input_handler(input_came);
	}
}

long tess_vfs_console_read(const struct tess_iovec *iov, int count,
			   bool nonblock)
{
	int i = 0;

	while (i < count && iov[i].len == 0)
		i++;
	if (i == count)
		return 0;
	handler_ensure();
	for (;;) {
		bool was = tess_plat_irq_save();
		long n = tess_plat_console_read(iov[i].base, iov[i].len);
		int err;

		if (n != -EAGAIN || nonblock) {
			tess_plat_irq_restore(was);
			return n;
		}
		/* Masked since the read: the notification cannot come
		 * before the wait is on the head. */
		err = tess_poll_wait(&input_head, TESS_SCHED_FOREVER,
				     "console input");
		tess_plat_irq_restore(was);
		if (err == -EINTR)
			return tess_sched_interrupted();
	}
}

long tess_vfs_console_write(enum tess_plat_console_stream stream,
			    const struct tess_iovec *iov, int count)
{
	long total = 0;

	for (int i = 0; i < count; i++) {
		long n;

		if (!iov[i].len)
			continue;
		n = stream == TESS_PLAT_CONSOLE_ERR
			    ? tess_plat_console_write_err(iov[i].base,
							  iov[i].len)
			    : tess_plat_console_write(iov[i].base, iov[i].len);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((size_t)n < iov[i].len)
			break;
	}
	return total;
}

unsigned tess_vfs_console_poll(enum tess_plat_console_stream stream,
			       struct tess_poll_head **head)
{
	if (stream != TESS_PLAT_CONSOLE_IN) {
		*head = NULL;
		return TESS_POLLOUT | TESS_POLLWRNORM;
	}
	handler_ensure();
	*head = &input_head;
	return tess_plat_console_input_ready() ? TESS_POLLIN | TESS_POLLRDNORM
					       : 0;
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

long tess_vfs_console_ioctl(enum tess_plat_console_stream stream,
			    unsigned long request, unsigned long arg)
{
	unsigned short rows = 0, cols = 0;

	if ((request != TIOCGWINSZ && request != TCGETS) ||
	    !tess_plat_console_tty(stream, &rows, &cols))
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
