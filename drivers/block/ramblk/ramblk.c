/* SPDX-License-Identifier: BSD-3-Clause */
/* A disk in memory: ram0, 512-byte sectors in heap pages, each request
 * done at once in the submitting context. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/blkdev_driver.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/memory.h>

#define SECTOR 512

/* ramblk.size=SIZE, else the Kconfig size; set before any init. */
static unsigned long size_bytes = CONFIG_TESS_RAMBLK_KIB * 1024UL;

static int size_param(const char *value)
{
	unsigned long size;
	int err = tess_param_parse_size(value, &size);

	if (err)
		return err;
	if (size < 4096 || size > (4UL << 30)) {
		tess_pr_err("ramblk.size=%s: must be between 4K and 4G", value);
		return -ERANGE;
	}
	size_bytes = TESS_ALIGN_UP(size, (unsigned long)TESS_PAGE_SIZE);
	return 0;
}
TESS_PARAM(ramblk_size, "ramblk.size", size_param,
	   "size of the RAM disk ram0, e.g. 16M (default from Kconfig)");

static int ram_submit(struct tess_blkdev *d, struct tess_blk_req *req)
{
	char *disk = tess_blkdev_priv(d);
	size_t at = (size_t)req->sector * SECTOR;
	size_t len = (size_t)req->count * SECTOR;

	/* lib/blkdev checked the range. */
	if (req->op == TESS_BLK_READ)
		memcpy(req->buf, disk + at, len);
	else if (req->op == TESS_BLK_WRITE)
		memcpy(disk + at, req->buf, len);
	tess_blkdev_complete(d, req, 0);
	return 0;
}

static const struct tess_blkdev_ops ram_ops = {.submit = ram_submit};

static int ramblk_init(void)
{
	struct tess_blkdev_info info = {"ram0", size_bytes / SECTOR, SECTOR,
					false};
	size_t pages = size_bytes / TESS_PAGE_SIZE;
	char *disk = tess_palloc(tess_alloc_default(), pages);
	int err;

	if (!disk) {
		tess_pr_err("ram0: no %lu KiB for the disk", size_bytes >> 10);
		return -ENOMEM;
	}
	memset(disk, 0, size_bytes);
	err = tess_blkdev_register(&info, &ram_ops, disk, NULL);
	if (err)
		tess_pfree(tess_alloc_default(), disk, pages);
	return err;
}
TESS_INIT(ramblk_init, TESS_INIT_BUS);
