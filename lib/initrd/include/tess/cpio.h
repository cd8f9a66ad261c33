/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cpio archives in the "newc" format (Linux's initramfs format, what
 * `cpio -H newc` writes): a walk over the entries of an archive in
 * memory, checking every header against the buffer, so a corrupt,
 * truncated or hostile archive is an error naming the offset, never a
 * read outside it. Pure: no allocation, usable on the host (fuzzed by
 * tests/fuzz).
 */
#ifndef TESS_CPIO_H
#define TESS_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct tess_cpio_entry {
	const char *name; /* NUL-terminated, inside the archive */
	size_t namelen;	  /* without the NUL */
	uint32_t ino, mode, uid, gid, nlink;
	uint32_t dev_major, dev_minor, rdev_major, rdev_minor;
	uint64_t mtime;
	const void *data; /* size bytes, inside the archive */
	size_t size;
};

/* Why a walk stopped. */
enum tess_cpio_error {
	TESS_CPIO_OK = 0,
	TESS_CPIO_TRUNCATED,  /* the archive ends inside an entry */
	TESS_CPIO_BAD_MAGIC,  /* no 070701/070702 header where one belongs */
	TESS_CPIO_BAD_NUMBER, /* a header field is not 8 hex digits */
	TESS_CPIO_BAD_NAME,   /* empty, unterminated or NUL inside */
	TESS_CPIO_NO_TRAILER, /* the archive ended without TRAILER!!! */
};
const char *tess_cpio_error_text(enum tess_cpio_error err);

/*
 * Calls fn for every entry in order until the TRAILER!!! entry (not
 * given to fn). fn returns 0 to go on, or a negative errno to stop: the
 * walk then returns TESS_CPIO_OK and *fn_err holds it. On a format
 * error, *offset is where the bad entry starts. Zero padding after the
 * trailer is allowed (and anything after it is ignored, as Linux does
 * for one archive).
 */
enum tess_cpio_error tess_cpio_walk(const void *buf, size_t len,
				    int (*fn)(const struct tess_cpio_entry *e,
					      void *ctx),
				    void *ctx, int *fn_err, size_t *offset);

#endif /* TESS_CPIO_H */
