/* SPDX-License-Identifier: BSD-3-Clause */
/* Formatting into a caller's buffer: snprintf, vsnprintf, sprintf. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <tess/compiler.h>

#include "format_impl.h"

/* Keeps the first size - 1 characters; the engine counts the rest. Never
 * called once full is set, so size is at least 2 here. */
struct buffer_sink {
	struct tess_nolibc_sink sink;
	char *buf;
	size_t size;
	size_t len; /* characters stored, always < size */
};

static void buffer_write(struct tess_nolibc_sink *sink, const char *text,
			 size_t len)
{
	struct buffer_sink *b =
		tess_container_of(sink, struct buffer_sink, sink);
	size_t room = b->size - 1 - b->len;

	if (len > room)
		len = room;
	memcpy(b->buf + b->len, text, len);
	b->len += len;
	sink->full = b->len == b->size - 1;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	struct buffer_sink b = {
		/* Room for the terminating NUL only: nothing to store. */
		.sink = {.write = buffer_write, .full = size <= 1},
		.buf = buf,
		.size = size,
		.len = 0,
	};
	int ret = tess_nolibc_format(&b.sink, fmt, ap);

	if (size > 0)
		buf[b.len] = '\0';
	return ret;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

/* The caller promises room for everything; no object is larger than
 * SIZE_MAX / 2 bytes, so that bound never cuts. */
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return vsnprintf(buf, SIZE_MAX / 2, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsprintf(buf, fmt, ap);
	va_end(ap);
	return ret;
}
