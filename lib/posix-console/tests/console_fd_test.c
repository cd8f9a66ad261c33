/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-console: fds 1 and 2 write to the console, 0 is at end of file. */
#include <errno.h>
#include <tess/posix-console.h>
#include <tess/syscall.h>
#include <tess/test.h>

TESS_TEST(posix_console, writes_to_stdout_and_stderr_return_their_length)
{
	static const char line[] = "posix-console test: write\n";
	struct tess_iovec iov[3] = {
		{ (void *)"posix-console ", 14 }, { NULL, 0 }, { (void *)"test: writev\n", 13 },
	};

	EXPECT_EQ(tess_syscall(TESS_SYS_write, 1, (long)line, sizeof(line) - 1, 0, 0, 0),
		  (long)sizeof(line) - 1);
	EXPECT_EQ(tess_sys_writev(2, iov, 3), 27);
	EXPECT_EQ(tess_sys_write(1, line, 0), 0);
}

TESS_TEST(posix_console, stdin_is_at_end_of_file_and_other_fds_are_bad)
{
	char buf[8];

	EXPECT_EQ(tess_sys_read(0, buf, sizeof(buf)), 0);
	EXPECT_EQ(tess_sys_read(1, buf, sizeof(buf)), -EBADF);
	EXPECT_EQ(tess_sys_write(0, buf, 1), -EBADF);
	EXPECT_EQ(tess_sys_write(3, buf, 1), -EBADF);
	EXPECT_EQ(tess_sys_write(-1, buf, 1), -EBADF);
	EXPECT_EQ(tess_sys_write(1, NULL, 1), -EFAULT);
	EXPECT_EQ(tess_sys_writev(1, NULL, -1), -EINVAL);
	EXPECT_EQ(tess_sys_writev(1, NULL, TESS_IOV_MAX + 1), -EINVAL);
	EXPECT_EQ(tess_sys_ioctl(1, 0x5413 /* TIOCGWINSZ */, 0), -ENOTTY);
	EXPECT_EQ(tess_sys_ioctl(7, 0x5413, 0), -EBADF);
	EXPECT_EQ(tess_sys_lseek(1, 0, 0), -ESPIPE);
	EXPECT_EQ(tess_sys_close(9), -EBADF);
}
