/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host side of `tess run --disk FILE[,ro]`: a regular file (or block
 * device) opened and locked for one instance, and the virtio-blk
 * backend over it (pread, pwrite, fdatasync).
 *
 * Two instances never write one disk: a writable disk takes an exclusive
 * lock (flock), a read-only one a shared lock, so readers may share a
 * file that no writer has.
 */
#ifndef TESS_VMM_DISK_H
#define TESS_VMM_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio_blk.h"

struct disk {
	const char *path;
	bool read_only;
	int fd;
	uint64_t size; /* bytes; the guest sees whole sectors of it */
	struct vblk_backend backend;
};

enum disk_error {
	DISK_OK,
	DISK_BAD_SPEC,	/* not FILE or FILE,ro */
	DISK_MISSING,	/* no such file */
	DISK_NOT_DISK,	/* not a regular file or block device, or empty */
	DISK_DENIED,	/* no permission to open it as asked */
	DISK_LOCKED,	/* another process holds a conflicting lock */
	DISK_OTHER,
};

/* Parses "FILE" or "FILE,ro" into d (path points into spec). */
enum disk_error disk_parse(char *spec, struct disk *d);

/* Opens and locks d->path; on an error, why says what happened (naming
 * the process that holds the lock, when /proc/locks tells). */
enum disk_error disk_open(struct disk *d, char *why, size_t why_size);

/* disk_parse then disk_open: the one way tess-vmm and tess run take a
 * --disk (spec is modified); why says what failed, a bad spec too. */
enum disk_error disk_take(char *spec, struct disk *d, char *why,
			  size_t why_size);

#endif /* TESS_VMM_DISK_H */
