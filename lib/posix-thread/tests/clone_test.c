/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-thread clone: a libc's thread creation and join, through tess_clone. */
#include <errno.h>
#include <stdint.h>
#include <tess/posix-thread.h>
#include <tess/syscall.h>
#include <tess/test.h>

#define THREAD_FLAGS                                                           \
	(TESS_CLONE_VM | TESS_CLONE_FS | TESS_CLONE_FILES |                    \
	 TESS_CLONE_SIGHAND | TESS_CLONE_THREAD | TESS_CLONE_SYSVSEM |         \
	 TESS_CLONE_SETTLS | TESS_CLONE_PARENT_SETTID |                        \
	 TESS_CLONE_CHILD_CLEARTID)

static volatile int child_tid, child_saw;

/* pthread_join: the thread's exit clears its tid word (non-zero until
 * then) and wakes it; wait until it is 0, on whatever it holds, so a
 * thread that ended before the wait is no wait at all. */
static void join_tid_word(int *ctid)
{
	int v;

	while ((v = __atomic_load_n(ctid, __ATOMIC_SEQ_CST)) != 0)
		tess_syscall(TESS_SYS_futex, (long)ctid, TESS_FUTEX_WAIT, v, 0,
			     0, 0);
}

static int child(void *arg)
{
	uint64_t v;

	__asm__ __volatile__("movq %%fs:8, %0" : "=r"(v));
	child_saw = *(int *)arg + (int)v;
	child_tid = (int)tess_sys_gettid();
	return 0;
}

TESS_TEST(posix_clone,
	  a_thread_runs_with_its_tls_and_join_waits_on_its_tid_word)
{
	static uint64_t tls[2] = {0, 1000};
	int arg = 7, ptid = 0, ctid;
	long tid;

	child_saw = 0;
	/* Non-zero until the thread's exit clears it. */
	ctid = -1;
	tid = tess_clone(child, NULL, THREAD_FLAGS, &arg, &ptid, tls, &ctid);
	ASSERT_GT(tid, 1);
	EXPECT_EQ(ptid, tid);
	join_tid_word(&ctid);
	EXPECT_EQ(child_saw, 1007);
	EXPECT_EQ(child_tid, tid);
	EXPECT_NE(tess_sys_gettid(), tid);
}

TESS_TEST(posix_clone, processes_and_bad_flags_are_refused)
{
	int ptid;

	EXPECT_EQ(tess_clone(child, NULL, 17 /* SIGCHLD: fork */, NULL, NULL,
			     NULL, NULL),
		  -ENOSYS);
	EXPECT_EQ(
		tess_clone(NULL, NULL, THREAD_FLAGS, NULL, &ptid, NULL, &ptid),
		-EINVAL);
	EXPECT_EQ(
		tess_clone(child, NULL, THREAD_FLAGS, NULL, NULL, NULL, &ptid),
		-EINVAL);
	EXPECT_EQ(tess_syscall(TESS_SYS_clone, 0, 0, 0, 0, 0, 0), -ENOSYS);
	/* Through the table, a thread must have a stack of its own. */
	EXPECT_EQ(tess_syscall(TESS_SYS_clone,
			       THREAD_FLAGS & ~TESS_CLONE_SETTLS, 0,
			       (long)&ptid, 0, 0, 0),
		  -EINVAL);
}

/*
 * clone as a system call, as raw-clone code calls it: the child returns
 * from the call with 0 on the new stack, keeping the callee-saved
 * registers, so the code after the call must not need its frame.
 * long raw_clone(flags, stack, ptid, ctid, tls, child) calls
 * raw_clone_entry (the table's slot, or the direct symbol) with child in
 * r12; the child calls it and never returns.
 */
long raw_clone(unsigned long flags, void *stack, int *ptid, int *ctid,
	       unsigned long tls, void (*child)(void));
long (*raw_clone_entry)(unsigned long, void *, int *, int *, unsigned long);
__asm__(".text\n"
	".globl raw_clone\n"
	".type raw_clone, @function\n"
	"raw_clone:\n"
	"	pushq %r12\n"
	"	movq %r9, %r12\n"
	"	call *raw_clone_entry(%rip)\n"
	"	testq %rax, %rax\n"
	"	jnz 1f\n"
	"	call *%r12\n"
	"	ud2\n"
	"1:	popq %r12\n"
	"	ret\n"
	".size raw_clone, . - raw_clone\n");

static volatile int raw_child_tid;
static volatile uintptr_t raw_child_sp;

static void raw_child(void)
{
	raw_child_sp = (uintptr_t)__builtin_frame_address(0);
	raw_child_tid = (int)tess_sys_gettid();
	tess_sys_exit(0);
}

/* Runs a raw clone through entry; whether the child ran as it should. */
static void raw_clone_check(long (*entry)(unsigned long, void *, int *, int *,
					  unsigned long))
{
	static uint64_t tls[8];
	static char stack[16384] __attribute__((aligned(16)));
	int ptid = 0, ctid;
	long tid;

	raw_clone_entry = entry;
	raw_child_tid = 0;
	raw_child_sp = 0;
	ctid = -1;
	tid = raw_clone(THREAD_FLAGS, stack + sizeof(stack), &ptid, &ctid,
			(unsigned long)tls, raw_child);
	ASSERT_GT(tid, 1);
	EXPECT_EQ(ptid, tid);
	join_tid_word(&ctid);
	EXPECT_EQ(raw_child_tid, tid);
	/* It ran on the stack it was given. */
	EXPECT_TRUE(raw_child_sp > (uintptr_t)stack &&
		    raw_child_sp < (uintptr_t)stack + sizeof(stack));
}

TESS_TEST(posix_clone, the_clone_system_call_returns_in_the_child_on_its_stack)
{
	raw_clone_check(tess_sys_clone);
	raw_clone_check(
		(long (*)(unsigned long, void *, int *, int *, unsigned long))(
			void (*)(void))tess_syscall_table[TESS_SYS_clone]);
}

TESS_TEST(posix_clone, the_boot_thread_is_tid_1)
{
	int word;

	EXPECT_EQ(tess_sys_gettid(), 1);
	EXPECT_EQ(tess_sys_set_tid_address(&word), 1);
	EXPECT_EQ(tess_sys_set_tid_address(NULL), 1);
	EXPECT_EQ(tess_sys_sched_yield(), 0);
}
