/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of waiting: wait queues woken from threads and interrupt handlers,
 * interruptible waits (an interrupt ends one, or stays pending for the
 * next), per-thread slots and their hooks, finding threads by id.
 */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>

#define MS 1000000ULL

static struct tess_sched_waitq wq = TESS_SCHED_WAITQ_INIT(wq);
static volatile unsigned int wq_woken;

static void *wait_on_wq(void *arg)
{
	bool was = tess_plat_irq_save();
	int err = tess_sched_waitq_wait(&wq, TESS_SCHED_FOREVER, "test");

	tess_plat_irq_restore(was);
	if (err == 0)
		wq_woken++;
	(void)arg;
	return NULL;
}

/* Yields until t blocks (a preempted thread may need more than one). */
static void until_blocked(struct tess_thread *t)
{
	while (tess_sched_thread_state(t) != TESS_THREAD_BLOCKED)
		tess_sched_yield();
}

static void wake_all_from_irq(void *arg)
{
	*(unsigned long *)arg = tess_sched_waitq_wake_all(&wq);
}

TESS_TEST(sched_waitq, wake_all_from_interrupt_context)
{
	struct tess_sched_timer timer;
	struct tess_thread *t[3];
	unsigned long n = 0;

	wq_woken = 0;
	EXPECT_NULL(tess_sched_waitq_wake_one(&wq));
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(
			tess_sched_thread_create(&t[i], NULL, wait_on_wq, NULL),
			0);
		until_blocked(t[i]);
	}
	EXPECT_FALSE(tess_sched_waitq_empty(&wq));
	tess_sched_timer_init(&timer, wake_all_from_irq, &n);
	ASSERT_EQ(tess_sched_timer_start(&timer,
					 tess_plat_monotonic_ns() + 1 * MS),
		  0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	EXPECT_EQ(n, 3);
	EXPECT_EQ(wq_woken, 3);
	EXPECT_TRUE(tess_sched_waitq_empty(&wq));
}

TESS_TEST(sched_waitq, wake_one_wakes_in_arrival_order)
{
	struct tess_thread *t[2];

	wq_woken = 0;
	for (int i = 0; i < 2; i++) {
		ASSERT_EQ(
			tess_sched_thread_create(&t[i], NULL, wait_on_wq, NULL),
			0);
		until_blocked(t[i]);
	}
	EXPECT_EQ(tess_sched_waitq_wake_one(&wq), t[0]);
	EXPECT_EQ(tess_sched_waitq_wake_one(&wq), t[1]);
	EXPECT_NULL(tess_sched_waitq_wake_one(&wq));
	for (int i = 0; i < 2; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	EXPECT_EQ(wq_woken, 2);
}

/* Slot hooks: counted, and the data they see. */
struct test_slot_data {
	unsigned long created_id;
	int value;
};
static volatile unsigned long slot_exits, slot_interrupts;
static volatile int slot_exit_value;

static int test_slot_create(struct tess_thread *t, void *data)
{
	((struct test_slot_data *)data)->created_id = tess_sched_thread_id(t);
	return 0;
}

static void test_slot_exit(struct tess_thread *t, void *data)
{
	(void)t;
	slot_exits++;
	slot_exit_value = ((struct test_slot_data *)data)->value;
}

static void test_slot_interrupt(struct tess_thread *t, void *data)
{
	(void)data;
	if (t == tess_sched_current())
		slot_interrupts++;
}

TESS_SCHED_SLOT(test_slot, struct test_slot_data,
		.on_create = test_slot_create, .on_exit = test_slot_exit,
		.on_interrupt = test_slot_interrupt);

/* Waits as arg says, far longer than any test: 0 sleeps, 1 blocks on
 * wq; returns the wait's result. */
static void *interruptible_waiter(void *arg)
{
	struct test_slot_data *mine = tess_sched_slot_self(&test_slot);
	uint64_t deadline = tess_plat_monotonic_ns() + 60000 * MS;
	bool was;
	long err;

	mine->value = 7;
	if (arg == NULL)
		return (void *)(long)tess_sched_sleep_interruptible(deadline);
	was = tess_plat_irq_save();
	err = tess_sched_waitq_wait_interruptible(&wq, deadline, "test");
	tess_plat_irq_restore(was);
	return (void *)(err == -EINTR ? (long)tess_sched_interrupted() : err);
}

/* Starts a waiter, lets it block, interrupts it and joins it: its result
 * (2 when it was not waiting). */
static long interrupt_a_waiting_thread(bool on_waitq)
{
	struct tess_thread *t;
	void *result = NULL;
	bool was_waiting;

	if (tess_sched_thread_create(&t, NULL, interruptible_waiter,
				     on_waitq ? (void *)1 : NULL))
		return 1;
	until_blocked(t); /* it runs, and blocks */
	was_waiting = tess_sched_thread_interrupt(t, false);
	tess_sched_thread_join(t, &result);
	return was_waiting ? (long)result : 2;
}

TESS_TEST(sched_interrupt, ends_a_sleep_with_eintr_and_runs_the_hooks)
{
	unsigned long exits = slot_exits, interrupts = slot_interrupts;

	EXPECT_EQ(interrupt_a_waiting_thread(false), -EINTR);
	EXPECT_EQ_U(slot_interrupts, interrupts + 1);
	EXPECT_EQ_U(slot_exits, exits + 1);
	EXPECT_EQ(slot_exit_value, 7);
}

TESS_TEST(sched_interrupt, ends_a_wait_queue_wait_and_leaves_the_queue)
{
	EXPECT_EQ(interrupt_a_waiting_thread(true), -EINTR);
	EXPECT_TRUE(tess_sched_waitq_empty(&wq));
}

TESS_TEST(sched_interrupt, one_pending_interrupt_ends_the_next_wait_only)
{
	struct tess_thread *self = tess_sched_current();
	bool was;

	/* Not waiting: pending. Twice is still one. */
	EXPECT_FALSE(tess_sched_thread_interrupt(self, true));
	EXPECT_FALSE(tess_sched_thread_interrupt(self, true));
	EXPECT_EQ(tess_sched_sleep_interruptible(tess_plat_monotonic_ns() +
						 60000 * MS),
		  -EINTR);
	/* Taken: the next wait runs to its end. */
	EXPECT_EQ(tess_sched_sleep_interruptible(tess_plat_monotonic_ns() + MS),
		  0);
	/* Without keep, a thread that is not waiting is left alone. */
	EXPECT_FALSE(tess_sched_thread_interrupt(self, false));
	EXPECT_EQ(tess_sched_sleep_interruptible(tess_plat_monotonic_ns() + MS),
		  0);
	/* An uninterruptible block ignores a pending interrupt, which then
	 * waits for the next interruptible one. */
	tess_sched_thread_interrupt(self, true);
	was = tess_plat_irq_save();
	EXPECT_EQ(tess_sched_block_until(tess_plat_monotonic_ns() + MS, "t"),
		  -ETIMEDOUT);
	EXPECT_EQ(tess_sched_block_interruptible(tess_plat_monotonic_ns() + MS,
						 "t"),
		  -EINTR);
	tess_plat_irq_restore(was);
}

static void *report_slot(void *arg)
{
	struct test_slot_data *mine = tess_sched_slot_self(&test_slot);

	*(unsigned long *)arg = mine->created_id;
	mine->value = 9;
	return mine;
}

TESS_TEST(sched_slot, each_thread_has_its_own_zeroed_data)
{
	struct test_slot_data *main_data = tess_sched_slot_self(&test_slot);
	struct tess_thread *t;
	unsigned long created_id = 0;
	void *theirs = NULL;

	main_data->value = 3;
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, report_slot, &created_id),
		  0);
	{
		struct test_slot_data *before = tess_sched_slot_data(t, &test_slot);

		EXPECT_EQ(before->value, 0);
		EXPECT_EQ_U(before->created_id, tess_sched_thread_id(t));
	}
	ASSERT_EQ(tess_sched_thread_join(t, &theirs), 0);
	EXPECT_NE((uintptr_t)theirs, (uintptr_t)main_data);
	EXPECT_EQ(main_data->value, 3);
	EXPECT_EQ(slot_exit_value, 9);
	EXPECT_NE(created_id, 0);
	EXPECT_EQ(((uintptr_t)main_data) % 16, 0);
}

static void *sleep_a_little(void *arg)
{
	(void)arg;
	tess_sched_sleep_ns(MS);
	return NULL;
}

TESS_TEST(sched_slot, threads_are_found_by_id_until_they_exit)
{
	unsigned long live = tess_sched_threads_live();
	struct tess_thread *t;
	unsigned long id;

	ASSERT_EQ(tess_sched_thread_create(&t, NULL, sleep_a_little, NULL), 0);
	id = tess_sched_thread_id(t);
	EXPECT_EQ(tess_sched_thread_find(id), t);
	EXPECT_EQ_U(tess_sched_threads_live(), live + 1);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	EXPECT_NULL(tess_sched_thread_find(id));
	EXPECT_NULL(tess_sched_thread_find(0));
	EXPECT_EQ_U(tess_sched_threads_live(), live);
}

TESS_TEST(sched_slot, service_threads_are_not_the_programs)
{
	struct tess_sched_thread_attr attr = {.name = "svc", .service = true};
	unsigned long live = tess_sched_threads_live();
	struct tess_thread *t;

	ASSERT_EQ(tess_sched_thread_create(&t, &attr, sleep_a_little, NULL), 0);
	EXPECT_TRUE(tess_sched_thread_is_service(t));
	EXPECT_FALSE(tess_sched_thread_is_service(tess_sched_current()));
	/* The image's end waits for the program's threads only. */
	EXPECT_EQ_U(tess_sched_threads_live(), live);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	EXPECT_EQ_U(tess_sched_threads_live(), live);
}
