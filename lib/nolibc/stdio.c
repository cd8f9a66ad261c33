/* SPDX-License-Identifier: BSD-3-Clause */
/* The console streams stdout and stderr, and output functions on them. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <tess/compiler.h>
#include <tess/init.h>
#include <tess/plat/console.h>
#include <tess/plat/irq.h>

#include "format_impl.h"

#define FILE_BUFFER_SIZE 256

struct tess_nolibc_file {
	/* The console stream behind the FILE. */
	long (*write)(const char *buf, size_t len);
	/* Written out at each '\n' (stdout), or else at the end of every
	 * call (stderr), which keeps one printf to one console write. */
	bool line_buffered;
	bool error; /* a write failed; sticky until clearerr() */
	size_t len; /* bytes waiting in buf */
	char buf[FILE_BUFFER_SIZE];
};

/* The streams' buffers are written only by the functions of this file,
 * which are not reentrant (see stdio.h). */
static FILE stdout_file = {
	.write = tess_plat_console_write,
	.line_buffered = true,
};
static FILE stderr_file = {
	.write = tess_plat_console_write_err,
	.line_buffered = false,
};

FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;

/* Writes the buffer out; returns 0, or EOF with errno and the error flag
 * set. What could not be written is dropped, so one console failure does
 * not repeat at every later call. */
static int file_flush_masked(FILE *f)
{
	size_t done = 0;

	while (done < f->len) {
		long n = f->write(f->buf + done, f->len - done);

		if (n <= 0) {
			f->error = true;
			f->len = 0;
			errno = n < 0 ? (int)-n : EIO;
			return EOF;
		}
		done += (size_t)n;
	}
	f->len = 0;
	return 0;
}

/* A stream is shared by every thread: with a preemptive scheduler its
 * buffer is only changed with interrupts masked (a software flag). */
static int file_flush(FILE *f)
{
	bool was = tess_plat_irq_save();
	int ret = file_flush_masked(f);

	tess_plat_irq_restore(was);
	return ret;
}

static int file_put_masked(FILE *f, const char *text, size_t len);

/* Appends text; returns 0, or EOF when a write it caused failed. */
static int file_put(FILE *f, const char *text, size_t len)
{
	bool was = tess_plat_irq_save();
	int ret = file_put_masked(f, text, len);

	tess_plat_irq_restore(was);
	return ret;
}

static int file_put_masked(FILE *f, const char *text, size_t len)
{
	bool newline = f->line_buffered && memchr(text, '\n', len) != NULL;
	int ret = 0;

	while (len > 0) {
		size_t room = sizeof(f->buf) - f->len;
		size_t n = len < room ? len : room;

		memcpy(f->buf + f->len, text, n);
		f->len += n;
		text += n;
		len -= n;
		if (f->len == sizeof(f->buf) && file_flush(f) != 0)
			ret = EOF;
	}
	if (newline && f->len > 0 && file_flush(f) != 0)
		ret = EOF;
	return ret;
}

/* Every public function ends here: stderr is written out now. */
static int file_end_call(FILE *f)
{
	if (!f->line_buffered && f->len > 0)
		return file_flush(f);
	return 0;
}

/* Connects the format engine to a stream. */
struct file_sink {
	struct tess_nolibc_sink sink;
	FILE *file;
	bool failed;
};

static void file_sink_write(struct tess_nolibc_sink *sink, const char *text,
			    size_t len)
{
	struct file_sink *fs = tess_container_of(sink, struct file_sink, sink);

	if (file_put(fs->file, text, len) != 0)
		fs->failed = true;
}

int vfprintf(FILE *restrict stream, const char *restrict fmt, va_list ap)
{
	struct file_sink fs = {
		.sink = {.write = file_sink_write, .full = false},
		.file = stream,
		.failed = false,
	};
	int ret = tess_nolibc_format(&fs.sink, fmt, ap);

	if (file_end_call(stream) != 0 || fs.failed)
		return -1;
	return ret;
}

int fprintf(FILE *restrict stream, const char *restrict fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfprintf(stream, fmt, ap);
	va_end(ap);
	return ret;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return ret;
}

int fputc(int c, FILE *stream)
{
	char byte = (char)c;

	if (file_put(stream, &byte, 1) != 0 || file_end_call(stream) != 0)
		return EOF;
	return (unsigned char)byte;
}

int putc(int c, FILE *stream)
{
	return fputc(c, stream);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict stream)
{
	if (file_put(stream, s, strlen(s)) != 0 || file_end_call(stream) != 0)
		return EOF;
	return 0;
}

int puts(const char *s)
{
	int ret = file_put(stdout, s, strlen(s));

	if (file_put(stdout, "\n", 1) != 0)
		ret = EOF;
	if (file_end_call(stdout) != 0)
		ret = EOF;
	return ret;
}

size_t fwrite(const void *restrict ptr, size_t size, size_t nmemb,
	      FILE *restrict stream)
{
	int ret;

	if (size == 0 || nmemb == 0)
		return 0;
	if (nmemb > SIZE_MAX / size) {
		errno = EOVERFLOW;
		return 0;
	}
	ret = file_put(stream, ptr, size * nmemb);
	if (file_end_call(stream) != 0)
		ret = EOF;
	return ret == 0 ? nmemb : 0;
}

int fflush(FILE *stream)
{
	int ret = 0;

	if (stream != NULL)
		return stream->len > 0 ? file_flush(stream) : 0;
	if (stdout_file.len > 0 && file_flush(&stdout_file) != 0)
		ret = EOF;
	if (stderr_file.len > 0 && file_flush(&stderr_file) != 0)
		ret = EOF;
	return ret;
}

int ferror(FILE *stream)
{
	return stream->error;
}

void clearerr(FILE *stream)
{
	stream->error = false;
}

/* A partial last line of stdout reaches the console when the image ends
 * normally (main returns or exit() is called). */
static void stdio_flush_at_exit(void)
{
	fflush(NULL);
}
TESS_EXIT(stdio_flush_at_exit);
