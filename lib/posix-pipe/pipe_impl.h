/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-pipe internals shared by its sources. */
#ifndef POSIX_PIPE_IMPL_H
#define POSIX_PIPE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/vfs.h>

/*
 * A pipe: a ring of TESS_PIPE_SIZE bytes, [start, start + len) modulo the
 * size, and how many open files each end has (one each from pipe2; a file
 * dup'ed or shared counts once, as Linux counts open file descriptions).
 * Everything here changes with interrupts masked. The pipe is freed when
 * both counts are 0.
 */
struct pipe {
	char *buf;
	size_t start, len;
	unsigned readers, writers;
	uint64_t ino;
	struct tess_poll_head readable; /* the read end's: data, no writers */
	struct tess_poll_head writable; /* the write end's: room, no readers */
};

/* The operations of each end. */
extern const struct tess_file_ops pipe_read_end_ops, pipe_write_end_ops;

/* Frees a pipe both of whose ends are gone (or were never made). */
void pipe_free(struct pipe *p);

/* A new inode number for a pipe or an eventfd (fstat's st_ino). */
uint64_t pipe_ino_next(void);

/* Bytes in iov[0..count) (clamped at SIZE_MAX). */
size_t iov_total(const struct tess_iovec *iov, int count);
/* Copies n bytes from iov, starting at byte off of it, to dst / from src
 * to iov at off. The iovec holds at least off + n bytes. */
void iov_gather(void *dst, const struct tess_iovec *iov, int count, size_t off,
		size_t n);
void iov_scatter(const struct tess_iovec *iov, int count, size_t off,
		 const void *src, size_t n);

#endif /* POSIX_PIPE_IMPL_H */
