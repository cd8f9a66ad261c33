/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Disks of a linuxu image: host files that tess run --disk opened,
 * checked and locked (the same refusals as under tess-vmm) and passed
 * as descriptors, named by the library option linuxu-blk.fd=FD[,ro], one
 * per disk, in order: vda, vdb, ... as under tess-vmm. Each request is
 * carried out at once with the host's pread, pwrite and fdatasync.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tess/blkdev_driver.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/linuxu_host.h>

#define SYS_pread64   17
#define SYS_pwrite64  18
#define SYS_lseek     8
#define SYS_fdatasync 75
#define SEEK_END      2
#define SECTOR	      512
#define DISKS_MAX     8

struct host_disk {
	int fd;
	bool read_only;
};

static struct host_disk disks[DISKS_MAX];
static unsigned int disk_count;

static int fd_param(const char *value)
{
	char *end;
	long fd = strtol(value, &end, 10);

	if (disk_count == DISKS_MAX) {
		tess_pr_err("linuxu-blk.fd=%s: at most %d disks", value,
			    DISKS_MAX);
		return -E2BIG;
	}
	if (end == value || fd < 0 || fd > 65535 ||
	    (*end && strcmp(end, ",ro") != 0)) {
		tess_pr_err("linuxu-blk.fd=%s: needs a descriptor number, "
			    "then ,ro for a read-only disk",
			    value);
		return -EINVAL;
	}
	disks[disk_count].fd = (int)fd;
	disks[disk_count++].read_only = *end != '\0';
	return 0;
}
TESS_PARAM(linuxu_blk_fd, "linuxu-blk.fd", fd_param,
	   "a host file descriptor as a disk, FD or FD,ro (tess run --disk "
	   "passes them)");

/* Whole transfers: a short one goes on where it stopped. */
static long transfer(long nr, int fd, char *buf, uint64_t len, uint64_t at)
{
	while (len) {
		long n = tess_linuxu_host_call(nr, fd, (long)buf, (long)len,
					       (long)at, 0, 0);

		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		if (n == 0) {
			if (nr == SYS_pwrite64)
				return -EIO;
			memset(buf, 0, len); /* the file shrank: zeros */
			return 0;
		}
		buf += n, len -= (uint64_t)n, at += (uint64_t)n;
	}
	return 0;
}

static int host_submit(struct tess_blkdev *d, struct tess_blk_req *req)
{
	struct host_disk *disk = tess_blkdev_priv(d);
	uint64_t at = req->sector * SECTOR, len = (uint64_t)req->count * SECTOR;
	long err;

	if (req->op == TESS_BLK_FLUSH)
		err = tess_linuxu_host_call(SYS_fdatasync, disk->fd, 0, 0, 0, 0,
					    0);
	else
		err = transfer(req->op == TESS_BLK_READ ? SYS_pread64
							: SYS_pwrite64,
			       disk->fd, req->buf, len, at);
	tess_blkdev_complete(d, req, err < 0 ? -EIO : 0);
	return 0;
}

static const struct tess_blkdev_ops host_ops = {.submit = host_submit};

static int linuxu_blk_init(void)
{
	for (unsigned int i = 0; i < disk_count; i++) {
		struct tess_blkdev_info info = {.sector_size = SECTOR};
		long size = tess_linuxu_host_call(SYS_lseek, disks[i].fd, 0,
						  SEEK_END, 0, 0, 0);
		char name[8];
		int err;

		if (size < 0) {
			tess_pr_err("linuxu-blk.fd=%d: not an open file (error "
				    "%ld)",
				    disks[i].fd, size);
			return (int)size;
		}
		snprintf(name, sizeof(name), "vd%c", 'a' + i);
		info.name = name;
		info.sectors = (uint64_t)size / SECTOR;
		info.read_only = disks[i].read_only;
		err = tess_blkdev_register(&info, &host_ops, &disks[i], NULL);
		if (err)
			return err;
	}
	return 0;
}
TESS_INIT(linuxu_blk_init, TESS_INIT_BUS);
