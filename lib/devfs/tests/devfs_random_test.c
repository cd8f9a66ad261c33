/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of /dev/random and /dev/urandom (with lib/random). */
#include <errno.h>
#include <string.h>
#include <tess/test.h>
#include <tess/vfs.h>

static long read_node(const char *path, void *buf, size_t len,
		      struct tess_stat *st)
{
	struct tess_vfs_path p;
	struct tess_iovec iov = {buf, len};
	long n;

	if (tess_vfs_lookup(TESS_AT_FDCWD, path, 0, &p))
		return -ENOENT;
	p.vn->ops->getattr(p.vn, st);
	n = p.vn->ops->read(p.vn, &iov, 1, 0, false);
	tess_vfs_path_put(&p);
	return n;
}

TESS_TEST(devfs_random, random_and_urandom_give_fresh_bytes)
{
	static const char *const paths[] = {"/dev/random", "/dev/urandom"};
	unsigned char a[64], b[64], zero[64] = {0};
	struct tess_stat st;

	for (int i = 0; i < 2; i++) {
		ASSERT_EQ(read_node(paths[i], a, sizeof(a), &st), 64);
		EXPECT_EQ_U(st.rdev, 0x108 + i);
		EXPECT_TRUE(TESS_S_ISTYPE(st.mode, TESS_S_IFCHR));
		ASSERT_EQ(read_node(paths[i], b, sizeof(b), &st), 64);
		EXPECT_NE(memcmp(a, b, sizeof(a)), 0);
		EXPECT_NE(memcmp(a, zero, sizeof(a)), 0);
	}
}
