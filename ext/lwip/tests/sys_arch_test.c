/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of lwIP's operating-system layer on Tessera (sys_arch.c), as lwIP
 * uses it: mailboxes in FIFO order with full and empty reported, fetches
 * that time out after their milliseconds and say how long they waited,
 * posts that block on a full mailbox until a fetch makes room,
 * semaphores, mutexes, sys_now, critical sections masking interrupts,
 * threads, and the core lock.
 */
#include <errno.h>
#include <string.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>

#include "lwip/sys.h"
#include "lwip/tcpip.h"

#define MS 1000000ULL
/* How late a wake-up may be on a loaded host (the tests' usual bound). */
#define TOLERANCE_MS 20

TESS_TEST(lwip_sys, mailbox_is_fifo_and_try_reports_full_and_empty)
{
	sys_mbox_t mb;
	void *msg = NULL;

	ASSERT_EQ(sys_mbox_new(&mb, 2), ERR_OK);
	EXPECT_TRUE(sys_mbox_valid(&mb));
	EXPECT_EQ_U(sys_arch_mbox_tryfetch(&mb, &msg), SYS_MBOX_EMPTY);
	EXPECT_EQ(sys_mbox_trypost(&mb, (void *)1), ERR_OK);
	EXPECT_EQ(sys_mbox_trypost_fromisr(&mb, (void *)2), ERR_OK);
	EXPECT_EQ(sys_mbox_trypost(&mb, (void *)3), ERR_MEM);
	EXPECT_EQ_U(sys_arch_mbox_tryfetch(&mb, &msg), 0);
	EXPECT_EQ_U((uintptr_t)msg, 1);
	EXPECT_EQ_U(sys_arch_mbox_fetch(&mb, &msg, 0) == SYS_ARCH_TIMEOUT, 0);
	EXPECT_EQ_U((uintptr_t)msg, 2);
	/* A NULL message pointer drops the message (lwIP drains so). */
	EXPECT_EQ(sys_mbox_trypost(&mb, (void *)4), ERR_OK);
	EXPECT_EQ_U(sys_arch_mbox_tryfetch(&mb, NULL), 0);
	EXPECT_EQ_U(sys_arch_mbox_tryfetch(&mb, &msg), SYS_MBOX_EMPTY);
	sys_mbox_free(&mb);
	EXPECT_FALSE(sys_mbox_valid(&mb));
	sys_mbox_set_invalid(&mb);
	EXPECT_FALSE(sys_mbox_valid(&mb));
}

TESS_TEST(lwip_sys,
	  fetch_from_an_empty_mailbox_times_out_after_its_milliseconds)
{
	sys_mbox_t mb;
	void *msg = (void *)7;
	uint64_t start, took;

	ASSERT_EQ(sys_mbox_new(&mb, 4), ERR_OK);
	start = tess_plat_monotonic_ns();
	EXPECT_EQ_U(sys_arch_mbox_fetch(&mb, &msg, 15), SYS_ARCH_TIMEOUT);
	took = tess_plat_monotonic_ns() - start;
	EXPECT_GE_U(took, 15 * MS);
	EXPECT_LT_U(took, (15 + TOLERANCE_MS) * MS);
	EXPECT_EQ_U((uintptr_t)msg, 7); /* untouched */
	sys_mbox_free(&mb);
}

struct later {
	sys_mbox_t *mb;
	void *msg;
	unsigned int delay_ms;
	volatile bool done;
	sys_sem_t finished;
};

static void post_later(void *arg)
{
	struct later *l = arg;

	tess_sched_sleep_ns(l->delay_ms * MS);
	sys_mbox_post(l->mb, l->msg);
	l->done = true;
	sys_sem_signal(&l->finished);
}

TESS_TEST(lwip_sys, fetch_waits_for_a_post_and_says_how_long_it_waited)
{
	sys_mbox_t mb;
	struct later l = {.mb = &mb, .msg = (void *)42, .delay_ms = 10};
	void *msg = NULL;
	u32_t waited;

	ASSERT_EQ(sys_mbox_new(&mb, 1), ERR_OK);
	ASSERT_EQ(sys_sem_new(&l.finished, 0), ERR_OK);
	ASSERT_NOT_NULL(sys_thread_new("poster", post_later, &l, 0, 0));
	waited = sys_arch_mbox_fetch(&mb, &msg, 0);
	EXPECT_EQ_U((uintptr_t)msg, 42);
	EXPECT_GE_U(waited, 9);
	EXPECT_LT_U(waited, 10 + TOLERANCE_MS);
	/* A timed fetch that is answered in time is not a timeout. */
	l.delay_ms = 5;
	l.msg = (void *)43;
	sys_arch_sem_wait(&l.finished, 0);
	ASSERT_NOT_NULL(sys_thread_new("poster", post_later, &l, 0, 0));
	waited = sys_arch_mbox_fetch(&mb, &msg, 1000);
	EXPECT_NE_U(waited, SYS_ARCH_TIMEOUT);
	EXPECT_EQ_U((uintptr_t)msg, 43);
	sys_arch_sem_wait(&l.finished, 0);
	sys_sem_free(&l.finished);
	sys_mbox_free(&mb);
}

TESS_TEST(lwip_sys, post_to_a_full_mailbox_blocks_until_a_fetch_makes_room)
{
	sys_mbox_t mb;
	struct later l = {.mb = &mb, .msg = (void *)2, .delay_ms = 0};
	void *msg = NULL;

	ASSERT_EQ(sys_mbox_new(&mb, 1), ERR_OK);
	ASSERT_EQ(sys_sem_new(&l.finished, 0), ERR_OK);
	sys_mbox_post(&mb, (void *)1);
	ASSERT_NOT_NULL(sys_thread_new("poster", post_later, &l, 0, 0));
	tess_sched_sleep_ns(5 * MS);
	EXPECT_FALSE(l.done); /* blocked: the mailbox is full */
	EXPECT_EQ_U(sys_arch_mbox_fetch(&mb, &msg, 0) == SYS_ARCH_TIMEOUT, 0);
	EXPECT_EQ_U((uintptr_t)msg, 1);
	sys_arch_sem_wait(&l.finished, 0);
	EXPECT_TRUE(l.done);
	EXPECT_EQ_U(sys_arch_mbox_tryfetch(&mb, &msg), 0);
	EXPECT_EQ_U((uintptr_t)msg, 2);
	sys_sem_free(&l.finished);
	sys_mbox_free(&mb);
}

TESS_TEST(lwip_sys, semaphores_count_and_time_out)
{
	sys_sem_t sem;
	uint64_t start, took;

	ASSERT_EQ(sys_sem_new(&sem, 2), ERR_OK);
	EXPECT_TRUE(sys_sem_valid(&sem));
	EXPECT_NE_U(sys_arch_sem_wait(&sem, 1), SYS_ARCH_TIMEOUT);
	EXPECT_NE_U(sys_arch_sem_wait(&sem, 1), SYS_ARCH_TIMEOUT);
	start = tess_plat_monotonic_ns();
	EXPECT_EQ_U(sys_arch_sem_wait(&sem, 10), SYS_ARCH_TIMEOUT);
	took = tess_plat_monotonic_ns() - start;
	EXPECT_GE_U(took, 10 * MS);
	EXPECT_LT_U(took, (10 + TOLERANCE_MS) * MS);
	sys_sem_signal(&sem);
	EXPECT_EQ_U(sys_arch_sem_wait(&sem, 1000), 0); /* at once: 0 ms */
	sys_sem_free(&sem);
	EXPECT_FALSE(sys_sem_valid(&sem));
}

TESS_TEST(lwip_sys, mutexes_lock_and_unlock)
{
	sys_mutex_t m;

	ASSERT_EQ(sys_mutex_new(&m), ERR_OK);
	EXPECT_TRUE(sys_mutex_valid(&m));
	sys_mutex_lock(&m);
	EXPECT_TRUE(tess_lock_mutex_owner(&m.mutex) == tess_sched_current());
	sys_mutex_unlock(&m);
	EXPECT_NULL(tess_lock_mutex_owner(&m.mutex));
	sys_mutex_free(&m);
	EXPECT_FALSE(sys_mutex_valid(&m));
}

TESS_TEST(lwip_sys, sys_now_counts_milliseconds_of_the_monotonic_clock)
{
	u32_t before = sys_now(), after;

	tess_sched_sleep_ns(20 * MS);
	after = sys_now();
	EXPECT_GE_U(after - before, 19);
	EXPECT_LT_U(after - before, 20 + TOLERANCE_MS);
}

TESS_TEST(lwip_sys, critical_sections_mask_interrupts_and_nest)
{
	SYS_ARCH_DECL_PROTECT(outer);
	SYS_ARCH_DECL_PROTECT(inner);
	bool was;

	SYS_ARCH_PROTECT(outer);
	was = tess_plat_irq_save();
	EXPECT_FALSE(was); /* masked already */
	tess_plat_irq_restore(was);
	SYS_ARCH_PROTECT(inner);
	SYS_ARCH_UNPROTECT(inner);
	was = tess_plat_irq_save();
	EXPECT_FALSE(was); /* still masked: the outer one holds */
	tess_plat_irq_restore(was);
	SYS_ARCH_UNPROTECT(outer);
	was = tess_plat_irq_save();
	EXPECT_TRUE(was);
	tess_plat_irq_restore(was);
}

struct named {
	const char *name;
	sys_sem_t ran;
};

static void remember_name(void *arg)
{
	struct named *n = arg;

	n->name = tess_sched_thread_name(tess_sched_current());
	sys_sem_signal(&n->ran);
}

TESS_TEST(lwip_sys, threads_run_their_function_with_its_argument_and_name)
{
	struct named n = {0};

	ASSERT_EQ(sys_sem_new(&n.ran, 0), ERR_OK);
	ASSERT_NOT_NULL(
		sys_thread_new("lwip-test", remember_name, &n, 16 * 1024, 0));
	EXPECT_NE_U(sys_arch_sem_wait(&n.ran, 1000), SYS_ARCH_TIMEOUT);
	ASSERT_NOT_NULL(n.name);
	EXPECT_EQ(strcmp(n.name, "lwip-test"), 0);
	sys_sem_free(&n.ran);
}

TESS_TEST(lwip_sys, the_core_lock_is_a_mutex_of_the_calling_thread)
{
	LOCK_TCPIP_CORE();
	EXPECT_TRUE(tess_lock_mutex_owner(&lock_tcpip_core.mutex) ==
		    tess_sched_current());
	LWIP_ASSERT_CORE_LOCKED(); /* would panic otherwise */
	UNLOCK_TCPIP_CORE();
	EXPECT_NULL(tess_lock_mutex_owner(&lock_tcpip_core.mutex));
}
