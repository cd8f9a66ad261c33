/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of devfs: /dev mounted at boot with the standard nodes, their
 * Linux device numbers, what null, zero, full and the console do, a
 * directory nothing can be added to, and a second mount's life.
 */
#include <errno.h>
#include <string.h>
#include <tess/plat/console.h>
#include <tess/test.h>
#include <tess/test_util.h>
#include <tess/vfs.h>

#include "../devfs_impl.h"

/* The node at path (a reference), or NULL. */
static struct tess_vnode *node_get(const char *path)
{
	struct tess_vfs_path p;

	if (tess_vfs_lookup(TESS_AT_FDCWD, path, 0, &p))
		return NULL;
	return p.vn;
}

static struct tess_stat stat_of(const char *path)
{
	struct tess_vnode *vn = node_get(path);
	struct tess_stat st;

	memset(&st, 0, sizeof(st));
	if (vn) {
		vn->ops->getattr(vn, &st);
		tess_vnode_put(vn);
	}
	return st;
}

static long rw(const char *path, bool write, void *buf, size_t len)
{
	struct tess_vnode *vn = node_get(path);
	struct tess_iovec iov = {buf, len};
	long n;

	if (!vn)
		return -ENOENT;
	n = write ? vn->ops->write(vn, &iov, 1, 0, false)
		  : vn->ops->read(vn, &iov, 1, 0, false);
	tess_vnode_put(vn);
	return n;
}

struct names {
	char buf[512];
	size_t used;
};

static int collect(void *ctx, const char *name, size_t len, uint64_t ino,
		   unsigned dtype, uint64_t next_cookie)
{
	struct names *n = ctx;

	(void)ino, (void)dtype, (void)next_cookie;
	if (n->used + len + 2 > sizeof(n->buf))
		return 1;
	n->buf[n->used++] = ' ';
	memcpy(n->buf + n->used, name, len);
	n->used += len;
	n->buf[n->used] = '\0';
	return 0;
}

TESS_TEST(devfs, dev_is_mounted_with_the_standard_nodes)
{
	struct tess_vnode *dev = node_get("/dev");
	struct names n = {.used = 0};
	uint64_t cookie = 0;

	ASSERT_NOT_NULL(dev);
	EXPECT_EQ_U(stat_of("/dev").mode, TESS_S_IFDIR | 0755);
	EXPECT_EQ(dev->ops->readdir(dev, &cookie, collect, &n), 0);
	tess_vnode_put(dev);
	/* ".", "..", then the nodes in registration order. */
	EXPECT_EQ(strncmp(n.buf, " . .. null zero full tty console", 32), 0);
}

TESS_TEST(devfs, nodes_carry_linux_device_numbers)
{
	static const struct {
		const char *path;
		uint64_t rdev;
	} nodes[] = {
		{"/dev/null", 0x103},	 {"/dev/zero", 0x105},
		{"/dev/full", 0x107},	 {"/dev/tty", 0x500},
		{"/dev/console", 0x501},
	};

	for (size_t i = 0; i < TESS_ARRAY_SIZE(nodes); i++) {
		struct tess_stat st = stat_of(nodes[i].path);

		EXPECT_TRUE(TESS_S_ISTYPE(st.mode, TESS_S_IFCHR));
		EXPECT_EQ_U(st.rdev, nodes[i].rdev);
		EXPECT_EQ(st.nlink, 1);
	}
	/* Linux's new_encode_dev for minors past 255 and large majors. */
	EXPECT_EQ_U(DEVFS_RDEV(259, 0x1234), 0x1210334);
	EXPECT_EQ_U(DEVFS_RDEV(8, 16), 0x810);
}

TESS_TEST(devfs, null_zero_and_full_behave_as_on_linux)
{
	char buf[64];
	char a[3], b[5];
	struct tess_iovec iov[2] = {{a, 3}, {b, 5}};
	struct tess_vnode *zero = node_get("/dev/zero");

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(rw("/dev/null", false, buf, sizeof(buf)), 0);
	EXPECT_EQ(rw("/dev/null", true, buf, sizeof(buf)), 64);
	EXPECT_EQ(rw("/dev/zero", true, buf, sizeof(buf)), 64);
	EXPECT_EQ(rw("/dev/zero", false, buf, sizeof(buf)), 64);
	EXPECT_EQ(buf[0] | buf[63], 0);
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(rw("/dev/full", false, buf, 10), 10);
	EXPECT_EQ(buf[9], 0);
	EXPECT_EQ(buf[10], 'x');
	EXPECT_EQ(rw("/dev/full", true, buf, 1), -ENOSPC);
	EXPECT_EQ(rw("/dev/full", true, buf, 0), 0);
	/* Scattered, and checked. */
	ASSERT_NOT_NULL(zero);
	memset(a, 1, sizeof(a));
	memset(b, 1, sizeof(b));
	EXPECT_EQ(zero->ops->read(zero, iov, 2, 0, false), 8);
	EXPECT_EQ(a[2] | b[4], 0);
	iov[1].base = NULL;
	EXPECT_EQ(zero->ops->read(zero, iov, 2, 0, false), -EFAULT);
	EXPECT_EQ(zero->ops->read(zero, iov, -1, 0, false), -EINVAL);
	EXPECT_EQ(zero->ops->ioctl(zero, 0x5401, 0), -ENOTTY);
	tess_vnode_put(zero);
}

TESS_TEST(devfs, the_console_writes_out_and_reads_end_of_file)
{
	static const char line[] = "devfs: a line through /dev/console\n";
	struct tess_vnode *con = node_get("/dev/console");
	unsigned short rows, cols;
	unsigned char termios[60];
	unsigned short winsize[4];
	bool tty = tess_plat_console_tty(TESS_PLAT_CONSOLE_OUT, &rows, &cols);
	char c = 0;

	ASSERT_NOT_NULL(con);
	EXPECT_EQ(rw("/dev/console", true, (void *)line, sizeof(line) - 1),
		  (long)sizeof(line) - 1);
	EXPECT_EQ(rw("/dev/tty", false, &c, 1), 0);
	EXPECT_EQ(con->ops->ioctl(con, 0x5401 /* TCGETS */,
				  (unsigned long)termios),
		  tty ? 0 : -ENOTTY);
	EXPECT_EQ(con->ops->ioctl(con, 0x5413 /* TIOCGWINSZ */,
				  (unsigned long)winsize),
		  tty ? 0 : -ENOTTY);
	if (tty)
		EXPECT_EQ(winsize[0], rows);
	EXPECT_EQ(con->ops->ioctl(con, 0x1234, 0), -ENOTTY);
	tess_vnode_put(con);
}

TESS_TEST(devfs, the_directory_takes_no_new_names)
{
	struct tess_vnode *dev = node_get("/dev"), *vn = NULL;
	struct tess_vfs_attr a = {.mask = TESS_VFS_ATTR_MODE, .mode = 0600};

	ASSERT_NOT_NULL(dev);
	EXPECT_NULL(dev->ops->create);
	EXPECT_NULL(dev->ops->mkdir);
	EXPECT_NULL(dev->ops->unlink);
	EXPECT_NULL(dev->ops->rename);
	tess_vfs_ns_lock();
	EXPECT_EQ(dev->ops->lookup(dev, "nothing", 7, &vn), -ENOENT);
	EXPECT_EQ(dev->ops->lookup(dev, "nul", 3, &vn), -ENOENT);
	EXPECT_EQ(dev->ops->lookup(dev, "..", 2, &vn), 0);
	EXPECT_TRUE(vn == dev);
	tess_vnode_put_locked(vn);
	tess_vfs_ns_unlock();
	tess_vnode_put(dev);
	/* chmod is kept, the type with it. */
	vn = node_get("/dev/null");
	ASSERT_NOT_NULL(vn);
	EXPECT_EQ(vn->ops->setattr(vn, &a), 0);
	EXPECT_EQ_U(stat_of("/dev/null").mode, TESS_S_IFCHR | 0600);
	a.mode = 0666;
	EXPECT_EQ(vn->ops->setattr(vn, &a), 0);
	EXPECT_EQ_U(stat_of("/dev/null").mode, TESS_S_IFCHR | 0666);
	tess_vnode_put(vn);
}

TESS_TEST(devfs, a_second_mount_lives_and_goes)
{
	enum tess_log_level level;
	struct tess_vfs_path p;
	struct tess_vnode *null;
	int err;

	/* A directory for it in the root. */
	tess_vfs_ns_lock();
	err = tess_vfs_lookup(TESS_AT_FDCWD, "/devfs-test",
			      TESS_VFS_LOOKUP_PARENT, &p);
	if (!err) {
		err = p.vn ? 0 : p.dir->ops->mkdir(p.dir, p.name, p.len, 0755);
		tess_vfs_path_put(&p);
	}
	tess_vfs_ns_unlock();
	ASSERT_EQ(err, 0);
	level = tess_test_log_quiet();
	EXPECT_EQ(tess_vfs_mount("", "/devfs-test", "devfs", 0, "x=1"),
		  -EINVAL);
	tess_test_log_restore(level);
	ASSERT_EQ(tess_vfs_mount("", "/devfs-test", "devfs", 0, ""), 0);
	null = node_get("/devfs-test/null");
	ASSERT_NOT_NULL(null);
	EXPECT_EQ_U(stat_of("/devfs-test/zero").rdev, 0x105);
	EXPECT_NE_U(stat_of("/devfs-test/zero").dev, stat_of("/dev/zero").dev);
	EXPECT_EQ(tess_vfs_umount("/devfs-test"), -EBUSY);
	tess_vnode_put(null);
	EXPECT_EQ(tess_vfs_umount("/devfs-test"), 0);
	EXPECT_EQ(stat_of("/devfs-test/null").ino, 0);
}
