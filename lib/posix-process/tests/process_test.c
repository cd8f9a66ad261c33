/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-process: identity, uname, limits, self-sent signals, arch_prctl, getrandom. */
#include <errno.h>
#include <string.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>
#include <tess/test.h>

TESS_TEST(posix_process, one_process_pid_1_root)
{
	EXPECT_EQ(tess_syscall(TESS_SYS_getpid, 0, 0, 0, 0, 0, 0), 1);
	EXPECT_EQ(tess_sys_getppid(), 0);
	EXPECT_EQ(tess_sys_getuid() + tess_sys_geteuid() + tess_sys_getgid() +
			  tess_sys_getegid(),
		  0);
}

TESS_TEST(posix_process, uname_names_tessera_on_x86_64)
{
	struct tess_utsname u;

	memset(&u, 0x7f, sizeof(u));
	ASSERT_EQ(tess_syscall(TESS_SYS_uname, (long)&u, 0, 0, 0, 0, 0), 0);
	EXPECT_TRUE(strcmp(u.sysname, "Tessera") == 0);
	EXPECT_TRUE(strcmp(u.machine, "x86_64") == 0);
	EXPECT_EQ(u.domainname[64], 0);
	EXPECT_EQ(tess_sys_uname(NULL), -EFAULT);
}

TESS_TEST(posix_process, limits_are_kept_and_checked)
{
	struct tess_rlimit r, old, bad = { 10, 5 }, low = { 100, 200 };

	ASSERT_EQ(tess_sys_getrlimit(7 /* NOFILE */, &r), 0);
	EXPECT_EQ_U(r.cur, 1024);
	ASSERT_EQ(tess_sys_prlimit64(0, 7, &low, &old), 0);
	EXPECT_EQ_U(old.cur, 1024);
	ASSERT_EQ(tess_sys_getrlimit(7, &r), 0);
	EXPECT_EQ_U(r.cur, 100);
	EXPECT_EQ(tess_sys_setrlimit(7, &bad), -EINVAL);
	EXPECT_EQ(tess_sys_getrlimit(99, &r), -EINVAL);
	EXPECT_EQ(tess_sys_prlimit64(42, 7, NULL, &r), -ESRCH);
	ASSERT_EQ(tess_sys_setrlimit(7, &old), 0);
}

static volatile int handled_signal, handled_count;

static void on_signal(int sig)
{
	handled_signal = sig;
	handled_count++;
}

TESS_TEST(posix_process, a_raised_signal_runs_its_handler_or_waits_while_blocked)
{
	struct tess_kernel_sigaction act = { .handler = (void *)on_signal }, old;
	uint64_t usr1 = 1ULL << (10 - 1), none = 0;

	ASSERT_EQ(tess_sys_rt_sigaction(10 /* SIGUSR1 */, &act, &old, 8), 0);
	handled_count = 0;
	EXPECT_EQ(tess_sys_tkill(1, 10), 0);
	EXPECT_EQ(handled_count, 1);
	EXPECT_EQ(handled_signal, 10);
	/* Blocked: pending until unblocked, then delivered once. */
	ASSERT_EQ(tess_sys_rt_sigprocmask(0 /* SIG_BLOCK */, &usr1, NULL, 8), 0);
	EXPECT_EQ(tess_sys_kill(1, 10), 0);
	EXPECT_EQ(tess_sys_kill(1, 10), 0);
	EXPECT_EQ(handled_count, 1);
	ASSERT_EQ(tess_sys_rt_sigprocmask(2 /* SIG_SETMASK */, &none, NULL, 8), 0);
	EXPECT_EQ(handled_count, 2);
	/* Ignored: nothing happens. */
	act.handler = (void *)1;
	ASSERT_EQ(tess_sys_rt_sigaction(10, &act, NULL, 8), 0);
	EXPECT_EQ(tess_sys_tgkill(1, 1, 10), 0);
	EXPECT_EQ(handled_count, 2);
	ASSERT_EQ(tess_sys_rt_sigaction(10, &old, NULL, 8), 0);
}

TESS_TEST(posix_process, bad_signal_requests_are_refused)
{
	struct tess_kernel_sigaction act = { .handler = (void *)on_signal };

	EXPECT_EQ(tess_sys_rt_sigaction(9 /* SIGKILL */, &act, NULL, 8), -EINVAL);
	EXPECT_EQ(tess_sys_rt_sigaction(65, &act, NULL, 8), -EINVAL);
	EXPECT_EQ(tess_sys_rt_sigaction(10, &act, NULL, 4), -EINVAL);
	EXPECT_EQ(tess_sys_kill(2, 10), -ESRCH);
	EXPECT_EQ(tess_sys_kill(1, 0), 0); /* existence check */
	EXPECT_EQ(tess_sys_kill(1, 99), -EINVAL);
	EXPECT_EQ(tess_sys_rt_sigprocmask(7, &(uint64_t){ 0 }, NULL, 8), -EINVAL);
}

TESS_TEST(posix_process, getrandom_fills_the_buffer_and_checks_flags)
{
	unsigned char a[32], b[32];
	int same = 0;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	ASSERT_EQ(tess_syscall(TESS_SYS_getrandom, (long)a, sizeof(a), 0, 0, 0, 0),
		  (long)sizeof(a));
	ASSERT_EQ(tess_sys_getrandom(b, sizeof(b), 1 /* GRND_NONBLOCK */),
		  (long)sizeof(b));
	for (unsigned int i = 0; i < sizeof(a); i++)
		same += a[i] == b[i];
	EXPECT_LT(same, 8);
	EXPECT_EQ(tess_sys_getrandom(a, sizeof(a), 0x80), -EINVAL);
}

static uint64_t fs_word(size_t offset)
{
	uint64_t v;

	__asm__ __volatile__("movq %%fs:(%1), %0" : "=r"(v) : "r"(offset));
	return v;
}

TESS_TEST(posix_process, arch_prctl_sets_the_fs_base)
{
	static uint64_t tls[2] = { 0x1111, 0x2222 };

	unsigned long got = 0;

	ASSERT_EQ(tess_sys_arch_prctl(0x1002 /* ARCH_SET_FS */, (unsigned long)tls), 0);
	EXPECT_EQ_U(fs_word(8), 0x2222);
	ASSERT_EQ(tess_sys_arch_prctl(0x1003 /* ARCH_GET_FS */, (unsigned long)&got), 0);
	EXPECT_EQ_U(got, (uintptr_t)tls);
	EXPECT_EQ(tess_sys_arch_prctl(0x1003, 0), -EFAULT);
	EXPECT_EQ(tess_sys_arch_prctl(0x9999, 0), -EINVAL);
	EXPECT_EQ(tess_sys_arch_prctl(0x1001 /* ARCH_SET_GS */, 0), -ENOSYS);
	ASSERT_EQ(tess_sys_arch_prctl(0x1002, 0), 0);
}
