/* SPDX-License-Identifier: BSD-3-Clause */
/* Disk files for virtio-blk: parsing, opening, locking, I/O. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/fs.h>

#include "disk.h"

enum disk_error disk_parse(char *spec, struct disk *d)
{
	char *comma = strrchr(spec, ',');

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	if (comma && strcmp(comma, ",ro") == 0) {
		*comma = '\0';
		d->read_only = true;
	} else if (comma && strcmp(comma, ",rw") == 0) {
		*comma = '\0';
	}
	d->path = spec;
	return spec[0] ? DISK_OK : DISK_BAD_SPEC;
}

/* Whole transfers: a short read or write is retried where it stopped. */
static int disk_read(void *ctx, uint64_t offset, uint8_t *buf, uint32_t len)
{
	struct disk *d = ctx;

	while (len) {
		ssize_t n = pread(d->fd, buf, len, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) { /* the file shrank under us: zeros */
			memset(buf, 0, len);
			return 0;
		}
		buf += n, offset += (uint64_t)n, len -= (uint32_t)n;
	}
	return 0;
}

static int disk_write(void *ctx, uint64_t offset, const uint8_t *buf,
		      uint32_t len)
{
	struct disk *d = ctx;

	while (len) {
		ssize_t n = pwrite(d->fd, buf, len, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n, offset += (uint64_t)n, len -= (uint32_t)n;
	}
	return 0;
}

static int disk_flush(void *ctx)
{
	struct disk *d = ctx;

	return fdatasync(d->fd) < 0 ? -errno : 0;
}

/* The process holding a lock on st's file, from /proc/locks: "pid N
 * (comm)" into out, else "another process". */
static void lock_holder(const struct stat *st, char *out, size_t size)
{
	FILE *f = fopen("/proc/locks", "r");
	char line[256];

	snprintf(out, size, "another process");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned int major, minor;
		unsigned long long ino;
		int pid;
		char comm[64] = "", path[64];
		FILE *c;

		if (sscanf(line, "%*d: %*s %*s %*s %d %x:%x:%llu", &pid,
			   &major, &minor, &ino) != 4 ||
		    ino != (unsigned long long)st->st_ino ||
		    makedev(major, minor) != st->st_dev)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		c = fopen(path, "r");
		if (c) {
			if (fgets(comm, sizeof(comm), c))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(c);
		}
		snprintf(out, size, "pid %d%s%s%s", pid, comm[0] ? " (" : "",
			 comm, comm[0] ? ")" : "");
		break;
	}
	fclose(f);
}

enum disk_error disk_open(struct disk *d, char *why, size_t why_size)
{
	struct stat st;
	char holder[96];

	d->fd = open(d->path, (d->read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (d->fd < 0) {
		int err = errno;
		bool denied = err == EACCES || err == EPERM || err == EROFS;

		if (err == EISDIR) {
			snprintf(why, why_size,
				 "disk %s is not a regular file or block "
				 "device (a folder)",
				 d->path);
			return DISK_NOT_DISK;
		}

		snprintf(why, why_size, "cannot open disk %s%s: %s%s", d->path,
			 d->read_only ? "" : " for writing", strerror(err),
			 denied && !d->read_only
				 ? " (FILE,ro gives it read-only)"
				 : "");
		return err == ENOENT ? DISK_MISSING
		       : denied	     ? DISK_DENIED
				     : DISK_OTHER;
	}
	if (fstat(d->fd, &st) < 0 ||
	    !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
		snprintf(why, why_size,
			 "disk %s is not a regular file or block device",
			 d->path);
		goto not_disk;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(d->fd, BLKGETSIZE64, &d->size) < 0)
			d->size = 0;
	} else {
		d->size = (uint64_t)st.st_size;
	}
	if (d->size < VBLK_SECTOR) {
		snprintf(why, why_size,
			 "disk %s holds no whole 512-byte sector (%" PRIu64
			 " bytes)",
			 d->path, d->size);
		goto not_disk;
	}
	if (flock(d->fd, (d->read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0) {
		int err = errno;

		lock_holder(&st, holder, sizeof(holder));
		if (err != EWOULDBLOCK)
			snprintf(why, why_size, "cannot lock disk %s: %s",
				 d->path, strerror(err));
		else if (d->read_only)
			snprintf(why, why_size,
				 "disk %s is being written by %s (a disk "
				 "shared read-only must have no writer)",
				 d->path, holder);
		else
			snprintf(why, why_size,
				 "disk %s is in use by %s (one instance may "
				 "write a disk; give it to several with ,ro "
				 "to share it read-only)",
				 d->path, holder);
		close(d->fd);
		d->fd = -1;
		return err == EWOULDBLOCK ? DISK_LOCKED : DISK_OTHER;
	}
	d->backend = (struct vblk_backend){disk_read, disk_write, disk_flush,
					   d};
	return DISK_OK;
not_disk:
	close(d->fd);
	d->fd = -1;
	return DISK_NOT_DISK;
}

enum disk_error disk_take(char *spec, struct disk *d, char *why,
			  size_t why_size)
{
	if (disk_parse(spec, d) != DISK_OK) {
		snprintf(why, why_size, "--disk needs FILE or FILE,ro");
		return DISK_BAD_SPEC;
	}
	return disk_open(d, why, why_size);
}
