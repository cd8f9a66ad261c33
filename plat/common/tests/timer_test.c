/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the platform contract's timer, interrupt mask and idle, shared
 * by every platform (compiled by each platform's Makefile.uk): the one-shot
 * timer, interrupts held while masked, idle, and an interrupt that leaves
 * the interrupted code's registers, flags and SSE state as they were.
 */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/test.h>
#include <tess/test_util.h>

static volatile int timer_fired;
static volatile uint64_t timer_fired_at;

/* Idles until the timer handler has run. The check and the idle happen
 * with interrupts masked (the idle then returns with the interrupt pending
 * and the restore runs the handler): unmasked, the interrupt could land
 * between the check and the idle, which would then wait for nothing. */
static void idle_until_fired(void);

static void on_timer(enum tess_irq irq, void *arg)
{
	(void)irq;
	timer_fired_at = tess_plat_monotonic_ns();
	timer_fired += *(int *)arg;
}

static void idle_until_fired(void)
{
	bool was = tess_plat_irq_save();

	while (!timer_fired) {
		tess_plat_idle();
		tess_plat_irq_restore(was);
		was = tess_plat_irq_save();
	}
	tess_plat_irq_restore(was);
}

TESS_TEST(plat_timer, oneshot_timer_fires_once_not_before_deadline)
{
	static int one = 1;
	uint64_t deadline;

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	EXPECT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one),
		  -EBUSY);
	timer_fired = 0;
	deadline = tess_plat_monotonic_ns() + 2000000; /* 2 ms */
	ASSERT_EQ(tess_plat_timer_set(deadline), 0);
	idle_until_fired();
	EXPECT_EQ(timer_fired, 1);
	EXPECT_GE_U(timer_fired_at, deadline);
	/* One-shot: no second interrupt 5 ms later. */
	tess_test_busy_until(tess_plat_monotonic_ns() + 5000000);
	EXPECT_EQ(timer_fired, 1);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(plat_timer, interrupt_while_disabled_runs_on_restore)
{
	static int one = 1;
	bool was;

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	timer_fired = 0;
	was = tess_plat_irq_save();
	ASSERT_EQ(tess_plat_timer_set(tess_plat_monotonic_ns() + 1000000), 0);
	/* Spin well past the deadline with interrupts disabled. */
	tess_test_busy_until(tess_plat_monotonic_ns() + 4000000);
	EXPECT_EQ(timer_fired, 0);
	tess_plat_irq_restore(was);
	EXPECT_EQ(timer_fired, 1);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(plat_timer, cancelled_timer_does_not_fire)
{
	static int one = 1;

	uint64_t deadline, cancelled_at;

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	timer_fired = 0;
	deadline = tess_plat_monotonic_ns() + 1000000;
	ASSERT_EQ(tess_plat_timer_set(deadline), 0);
	tess_plat_timer_cancel();
	cancelled_at = tess_plat_monotonic_ns();
	tess_test_busy_until(tess_plat_monotonic_ns() + 3000000);
	/* Cancelled before its deadline (stamped: a host that stalled us
	 * past it let it fire first, rightly), it never fires. */
	if (cancelled_at < deadline)
		EXPECT_EQ(timer_fired, 0);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(plat_timer, deadline_in_the_past_fires_at_once)
{
	static int one = 1;
	uint64_t start = tess_plat_monotonic_ns();

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	timer_fired = 0;
	ASSERT_EQ(tess_plat_timer_set(start > 1000 ? start - 1000 : 0), 0);
	idle_until_fired();
	/* At once rather than never or after a wrap-around: the bound
	 * catches those, not the host's scheduling of us. */
	EXPECT_LT_U(tess_plat_monotonic_ns() - start, 500000000);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(plat_timer, rearming_replaces_the_earlier_deadline)
{
	static int one = 1;
	uint64_t start = tess_plat_monotonic_ns();

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	timer_fired = 0;
	ASSERT_EQ(tess_plat_timer_set(start + 300000000), 0); /* 300 ms */
	ASSERT_EQ(tess_plat_timer_set(start + 1000000), 0);   /* 1 ms */
	idle_until_fired();
	/* Fired for the 1 ms deadline, well before the replaced one. */
	EXPECT_GE_U(timer_fired_at, start + 1000000);
	EXPECT_LT_U(timer_fired_at, start + 300000000);
	/* The 300 ms deadline is gone: nothing more fires. */
	tess_test_busy_until(start + 320000000);
	EXPECT_EQ(timer_fired, 1);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(plat_timer, register_is_refused_for_unknown_lines_and_null)
{
	EXPECT_EQ(tess_plat_irq_register(TESS_IRQ_COUNT, on_timer, NULL),
		  -EINVAL);
	EXPECT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, NULL, NULL), -EINVAL);
}

#define TICKS_WANTED 20
static volatile unsigned long ticks;

/* Re-arms itself and clobbers SSE registers, which the interrupted code
 * must not notice. */
static void on_tick(enum tess_irq irq, void *arg)
{
	(void)irq, (void)arg;
	__asm__ __volatile__(
		"pcmpeqd %%xmm0, %%xmm0\n\tpxor %%xmm15, %%xmm15" ::
			: "xmm0", "xmm15");
	if (++ticks < TICKS_WANTED)
		tess_plat_timer_set(tess_plat_monotonic_ns() + 300000);
}

/* Fills the registers with known values, spins (direction flag set) until
 * the handler has run TICKS_WANTED times, then counts what changed. */
static unsigned long spin_and_count_changed_registers(void)
{
	unsigned long changed;

	__asm__ __volatile__(
		"movabsq $0x1111111111111111, %%rbx\n\t"
		"movabsq $0x2222222222222222, %%rcx\n\t"
		"movabsq $0x3333333333333333, %%rdx\n\t"
		"movabsq $0x4444444444444444, %%rsi\n\t"
		"movabsq $0x5555555555555555, %%rdi\n\t"
		"movabsq $0x6666666666666666, %%r8\n\t"
		"movabsq $0x7777777777777777, %%r9\n\t"
		"movabsq $0x8888888888888888, %%r10\n\t"
		"movabsq $0x9999999999999999, %%r11\n\t"
		"movabsq $0xaaaaaaaaaaaaaaaa, %%r12\n\t"
		"movabsq $0xbbbbbbbbbbbbbbbb, %%r13\n\t"
		"movabsq $0xcccccccccccccccc, %%r14\n\t"
		"movq %%rbx, %%xmm0\n\t"
		"movq %%rcx, %%xmm15\n\t"
		"std\n"
		"1:\tmovq %[ticks], %%rax\n\t"
		"cmpq %[want], %%rax\n\t"
		"jb 1b\n\t"
		"pushfq\n\t"
		"cld\n\t"
		"popq %%r15\n\t"
		"xorl %%eax, %%eax\n\t"
		"shrq $10, %%r15\n\t" /* DF is bit 10 */
		"andl $1, %%r15d\n\t"
		"xorl $1, %%r15d\n\t"
		"addq %%r15, %%rax\n\t"
		".macro CHECK reg, val\n\t"
		"movabsq \\val, %%r15\n\t"
		"cmpq %%r15, \\reg\n\t"
		"setne %%r15b\n\t"
		"movzbl %%r15b, %%r15d\n\t"
		"addq %%r15, %%rax\n\t"
		".endm\n\t"
		"CHECK %%rbx, $0x1111111111111111\n\t"
		"CHECK %%rcx, $0x2222222222222222\n\t"
		"CHECK %%rdx, $0x3333333333333333\n\t"
		"CHECK %%rsi, $0x4444444444444444\n\t"
		"CHECK %%rdi, $0x5555555555555555\n\t"
		"CHECK %%r8, $0x6666666666666666\n\t"
		"CHECK %%r9, $0x7777777777777777\n\t"
		"CHECK %%r10, $0x8888888888888888\n\t"
		"CHECK %%r11, $0x9999999999999999\n\t"
		"CHECK %%r12, $0xaaaaaaaaaaaaaaaa\n\t"
		"CHECK %%r13, $0xbbbbbbbbbbbbbbbb\n\t"
		"CHECK %%r14, $0xcccccccccccccccc\n\t"
		/* CHECK's scratch is %r15: compare the SSE values in
		 * registers already checked. */
		"movq %%xmm0, %%rbx\n\t"
		"CHECK %%rbx, $0x1111111111111111\n\t"
		"movq %%xmm15, %%rcx\n\t"
		"CHECK %%rcx, $0x2222222222222222\n\t"
		".purgem CHECK"
		: "=&a"(changed)
		: [ticks] "m"(ticks), [want] "i"(TICKS_WANTED)
		: "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
		  "r12", "r13", "r14", "r15", "xmm0", "xmm15", "cc", "memory");
	return changed;
}

TESS_TEST(plat_timer, interrupts_preserve_registers_flags_and_sse_state)
{
	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_tick, NULL), 0);
	ticks = 0;
	ASSERT_EQ(tess_plat_timer_set(tess_plat_monotonic_ns() + 300000), 0);
	EXPECT_EQ(spin_and_count_changed_registers(), 0);
	EXPECT_EQ(ticks, TICKS_WANTED);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}

TESS_TEST(plat_timer, idle_with_interrupts_disabled_returns_with_it_pending)
{
	static int one = 1;
	uint64_t deadline;
	bool was;

	ASSERT_EQ(tess_plat_irq_register(TESS_IRQ_TIMER, on_timer, &one), 0);
	timer_fired = 0;
	was = tess_plat_irq_save();
	deadline = tess_plat_monotonic_ns() + 2000000;
	ASSERT_EQ(tess_plat_timer_set(deadline), 0);
	tess_plat_idle();
	/* Woken by the timer (not before its deadline), handler not run. */
	EXPECT_GE_U(tess_plat_monotonic_ns(), deadline);
	EXPECT_EQ(timer_fired, 0);
	tess_plat_irq_restore(was);
	EXPECT_EQ(timer_fired, 1);
	tess_plat_irq_unregister(TESS_IRQ_TIMER);
}
