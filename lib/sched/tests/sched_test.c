/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of threads: create/join/detach and their errors, round-robin
 * yields, block and wake (also from interrupt context), names, listing,
 * TLS, and that memory comes back when threads go.
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>

static void *return_arg_plus_one(void *arg)
{
	return (void *)((uintptr_t)arg + 1);
}

TESS_TEST(sched, main_is_the_current_thread_with_id_1)
{
	struct tess_thread *self = tess_sched_current();

	ASSERT_NOT_NULL(self);
	EXPECT_STREQ(tess_sched_thread_name(self), "main");
	EXPECT_EQ(tess_sched_thread_id(self), 1);
	EXPECT_EQ(tess_sched_thread_find(1), self);
	EXPECT_EQ(tess_sched_thread_state(self), TESS_THREAD_RUNNING);
}

TESS_TEST(sched, join_returns_the_value_of_the_thread_function)
{
	struct tess_thread *t;
	void *ret = NULL;

	ASSERT_EQ(tess_sched_thread_create(&t, NULL, return_arg_plus_one,
					   (void *)41),
		  0);
	EXPECT_EQ(tess_sched_thread_state(t), TESS_THREAD_READY);
	ASSERT_EQ(tess_sched_thread_join(t, &ret), 0);
	EXPECT_EQ_U((uintptr_t)ret, 42);
}

static void *exit_early(void *arg)
{
	tess_sched_thread_exit(arg);
}

TESS_TEST(sched, thread_exit_ends_the_thread_with_its_value)
{
	struct tess_thread *t;
	void *ret = NULL;

	ASSERT_EQ(tess_sched_thread_create(&t, NULL, exit_early, (void *)7), 0);
	ASSERT_EQ(tess_sched_thread_join(t, &ret), 0);
	EXPECT_EQ_U((uintptr_t)ret, 7);
}

TESS_TEST(sched, create_rejects_bad_arguments)
{
	struct tess_thread *t;
	struct tess_sched_thread_attr small = {.stack_size = 4096};
	struct tess_sched_thread_attr huge = {.stack_size =
						      TESS_SCHED_STACK_MAX + 1};

	EXPECT_EQ(tess_sched_thread_create(&t, NULL, NULL, NULL), -EINVAL);
	EXPECT_EQ(
		tess_sched_thread_create(NULL, NULL, return_arg_plus_one, NULL),
		-EINVAL);
	EXPECT_EQ(
		tess_sched_thread_create(&t, &small, return_arg_plus_one, NULL),
		-EINVAL);
	EXPECT_EQ(
		tess_sched_thread_create(&t, &huge, return_arg_plus_one, NULL),
		-EINVAL);
}

TESS_TEST(sched, join_and_detach_refuse_self_null_and_twice)
{
	struct tess_thread *t;
	struct tess_sched_thread_attr det = {.detached = true};

	EXPECT_EQ(tess_sched_thread_join(tess_sched_current(), NULL), -EDEADLK);
	EXPECT_EQ(tess_sched_thread_join(NULL, NULL), -EINVAL);
	EXPECT_EQ(tess_sched_thread_detach(NULL), -EINVAL);
	ASSERT_EQ(tess_sched_thread_create(&t, &det, return_arg_plus_one, NULL),
		  0);
	EXPECT_EQ(tess_sched_thread_join(t, NULL), -EINVAL);
	EXPECT_EQ(tess_sched_thread_detach(t), -EINVAL);
	tess_sched_yield(); /* it runs and frees itself */
}

TESS_TEST(sched, joined_and_detached_threads_give_their_memory_back)
{
	struct tess_alloc_stats before, after;
	struct tess_sched_thread_attr det = {.detached = true};
	struct tess_thread *t;

	tess_alloc_stats_get(tess_alloc_default(), &before);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, return_arg_plus_one, NULL),
		  0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	ASSERT_EQ(
		tess_sched_thread_create(NULL, &det, return_arg_plus_one, NULL),
		0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, return_arg_plus_one, NULL),
		  0);
	tess_sched_yield(); /* both run; t exits and waits for detach */
	EXPECT_EQ(tess_sched_thread_state(t), TESS_THREAD_EXITED);
	ASSERT_EQ(tess_sched_thread_detach(t), 0); /* freed at once */
	tess_sched_yield();
	tess_alloc_stats_get(tess_alloc_default(), &after);
	EXPECT_EQ_U(after.live_blocks, before.live_blocks);
	EXPECT_EQ_U(after.in_use_bytes, before.in_use_bytes);
}

#define TURNS 5
static char order[3 * TURNS + 1];
static volatile unsigned int order_len;

static void *record_turns(void *arg)
{
	for (int i = 0; i < TURNS; i++) {
		order[order_len++] = *(const char *)arg;
		tess_sched_yield();
	}
	return NULL;
}

TESS_TEST(sched, yield_takes_turns_round_robin)
{
	struct tess_thread *t[3];
	static const char names[3] = {'a', 'b', 'c'};

	order_len = 0;
	memset(order, 0, sizeof(order));
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_create(&t[i], NULL, record_turns,
						   (void *)&names[i]),
			  0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(tess_sched_thread_join(t[i], NULL), 0);
	EXPECT_STREQ(order, "abcabcabcabcabc");
}

static volatile int block_result = 1;
static volatile bool blocked_once;

static void *block_forever_once(void *arg)
{
	bool was = tess_plat_irq_save();

	(void)arg;
	blocked_once = true;
	block_result = tess_sched_block_until(TESS_SCHED_FOREVER, "test");
	tess_plat_irq_restore(was);
	return NULL;
}

TESS_TEST(sched, blocked_thread_runs_again_only_when_woken)
{
	struct tess_thread *t;

	block_result = 1;
	blocked_once = false;
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, block_forever_once, NULL),
		  0);
	EXPECT_FALSE(tess_sched_thread_wake(t)); /* ready, not blocked */
	tess_sched_yield();
	EXPECT_TRUE(blocked_once);
	EXPECT_EQ(tess_sched_thread_state(t), TESS_THREAD_BLOCKED);
	tess_sched_yield();
	tess_sched_yield();
	EXPECT_EQ(block_result, 1); /* still blocked */
	EXPECT_TRUE(tess_sched_thread_wake(t));
	EXPECT_FALSE(tess_sched_thread_wake(t));
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	EXPECT_EQ(block_result, 0);
}

static void wake_from_irq(void *arg)
{
	tess_sched_thread_wake(arg);
}

TESS_TEST(sched, thread_woken_from_interrupt_context)
{
	struct tess_sched_timer timer;
	struct tess_thread *t;

	block_result = 1;
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, block_forever_once, NULL),
		  0);
	tess_sched_yield();
	ASSERT_EQ(tess_sched_thread_state(t), TESS_THREAD_BLOCKED);
	tess_sched_timer_init(&timer, wake_from_irq, t);
	ASSERT_EQ(tess_sched_timer_start(&timer,
					 tess_plat_monotonic_ns() + 1000000),
		  0);
	/* main joins: both threads blocked, the CPU idles until the timer
	 * interrupt wakes t, whose exit wakes main. */
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	EXPECT_EQ(block_result, 0);
}

TESS_TEST(sched, block_with_a_past_deadline_times_out_at_once)
{
	bool was = tess_plat_irq_save();
	int err = tess_sched_block_until(tess_plat_monotonic_ns() - 1, "test");

	tess_plat_irq_restore(was);
	EXPECT_EQ(err, -ETIMEDOUT);
}

static int count_states(struct tess_thread *t, void *arg)
{
	unsigned int *counts = arg;

	counts[tess_sched_thread_state(t)]++;
	return 0;
}

static int find_name(struct tess_thread *t, void *arg)
{
	return strcmp(tess_sched_thread_name(t), arg) == 0 ? 1 : 0;
}

TESS_TEST(sched, names_and_listing_show_every_thread_and_its_state)
{
	struct tess_sched_thread_attr named = {
		.name = "a-very-long-thread-name-that-is-truncated",
	};
	struct tess_thread *a, *b, *c;
	unsigned int counts[4] = {0};
	char want[TESS_SCHED_NAME_MAX + 1];

	ASSERT_EQ(
		tess_sched_thread_create(&a, &named, block_forever_once, NULL),
		0);
	ASSERT_EQ(tess_sched_thread_create(&b, NULL, return_arg_plus_one, NULL),
		  0);
	ASSERT_EQ(tess_sched_thread_create(&c, NULL, return_arg_plus_one, NULL),
		  0);
	memcpy(want, named.name, TESS_SCHED_NAME_MAX);
	want[TESS_SCHED_NAME_MAX] = '\0';
	EXPECT_STREQ(tess_sched_thread_name(a), want);
	EXPECT_TRUE(strncmp(tess_sched_thread_name(b), "thread-", 7) == 0);
	EXPECT_EQ(tess_sched_thread_name_set(c, "renamed"), 0);
	EXPECT_EQ(tess_sched_thread_name_set(c, NULL), -EINVAL);
	EXPECT_EQ(tess_sched_thread_foreach(find_name, "renamed"), 1);
	EXPECT_EQ(tess_sched_thread_foreach(find_name, "nobody"), 0);
	tess_sched_yield(); /* a blocks, b and c exit */
	tess_sched_thread_foreach(count_states, counts);
	EXPECT_EQ(counts[TESS_THREAD_RUNNING], 1);
	EXPECT_EQ(counts[TESS_THREAD_BLOCKED], 1);
	EXPECT_EQ(counts[TESS_THREAD_EXITED], 2);
	EXPECT_STREQ(tess_sched_state_name(TESS_THREAD_BLOCKED), "blocked");
	tess_sched_threads_print(TESS_LOG_DEBUG);
	tess_sched_thread_wake(a);
	EXPECT_EQ(tess_sched_thread_join(a, NULL), 0);
	EXPECT_EQ(tess_sched_thread_join(b, NULL), 0);
	EXPECT_EQ(tess_sched_thread_join(c, NULL), 0);
}

static uintptr_t fs_word0(void)
{
	uintptr_t v;

	__asm__ __volatile__("movq %%fs:0, %0" : "=r"(v));
	return v;
}

static void *read_tls_twice(void *arg)
{
	uintptr_t first = fs_word0();

	(void)arg;
	tess_sched_yield();
	return (void *)(first == fs_word0() ? first : 0);
}

TESS_TEST(sched, each_thread_sees_its_own_tls_base)
{
	static uintptr_t tls_a[2] = {0xaaaa}, tls_b[2] = {0xbbbb};
	struct tess_sched_thread_attr a = {.tls = (uintptr_t)tls_a};
	struct tess_sched_thread_attr b = {.tls = (uintptr_t)tls_b};
	struct tess_thread *ta, *tb;
	void *ra = NULL, *rb = NULL;
	int err = tess_sched_thread_create(&ta, &a, read_tls_twice, NULL);

	ASSERT_EQ(err, 0);
	ASSERT_EQ(tess_sched_thread_create(&tb, &b, read_tls_twice, NULL), 0);
	ASSERT_EQ(tess_sched_thread_join(ta, &ra), 0);
	ASSERT_EQ(tess_sched_thread_join(tb, &rb), 0);
	EXPECT_EQ_U((uintptr_t)ra, 0xaaaa);
	EXPECT_EQ_U((uintptr_t)rb, 0xbbbb);
}
