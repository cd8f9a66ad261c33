/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu-specific platform tests: the one-shot timer and the irq mask
 * (the shared contract tests are plat/common/tests/contract_test.c). */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/test.h>

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
