/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-thread clone: a libc's thread creation and join, through tess_clone. */
#include <errno.h>
#include <tess/posix-thread.h>
#include <tess/syscall.h>
#include <tess/test.h>

#define THREAD_FLAGS (TESS_CLONE_VM | TESS_CLONE_FS | TESS_CLONE_FILES |     \
		      TESS_CLONE_SIGHAND | TESS_CLONE_THREAD | TESS_CLONE_SYSVSEM | \
		      TESS_CLONE_SETTLS | TESS_CLONE_PARENT_SETTID |           \
		      TESS_CLONE_CHILD_CLEARTID)

static volatile int child_tid, child_saw;

static int child(void *arg)
{
	uint64_t v;

	__asm__ __volatile__("movq %%fs:8, %0" : "=r"(v));
	child_saw = *(int *)arg + (int)v;
	child_tid = (int)tess_sys_gettid();
	return 0;
}

TESS_TEST(posix_clone, a_thread_runs_with_its_tls_and_join_waits_on_its_tid_word)
{
	static uint64_t tls[2] = { 0, 1000 };
	int arg = 7, ptid = 0, ctid;
	long tid;

	child_saw = 0;
	/* As musl does: ctid is set by the parent and cleared at exit. */
	ctid = -1;
	tid = tess_clone(child, NULL, THREAD_FLAGS, &arg, &ptid, tls, &ctid);
	ASSERT_GT(tid, 1);
	EXPECT_EQ(ptid, tid);
	ctid = (int)tid;
	/* pthread_join: wait until the tid word is 0. */
	while (__atomic_load_n(&ctid, __ATOMIC_SEQ_CST) != 0)
		tess_syscall(TESS_SYS_futex, (long)&ctid, TESS_FUTEX_WAIT, tid, 0, 0, 0);
	EXPECT_EQ(child_saw, 1007);
	EXPECT_EQ(child_tid, tid);
	EXPECT_NE(tess_sys_gettid(), tid);
}

TESS_TEST(posix_clone, processes_and_bad_flags_are_refused)
{
	int ptid;

	EXPECT_EQ(tess_clone(child, NULL, 17 /* SIGCHLD: fork */, NULL, NULL, NULL, NULL),
		  -ENOSYS);
	EXPECT_EQ(tess_clone(NULL, NULL, THREAD_FLAGS, NULL, &ptid, NULL, &ptid), -EINVAL);
	EXPECT_EQ(tess_clone(child, NULL, THREAD_FLAGS, NULL, NULL, NULL, &ptid), -EINVAL);
	EXPECT_EQ(tess_syscall(TESS_SYS_clone, 0, 0, 0, 0, 0, 0), -ENOSYS);
}

TESS_TEST(posix_clone, the_boot_thread_is_tid_1)
{
	int word;

	EXPECT_EQ(tess_sys_gettid(), 1);
	EXPECT_EQ(tess_sys_set_tid_address(&word), 1);
	EXPECT_EQ(tess_sys_set_tid_address(NULL), 1);
	EXPECT_EQ(tess_sys_sched_yield(), 0);
}
