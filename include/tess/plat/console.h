/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform contract: console output.
 *
 * Implemented by every platform (plat/<name>). Usable from the first line
 * of C code, before any allocator exists, and from interrupt context.
 */
#ifndef TESS_PLAT_CONSOLE_H
#define TESS_PLAT_CONSOLE_H

#include <stddef.h>

/* Writes len bytes to the console; returns bytes written or -errno. The
 * "err" variant is the error stream where the platform has one (linuxu:
 * fd 2), otherwise the same console. */
long tess_plat_console_write(const char *buf, size_t len);
long tess_plat_console_write_err(const char *buf, size_t len);

/* The console's streams, as a process's first file descriptors. */
enum tess_plat_console_stream {
	TESS_PLAT_CONSOLE_IN = 0,
	TESS_PLAT_CONSOLE_OUT = 1,
	TESS_PLAT_CONSOLE_ERR = 2,
};

/* Whether the host's side of a console stream is a terminal (so that a C
 * library line-buffers it, as on Linux): 1, with the terminal's size in
 * *rows and *cols (0 when unknown); 0 when it is a file, a pipe or
 * unknown. */
int tess_plat_console_tty(enum tess_plat_console_stream stream,
			  unsigned short *rows, unsigned short *cols);

/*
 * Console input: what the host's side reads on its standard input
 * (linuxu: the process's fd 0; kvm: the monitor's stdin; a platform
 * without input: always end of input).
 * tess_plat_console_read takes up to len bytes without waiting: the
 * count, 0 at the end of input, or -EAGAIN when nothing is there yet,
 * which also arms the notification: the handler given to
 * tess_plat_console_input_handler then runs once (interrupt context,
 * interrupts masked) when input may have come or ended. Threads only
 * (not interrupt context) for the read.
 */
long tess_plat_console_read(char *buf, size_t len);
void tess_plat_console_input_handler(void (*fn)(void));
/* Whether a read would not wait (input, or its end, is there): 1, or 0
 * having armed the notification as a -EAGAIN read does. */
int tess_plat_console_input_ready(void);

#endif /* TESS_PLAT_CONSOLE_H */
