/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>
#include <tess/posix-fs.h>
#include <tess/posix-process.h>
#include <tess/test.h>

#define O_RDONLY TESS_O_RDONLY
#define O_WRONLY TESS_O_WRONLY
#define O_RDWR	 TESS_O_RDWR
#define O_CREAT	 TESS_O_CREAT

TESS_TEST(posix_fs, console_descriptors)
{
	struct tess_stat st;
	char c;

	EXPECT_EQ(tess_sys_fstat(1, &st), 0);
	EXPECT_TRUE(TESS_S_ISTYPE(st.mode, TESS_S_IFCHR));
	EXPECT_EQ(tess_sys_read(1, &c, 1), -EBADF);
	EXPECT_EQ(tess_sys_write(0, "x", 1), -EBADF);
	EXPECT_EQ(tess_sys_lseek(1, 0, 0), -ESPIPE);
	EXPECT_EQ(tess_sys_write(2, "", 0), 0);
	EXPECT_EQ(tess_sys_read(0, &c, 1), 0);
}

TESS_TEST(posix_fs, bad_descriptors)
{
	char c;

	EXPECT_EQ(tess_sys_read(-1, &c, 1), -EBADF);
	EXPECT_EQ(tess_sys_write(999, &c, 1), -EBADF);
	EXPECT_EQ(tess_sys_close(999), -EBADF);
	EXPECT_EQ(tess_sys_dup(-5), -EBADF);
	EXPECT_EQ(tess_sys_dup2(1, -1), -EBADF);
	EXPECT_EQ(tess_sys_dup3(1, 1, 0), -EINVAL);
	EXPECT_EQ(tess_sys_dup2(1, 1), 1);
	EXPECT_EQ(tess_sys_fcntl(1, 12345, 0), -EINVAL);
}

static int root_available(void)
{
	struct tess_stat st;

	return tess_sys_stat("/", &st) == 0;
}

TESS_TEST(posix_fs, dup_shares_the_offset)
{
	char buf[8] = {0};
	int fd, fd2;

	if (!root_available())
		return;
	fd = (int)tess_sys_open("/dup_test", O_RDWR | O_CREAT, 0644);
	ASSERT_GE(fd, 3);
	EXPECT_EQ(tess_sys_write(fd, "abcdef", 6), 6);
	fd2 = (int)tess_sys_dup(fd);
	ASSERT_GT(fd2, fd);
	EXPECT_EQ(tess_sys_lseek(fd2, 2, 0), 2);
	EXPECT_EQ(tess_sys_read(fd, buf, 2), 2);
	EXPECT_STREQ(buf, "cd");
	EXPECT_EQ(tess_sys_lseek(fd, 0, 1), 4);
	EXPECT_EQ(tess_sys_fcntl(fd2, 1 /* F_GETFD */, 0), 0);
	EXPECT_EQ(tess_sys_fcntl(fd2, 2 /* F_SETFD */, 1), 0);
	EXPECT_EQ(tess_sys_fcntl(fd2, 1, 0), 1);
	EXPECT_EQ(tess_sys_fcntl(fd, 1, 0), 0);
	EXPECT_EQ(tess_sys_close(fd2), 0);
	EXPECT_EQ(tess_sys_close(fd), 0);
	EXPECT_EQ(tess_sys_unlink("/dup_test"), 0);
}

TESS_TEST(posix_fs, paths_and_errors)
{
	char cwd[64];
	int fd;

	if (!root_available())
		return;
	EXPECT_EQ(tess_sys_mkdir("/pt", 0755), 0);
	EXPECT_EQ(tess_sys_mkdir("/pt", 0755), -EEXIST);
	EXPECT_EQ(tess_sys_mkdir("/", 0755), -EEXIST);
	EXPECT_EQ(tess_sys_mkdir("/pt/a/b", 0755), -ENOENT);
	fd = (int)tess_sys_open("/pt/f", O_WRONLY | O_CREAT, 0600);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(tess_sys_close(fd), 0);
	EXPECT_EQ(tess_sys_open("/pt/f/", O_RDONLY, 0), -ENOTDIR);
	EXPECT_EQ(tess_sys_open("/pt/f/x", O_RDONLY, 0), -ENOTDIR);
	EXPECT_EQ(tess_sys_open("/pt", O_WRONLY, 0), -EISDIR);
	EXPECT_EQ(tess_sys_open("/pt/f", O_CREAT | TESS_O_EXCL, 0), -EEXIST);
	EXPECT_EQ(tess_sys_rmdir("/pt"), -ENOTEMPTY);
	EXPECT_EQ(tess_sys_unlink("/pt"), -EISDIR);
	EXPECT_EQ(tess_sys_rmdir("/pt/f"), -ENOTDIR);
	EXPECT_EQ(tess_sys_symlink("loop2", "/pt/loop1"), 0);
	EXPECT_EQ(tess_sys_symlink("loop1", "/pt/loop2"), 0);
	EXPECT_EQ(tess_sys_open("/pt/loop1", O_RDONLY, 0), -ELOOP);
	EXPECT_EQ(tess_sys_symlink("f", "/pt/lf"), 0);
	EXPECT_EQ(tess_sys_open("/pt/lf", O_RDONLY | TESS_O_NOFOLLOW, 0),
		  -ELOOP);
	EXPECT_EQ(tess_sys_rename("/pt", "/pt/sub"), -EINVAL);
	EXPECT_EQ(tess_sys_chdir("/pt/f"), -ENOTDIR);
	EXPECT_EQ(tess_sys_chdir("/pt"), 0);
	EXPECT_EQ(tess_sys_getcwd(cwd, sizeof(cwd)), 4);
	EXPECT_STREQ(cwd, "/pt");
	EXPECT_EQ(tess_sys_getcwd(cwd, 3), -ERANGE);
	EXPECT_EQ(tess_sys_unlink("loop1"), 0);
	EXPECT_EQ(tess_sys_unlink("loop2"), 0);
	EXPECT_EQ(tess_sys_unlink("lf"), 0);
	EXPECT_EQ(tess_sys_unlink("f"), 0);
	EXPECT_EQ(tess_sys_chdir(".."), 0);
	EXPECT_EQ(tess_sys_rmdir("/pt"), 0);
	EXPECT_EQ(tess_sys_getcwd(cwd, sizeof(cwd)), 2);
	EXPECT_STREQ(cwd, "/");
}

TESS_TEST(posix_fs, descriptor_limit)
{
	struct tess_rlimit old, low = {16, 16};
	int fds[32], n = 0, last;

	ASSERT_EQ(tess_sys_getrlimit(7, &old), 0);
	ASSERT_EQ(tess_sys_setrlimit(7, &low), 0);
	while (n < 32 && (last = (int)tess_sys_dup(1)) >= 0)
		fds[n++] = last;
	EXPECT_EQ(last, -EMFILE);
	EXPECT_LT(n, 16);
	EXPECT_EQ(tess_sys_fcntl(1, 0 /* F_DUPFD */, 16), -EINVAL);
	while (n > 0)
		EXPECT_EQ(tess_sys_close(fds[--n]), 0);
	ASSERT_EQ(tess_sys_setrlimit(7, &old), 0);
}
