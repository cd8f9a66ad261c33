/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of the linuxu platform contract: memory, clocks, timer, irq mask. */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>
#include <tess/plat/time.h>
#include <tess/test.h>

TESS_TEST(linuxu, memory_region_is_page_aligned_and_writable)
{
	struct tess_plat_memory_region r;

	ASSERT_EQ(tess_plat_memory_region_get(0, &r), 0);
	EXPECT_TRUE(r.base % TESS_PAGE_SIZE == 0);
	EXPECT_TRUE(r.len % TESS_PAGE_SIZE == 0);
	EXPECT_GE_U(r.len, TESS_PAGE_SIZE);
	EXPECT_EQ(tess_plat_memory_region_get(1, &r), -ENOENT);
}

TESS_TEST(linuxu, monotonic_clock_never_goes_backwards)
{
	uint64_t prev = tess_plat_monotonic_ns();

	for (int i = 0; i < 1000; i++) {
		uint64_t now = tess_plat_monotonic_ns();

		ASSERT_GE_U(now, prev);
		prev = now;
	}
}

TESS_TEST(linuxu, wall_clock_is_after_2020)
{
	/* 2020-01-01T00:00:00Z */
	EXPECT_GT_U(tess_plat_wall_ns(), 1577836800ULL * 1000000000ULL);
}

static volatile int timer_fired;
static volatile uint64_t timer_fired_at;

static void on_timer(enum tess_irq irq, void *arg)
{
	(void)irq;
	timer_fired_at = tess_plat_monotonic_ns();
	timer_fired += *(int *)arg;
}

TESS_TEST(linuxu, oneshot_timer_fires_once_not_before_deadline)
{
	static int one = 1;
	uint64_t deadline;

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	EXPECT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one),
		  -EBUSY);
	timer_fired = 0;
	deadline = tess_plat_monotonic_ns() + 2000000; /* 2 ms */
	ASSERT_EQ(tess_plat_timer_set(deadline), 0);
	while (!timer_fired)
		tess_plat_idle();
	EXPECT_EQ(timer_fired, 1);
	EXPECT_GE_U(timer_fired_at, deadline);
	/* One-shot: no second interrupt 5 ms later. */
	deadline = tess_plat_monotonic_ns() + 5000000;
	while (tess_plat_monotonic_ns() < deadline)
		;
	EXPECT_EQ(timer_fired, 1);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(linuxu, interrupt_while_disabled_runs_on_restore)
{
	static int one = 1;
	uint64_t until;
	bool was;

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	timer_fired = 0;
	was = tess_plat_irq_save();
	ASSERT_EQ(tess_plat_timer_set(tess_plat_monotonic_ns() + 1000000), 0);
	/* Spin well past the deadline with interrupts disabled. */
	until = tess_plat_monotonic_ns() + 4000000;
	while (tess_plat_monotonic_ns() < until)
		;
	EXPECT_EQ(timer_fired, 0);
	tess_plat_irq_restore(was);
	EXPECT_EQ(timer_fired, 1);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(linuxu, cancelled_timer_does_not_fire)
{
	static int one = 1;
	uint64_t until;

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	timer_fired = 0;
	ASSERT_EQ(tess_plat_timer_set(tess_plat_monotonic_ns() + 1000000), 0);
	tess_plat_timer_cancel();
	until = tess_plat_monotonic_ns() + 3000000;
	while (tess_plat_monotonic_ns() < until)
		;
	EXPECT_EQ(timer_fired, 0);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(linuxu, entropy_fills_buffer)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };
	int same = 0;

	ASSERT_EQ(tess_plat_entropy(a, sizeof(a)), 0);
	ASSERT_EQ(tess_plat_entropy(b, sizeof(b)), 0);
	for (unsigned int i = 0; i < sizeof(a); i++)
		same += a[i] == b[i];
	EXPECT_LT(same, 8);
}
