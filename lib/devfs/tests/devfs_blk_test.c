/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of devfs's block device nodes on ram0 (drivers/block/ramblk):
 * reads and writes at unaligned offsets and lengths through iovecs touch
 * exactly the bytes asked for, across sectors and the 64 KiB rounds;
 * the end of the disk; size, fsync and ioctls. What the tests write is
 * put back, for the tests of ramblk.
 */
#include <errno.h>
#include <string.h>
#include <tess/blkdev.h>
#include <tess/test.h>
#include <tess/vfs.h>

#define SPAN (3 * 65536) /* the part of ram0 the tests change */

static unsigned char saved[SPAN], disk[SPAN], back[SPAN];

/* /dev/ram0 (a reference) and its device, or NULL when the image has no
 * RAM disk. */
static struct tess_vnode *ram0(struct tess_blkdev **d)
{
	struct tess_vfs_path p;

	*d = tess_blkdev_find("ram0");
	if (!*d || tess_vfs_lookup(TESS_AT_FDCWD, "/dev/ram0", 0, &p))
		return NULL;
	return p.vn;
}

static long node_rw(struct tess_vnode *vn, bool write, void *buf, size_t len,
		    uint64_t offset)
{
	struct tess_iovec iov = {buf, len};

	return write ? vn->ops->write(vn, &iov, 1, offset, false)
		     : vn->ops->read(vn, &iov, 1, offset, false);
}

TESS_TEST(devfs_blk, unaligned_io_touches_exactly_its_bytes)
{
	struct tess_blkdev *d;
	struct tess_vnode *vn = ram0(&d);
	const struct tess_blkdev_info *info;
	unsigned char *p;
	uint32_t ss;

	if (!vn) {
		EXPECT_NULL(d); /* a RAM disk but no node: wrong */
		return;
	}
	info = tess_blkdev_info(d);
	ss = info->sector_size;
	ASSERT_GE_U(info->sectors * ss, SPAN);
	ASSERT_EQ(tess_blkdev_read(d, 0, SPAN / ss, saved), 0);

	/* Inside a sector, across sectors, across a 64 KiB round. */
	for (size_t i = 0; i < SPAN; i++)
		disk[i] = (unsigned char)(i * 13 + 1);
	ASSERT_EQ(tess_blkdev_write(d, 0, SPAN / ss, disk), 0);
	EXPECT_EQ(node_rw(vn, true, (void *)"abc", 3, 5), 3);
	memcpy(disk + 5, "abc", 3);
	p = back;
	memset(p, 0x77, 3000);
	EXPECT_EQ(node_rw(vn, true, p, 3000, ss - 100), 3000);
	memset(disk + ss - 100, 0x77, 3000);
	{
		/* Three iovecs over the boundary at 64 KiB. */
		struct tess_iovec iov[3] = {
			{back, 700}, {back + 700, 1}, {back + 701, 699}};

		memset(back, 0x99, 1400);
		EXPECT_EQ(vn->ops->write(vn, iov, 3, 65536 - 700, false), 1400);
		memset(disk + 65536 - 700, 0x99, 1400);
	}
	EXPECT_EQ(tess_blkdev_read(d, 0, SPAN / ss, back), 0);
	EXPECT_EQ(memcmp(back, disk, SPAN), 0);
	/* And reads at odd places give the same bytes. */
	memset(back, 0, SPAN);
	EXPECT_EQ(node_rw(vn, false, back, SPAN - 3, 3), SPAN - 3);
	EXPECT_EQ(memcmp(back, disk + 3, SPAN - 3), 0);
	EXPECT_EQ(node_rw(vn, false, back, 1, 65535), 1);
	EXPECT_EQ(back[0], disk[65535]);

	ASSERT_EQ(tess_blkdev_write(d, 0, SPAN / ss, saved), 0);
	tess_vnode_put(vn);
}

TESS_TEST(devfs_blk, the_end_of_the_disk_and_its_attributes)
{
	struct tess_blkdev *d;
	struct tess_vnode *vn = ram0(&d);
	const struct tess_blkdev_info *info;
	unsigned char buf[1024], keep[2048];
	uint64_t size, got64 = 0;
	unsigned long sectors = 0;
	struct tess_stat st;
	int ssz = 0;

	if (!vn)
		return;
	info = tess_blkdev_info(d);
	size = info->sectors * info->sector_size;
	ASSERT_EQ(vn->ops->getattr(vn, &st), 0);
	EXPECT_TRUE(TESS_S_ISTYPE(st.mode, TESS_S_IFBLK));
	EXPECT_EQ_U(st.size, size);
	EXPECT_EQ_U(st.rdev >> 8, 259);
	EXPECT_EQ(vn->ops->ioctl(vn, 0x80081272 /* BLKGETSIZE64 */,
				 (unsigned long)&got64),
		  0);
	EXPECT_EQ_U(got64, size);
	EXPECT_EQ(vn->ops->ioctl(vn, 0x1260 /* BLKGETSIZE */,
				 (unsigned long)&sectors),
		  0);
	EXPECT_EQ_U(sectors, size / 512);
	EXPECT_EQ(
		vn->ops->ioctl(vn, 0x1268 /* BLKSSZGET */, (unsigned long)&ssz),
		0);
	EXPECT_EQ(ssz, (int)info->sector_size);
	EXPECT_EQ(vn->ops->ioctl(vn, 0x5401, 0), -ENOTTY);
	EXPECT_EQ(vn->ops->fsync(vn, false), 0);

	/* At the end: reads 0, writes -ENOSPC; across it: short. */
	EXPECT_EQ(node_rw(vn, false, buf, sizeof(buf), size), 0);
	EXPECT_EQ(node_rw(vn, true, buf, sizeof(buf), size), -ENOSPC);
	ASSERT_EQ(node_rw(vn, false, keep, sizeof(keep), size - sizeof(keep)),
		  (long)sizeof(keep));
	memset(buf, 0x42, sizeof(buf));
	EXPECT_EQ(node_rw(vn, true, buf, sizeof(buf), size - 300), 300);
	EXPECT_EQ(node_rw(vn, false, buf, sizeof(buf), size - 10), 10);
	EXPECT_EQ(buf[9], 0x42);
	EXPECT_EQ(node_rw(vn, true, keep, sizeof(keep), size - sizeof(keep)),
		  (long)sizeof(keep));
	tess_vnode_put(vn);
}
