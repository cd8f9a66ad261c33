/* SPDX-License-Identifier: BSD-3-Clause */
/* Copying between a flat buffer and part of an iovec. */
#include <stdint.h>
#include <string.h>
#include <tess/compiler.h>

#include "pipe_impl.h"

size_t iov_total(const struct tess_iovec *iov, int count)
{
	size_t total = 0;

	for (int i = 0; i < count; i++) {
		if (iov[i].len > SIZE_MAX - total)
			return SIZE_MAX;
		total += iov[i].len;
	}
	return total;
}

/* Calls copy(segment, done, len) for each piece of iov's bytes
 * [off, off + n), done being how much of n came before it. */
static void
iov_walk(const struct tess_iovec *iov, int count, size_t off, size_t n,
	 void (*copy)(char *seg, size_t done, size_t len, void *arg), void *arg)
{
	size_t done = 0;

	for (int i = 0; i < count && done < n; i++) {
		size_t len = iov[i].len;

		if (off >= len) {
			off -= len;
			continue;
		}
		len = TESS_MIN(len - off, n - done);
		copy((char *)iov[i].base + off, done, len, arg);
		done += len;
		off = 0;
	}
}

static void copy_out(char *seg, size_t done, size_t len, void *dst)
{
	memcpy((char *)dst + done, seg, len);
}

static void copy_in(char *seg, size_t done, size_t len, void *src)
{
	memcpy(seg, (const char *)src + done, len);
}

void iov_gather(void *dst, const struct tess_iovec *iov, int count, size_t off,
		size_t n)
{
	iov_walk(iov, count, off, n, copy_out, dst);
}

void iov_scatter(const struct tess_iovec *iov, int count, size_t off,
		 const void *src, size_t n)
{
	iov_walk(iov, count, off, n, copy_in, (void *)src);
}
