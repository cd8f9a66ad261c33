/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-process signals: what a handler sees (its signal blocked, a
 * ucontext whose mask is restored, SA_RESETHAND), and, with threads, masks
 * and pending signals per thread, handlers on the thread a signal is for,
 * and a signal to the process taken by a thread that does not block it.
 */
#include <errno.h>
#include <stdint.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>
#include <tess/test.h>
#ifdef CONFIG_TESS_POSIX_THREAD
#include <tess/posix-thread.h>
#include <tess/sched.h>
#endif

#define SIGUSR1	     10
#define SIGUSR2	     12
#define SIGURG	     23
#define SA_SIGINFO   4
#define SA_NODEFER   0x40000000UL
#define SA_RESETHAND 0x80000000UL
#define BIT(sig)     (1ULL << ((sig)-1))
#define MS	     1000000L

static volatile int runs, ran_on;
static volatile uint64_t mask_inside;

static uint64_t mask_now(void)
{
	uint64_t mask = ~0ULL;

	tess_sys_rt_sigprocmask(0, NULL, &mask, 8);
	return mask;
}

static void set_mask(uint64_t mask)
{
	tess_sys_rt_sigprocmask(2 /* SIG_SETMASK */, &mask, NULL, 8);
}

static void counting_handler(int sig)
{
	(void)sig;
	runs++;
	ran_on = (int)tess_syscall(TESS_SYS_gettid, 0, 0, 0, 0, 0, 0);
	mask_inside = mask_now();
}

/* Offset 296 of Linux's x86_64 ucontext: uc_sigmask. */
static void mask_adding_handler(int sig, void *info, void *ucontext)
{
	(void)sig, (void)info;
	runs++;
	*(uint64_t *)((char *)ucontext + 296) |= BIT(SIGUSR2);
}

static void handle(int sig, void *handler, unsigned long flags)
{
	struct tess_kernel_sigaction act = {.handler = handler, .flags = flags};

	tess_sys_rt_sigaction(sig, &act, NULL, 8);
}

TESS_TEST(posix_signal, a_handler_runs_with_its_signal_blocked_unless_nodefer)
{
	set_mask(0);
	handle(SIGUSR1, counting_handler, 0);
	runs = 0;
	EXPECT_EQ(tess_sys_tkill(1, SIGUSR1), 0);
	EXPECT_EQ(runs, 1);
	EXPECT_EQ(mask_inside, BIT(SIGUSR1));
	EXPECT_EQ(mask_now(), 0); /* restored on return */
	handle(SIGUSR1, counting_handler, SA_NODEFER);
	EXPECT_EQ(tess_sys_kill(1, SIGUSR1), 0);
	EXPECT_EQ(runs, 2);
	EXPECT_EQ(mask_inside, 0);
	handle(SIGUSR1, (void *)0, 0);
}

TESS_TEST(posix_signal, the_ucontext_mask_is_the_mask_after_the_handler)
{
	set_mask(0);
	handle(SIGUSR1, (void *)mask_adding_handler, SA_SIGINFO);
	runs = 0;
	EXPECT_EQ(tess_sys_tkill(1, SIGUSR1), 0);
	EXPECT_EQ(runs, 1);
	EXPECT_EQ(mask_now(), BIT(SIGUSR2));
	set_mask(0);
	handle(SIGUSR1, (void *)0, 0);
}

TESS_TEST(posix_signal, resethand_runs_the_handler_once)
{
	struct tess_kernel_sigaction now;

	set_mask(0);
	/* SIGURG's default action is to ignore it: safe to fall back to. */
	handle(SIGURG, counting_handler, SA_RESETHAND);
	runs = 0;
	EXPECT_EQ(tess_sys_kill(1, SIGURG), 0);
	EXPECT_EQ(tess_sys_kill(1, SIGURG), 0);
	EXPECT_EQ(runs, 1);
	tess_sys_rt_sigaction(SIGURG, NULL, &now, 8);
	EXPECT_TRUE(now.handler == (void *)0);
}

#ifdef CONFIG_TESS_POSIX_THREAD
static volatile long child_tid;
static volatile uint64_t child_mask_at_start;
static volatile int child_saw_handler_before_return;
static int child_word;
static volatile long child_wait_result;

/* Blocks what arg says, waits on child_word, then unblocks everything. */
static void *signal_child(void *arg)
{
	child_tid = tess_sys_gettid();
	child_mask_at_start = mask_now();
	set_mask((uint64_t)(uintptr_t)arg);
	child_wait_result =
		tess_sys_futex(&child_word, TESS_FUTEX_WAIT, 0, NULL, NULL, 0);
	child_saw_handler_before_return = runs;
	set_mask(0);
	return NULL;
}

static struct tess_thread *child_start(uint64_t mask)
{
	struct tess_thread *t = NULL;

	child_tid = 0;
	child_word = 0;
	child_wait_result = 1;
	runs = 0;
	ran_on = 0;
	if (tess_sched_thread_create(&t, NULL, signal_child,
				     (void *)(uintptr_t)mask))
		return NULL;
	/* It runs and waits (however long a slow host takes). */
	while (tess_sched_thread_state(t) != TESS_THREAD_BLOCKED)
		tess_sched_yield();
	return t;
}

/* Until the child's wait has ended (10 s at most: a signal that never
 * arrives fails the test rather than hangs it). */
static void until_child_woken(void)
{
	for (int i = 0; i < 10000 && child_wait_result == 1; i++)
		tess_sched_sleep_ns(MS);
}

static void child_release(struct tess_thread *t)
{
	__atomic_store_n(&child_word, 1, __ATOMIC_SEQ_CST);
	tess_futex_wake(&child_word, 1);
	tess_sched_thread_join(t, NULL);
}

TESS_TEST(posix_signal, masks_are_per_thread)
{
	struct tess_thread *t;

	set_mask(BIT(SIGUSR1));
	ASSERT_NOT_NULL(t = child_start(BIT(SIGUSR2)));
	EXPECT_EQ(child_mask_at_start, 0); /* a new thread blocks nothing */
	EXPECT_EQ(mask_now(),
		  BIT(SIGUSR1)); /* the child's did not change ours */
	child_release(t);
	set_mask(0);
}

TESS_TEST(posix_signal, a_handler_runs_on_the_thread_the_signal_is_for)
{
	struct tess_thread *t;

	set_mask(0);
	handle(SIGUSR1, counting_handler, 0);
	ASSERT_NOT_NULL(t = child_start(0));
	EXPECT_EQ(tess_sys_tgkill(1, (int)child_tid, SIGUSR1), 0);
	until_child_woken();
	EXPECT_EQ(runs, 1);
	EXPECT_EQ(ran_on, child_tid);
	/* The handler ran before the interrupted wait returned -EINTR. */
	EXPECT_EQ(child_wait_result, -EINTR);
	EXPECT_EQ(child_saw_handler_before_return, 1);
	child_release(t);
	handle(SIGUSR1, (void *)0, 0);
}

TESS_TEST(posix_signal,
	  a_blocked_thread_signal_waits_for_that_thread_to_unblock)
{
	struct tess_thread *t;

	set_mask(0);
	handle(SIGUSR1, counting_handler, 0);
	ASSERT_NOT_NULL(t = child_start(BIT(SIGUSR1)));
	EXPECT_EQ(tess_sys_tkill((int)child_tid, SIGUSR1), 0);
	tess_sched_sleep_ns(2 * MS);
	EXPECT_EQ(runs, 0);
	EXPECT_EQ(child_wait_result, 1); /* still waiting: not interrupted */
	/* Woken, it unblocks the signal and takes it itself. */
	child_release(t);
	EXPECT_EQ(runs, 1);
	EXPECT_EQ(ran_on, child_tid);
	handle(SIGUSR1, (void *)0, 0);
}

TESS_TEST(posix_signal,
	  a_process_signal_goes_to_a_thread_that_does_not_block_it)
{
	struct tess_thread *t;

	handle(SIGUSR1, counting_handler, 0);
	set_mask(BIT(SIGUSR1));
	ASSERT_NOT_NULL(t = child_start(0));
	EXPECT_EQ(tess_sys_kill(1, SIGUSR1), 0);
	until_child_woken();
	EXPECT_EQ(runs, 1);
	EXPECT_EQ(ran_on, child_tid);
	EXPECT_EQ(child_wait_result, -EINTR);
	child_release(t);
	set_mask(0);
	EXPECT_EQ(runs, 1); /* taken once: nothing left for us */
	handle(SIGUSR1, (void *)0, 0);
}
#endif

#ifdef CONFIG_TESS_POSIX_THREAD
static volatile long sender_target;
static volatile int sender_sig;

/* Sends sender_sig to sender_target after 2 ms (the main thread waits). */
static void *delayed_sender(void *arg)
{
	(void)arg;
	tess_sched_sleep_ns(2 * MS);
	tess_sys_tkill((int)sender_target, sender_sig);
	return NULL;
}

static struct tess_thread *send_later(int sig)
{
	struct tess_thread *t = NULL;

	sender_target = tess_sys_gettid();
	sender_sig = sig;
	if (tess_sched_thread_create(&t, NULL, delayed_sender, NULL))
		return NULL;
	return t;
}

TESS_TEST(posix_signal,
	  sigsuspend_waits_for_a_handler_with_its_mask_then_restores)
{
	uint64_t open_mask = 0;
	struct tess_thread *t;

	handle(SIGUSR1, counting_handler, 0);
	set_mask(BIT(SIGUSR1));
	runs = 0;
	ASSERT_NOT_NULL(t = send_later(SIGUSR1));
	EXPECT_EQ(tess_syscall(TESS_SYS_rt_sigsuspend, (long)&open_mask, 8, 0,
			       0, 0, 0),
		  -EINTR);
	EXPECT_EQ(runs, 1);
	EXPECT_EQ(ran_on, tess_sys_gettid());
	EXPECT_EQ(mask_now(), BIT(SIGUSR1)); /* the old mask is back */
	tess_sched_thread_join(t, NULL);
	set_mask(0);
	handle(SIGUSR1, (void *)0, 0);
}

struct info_start {
	int signo, errno_value, code;
};

TESS_TEST(posix_signal, sigtimedwait_takes_a_blocked_signal_without_its_handler)
{
	struct {
		long sec, nsec;
	} second = {1, 0}, short_wait = {0, 5 * MS};
	uint64_t usr2 = BIT(SIGUSR2), pending = 0;
	union {
		struct info_start head;
		char bytes[128];
	} info;
	struct tess_thread *t;

	handle(SIGUSR2, counting_handler, 0);
	set_mask(usr2);
	runs = 0;
	/* One that comes while it waits. */
	ASSERT_NOT_NULL(t = send_later(SIGUSR2));
	EXPECT_EQ(tess_syscall(TESS_SYS_rt_sigtimedwait, (long)&usr2,
			       (long)&info, (long)&second, 8, 0, 0),
		  SIGUSR2);
	EXPECT_EQ(info.head.signo, SIGUSR2);
	EXPECT_EQ(runs, 0);
	tess_sched_thread_join(t, NULL);
	/* One already pending: reported by sigpending, taken at once. */
	EXPECT_EQ(tess_sys_kill(1, SIGUSR2), 0);
	EXPECT_EQ(tess_syscall(TESS_SYS_rt_sigpending, (long)&pending, 8, 0, 0,
			       0, 0),
		  0);
	EXPECT_EQ(pending, usr2);
	EXPECT_EQ(tess_syscall(TESS_SYS_rt_sigtimedwait, (long)&usr2, 0,
			       (long)&short_wait, 8, 0, 0),
		  SIGUSR2);
	/* None: the timeout. */
	EXPECT_EQ(tess_syscall(TESS_SYS_rt_sigtimedwait, (long)&usr2, 0,
			       (long)&short_wait, 8, 0, 0),
		  -EAGAIN);
	EXPECT_EQ(runs, 0);
	set_mask(0);
	handle(SIGUSR2, (void *)0, 0);
}
#endif
