/* SPDX-License-Identifier: BSD-3-Clause */
/* The system call table: dispatch by number, -ENOSYS for the rest, names. */
#include <errno.h>
#include <string.h>
#include <tess/syscall.h>
#include <tess/test.h>

/* afs_syscall (183) is a number Linux itself leaves unimplemented: safe
 * for a test to claim. */
TESS_SYSCALL_DEFINE6(afs_syscall, long, a, long, b, long, c, long, d, long, e,
		     long, f)
{
	return a + 10 * b + 100 * c + 1000 * d + 10000 * e + 100000 * f;
}

TESS_TEST(syscall, a_defined_call_is_reached_by_number_with_all_six_arguments)
{
	EXPECT_EQ(tess_syscall(TESS_SYS_afs_syscall, 1, 2, 3, 4, 5, 6), 654321);
	EXPECT_EQ(tess_sys_afs_syscall(6, 5, 4, 3, 2, 1), 123456);
	EXPECT_TRUE(tess_syscall_table[TESS_SYS_afs_syscall] != NULL);
}

TESS_TEST(syscall, unimplemented_and_out_of_range_numbers_are_enosys)
{
	EXPECT_EQ(tess_syscall(TESS_SYS_tuxcall, 0, 0, 0, 0, 0, 0), -ENOSYS);
	/* Asked twice: still -ENOSYS (logged only the first time). */
	EXPECT_EQ(tess_syscall(TESS_SYS_tuxcall, 0, 0, 0, 0, 0, 0), -ENOSYS);
	EXPECT_EQ(tess_syscall(TESS_SYSCALL_MAX, 0, 0, 0, 0, 0, 0), -ENOSYS);
	EXPECT_EQ(tess_syscall(-1, 0, 0, 0, 0, 0, 0), -ENOSYS);
	EXPECT_EQ(tess_syscall_missing(TESS_SYS_tuxcall), -ENOSYS);
}

TESS_TEST(syscall, numbers_have_linux_names)
{
	EXPECT_TRUE(strcmp(tess_syscall_name(0), "read") == 0);
	EXPECT_TRUE(strcmp(tess_syscall_name(TESS_SYS_exit_group), "exit_group") == 0);
	EXPECT_EQ(TESS_SYS_write, 1);
	EXPECT_EQ(TESS_SYS_getpid, 39);
	EXPECT_NULL(tess_syscall_name(-5));
	EXPECT_NULL(tess_syscall_name(TESS_SYSCALL_MAX));
}
