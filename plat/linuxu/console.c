/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu console: the process's stdout and stderr. */
#include <errno.h>
#include <stdbool.h>
#include <tess/plat/console.h>

#include "../common/irq_soft.h"
#include "linuxu.h"

static long write_all(int fd, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		long n = linuxu_syscall(SYS_write, fd, buf + done, len - done);

		if (n == -LINUX_EINTR)
			continue;
		if (n < 0)
			return done ? (long)done : n;
		done += (size_t)n;
	}
	return (long)done;
}

long tess_plat_console_write(const char *buf, size_t len)
{
	return write_all(1, buf, len);
}

long tess_plat_console_write_err(const char *buf, size_t len)
{
	return write_all(2, buf, len);
}

#define LINUX_TIOCGWINSZ 0x5413

int tess_plat_console_tty(enum tess_plat_console_stream stream,
			  unsigned short *rows, unsigned short *cols)
{
	unsigned short ws[4] = {0, 0, 0, 0}; /* rows, cols, x, y pixels */

	if (linuxu_syscall(SYS_ioctl, (long)stream, LINUX_TIOCGWINSZ,
			   (long)ws) < 0)
		return 0;
	*rows = ws[0];
	*cols = ws[1];
	return 1;
}

/*
 * Input: fd 0, polled before each read so that a read never blocks the
 * whole image (the descriptor is the host's, shared with the shell that
 * started us: its flags, O_NONBLOCK or O_ASYNC, are left alone). While a
 * reader waits (armed), the idle loop sleeps in ppoll on fd 0 instead of
 * rt_sigsuspend (linuxu_console_idle_fd) and calls the handler when fd 0
 * becomes readable.
 */
#define SYS_read_host 0
#define SYS_poll_host 7
#define LINUX_POLLIN  0x001

static void (*input_handler)(void);
static bool input_armed;

static bool input_ready(void)
{
	struct {
		int fd;
		short events, revents;
	} p = {0, LINUX_POLLIN, 0};

	return linuxu_syscall(SYS_poll_host, &p, 1, 0) > 0;
}

long tess_plat_console_read(char *buf, size_t len)
{
	long n;

	if (!input_ready()) {
		input_armed = true;
		return -EAGAIN;
	}
	do
		n = linuxu_syscall(SYS_read_host, 0, buf, len);
	while (n == -LINUX_EINTR);
	/* A closed or unusable fd 0 reads as the end of input. */
	return n < 0 && n != -EAGAIN ? 0 : n;
}

void tess_plat_console_input_handler(void (*fn)(void))
{
	input_handler = fn;
}

int tess_plat_console_input_ready(void)
{
	if (input_ready())
		return 1;
	input_armed = true;
	return 0;
}

bool plat_console_input_armed(void)
{
	return input_armed && input_handler;
}

int linuxu_console_idle_fd(void)
{
	return input_armed && input_handler ? 0 : -1;
}

void linuxu_console_input_ready(void)
{
	input_armed = false;
	if (input_handler)
		input_handler();
}
