/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the context switch: a new context runs its entry with its
 * argument on an aligned stack, switches back and forth keep each side's
 * locals and MXCSR control bits.
 */
#include <tess/arch.h>
#include <tess/test.h>

static struct tess_arch_context main_ctx, side_ctx;
static unsigned char side_stack[16384] __attribute__((aligned(16)));
static volatile unsigned long side_rounds;
static volatile uintptr_t side_frame;
static void *volatile side_arg;
static volatile uint32_t side_mxcsr;

static uint32_t mxcsr_get(void)
{
	uint32_t v;

	__asm__ __volatile__("stmxcsr %0" : "=m"(v));
	return v;
}

static void mxcsr_set(uint32_t v)
{
	__asm__ __volatile__("ldmxcsr %0" ::"m"(v));
}

static void side_entry(void *arg)
{
	unsigned long local = 0x5eed;

	side_arg = arg;
	side_frame = tess_arch_frame_pointer();
	side_mxcsr = mxcsr_get();
	/* Round toward zero here only: the main context must not see it. */
	mxcsr_set(side_mxcsr | 0x6000);
	for (;;) {
		side_rounds++;
		local += 1;
		tess_arch_context_switch(&side_ctx, &main_ctx);
		if (mxcsr_get() != (side_mxcsr | 0x6000) ||
		    local != 0x5eed + side_rounds)
			side_rounds = 1000000; /* reported by the main side */
	}
}

TESS_TEST(arch_context, new_context_runs_entry_and_switches_back_and_forth)
{
	int marker = 42;
	uint32_t mxcsr = mxcsr_get();
	unsigned long locals = 7;

	side_rounds = 0;
	tess_arch_context_init(&side_ctx, side_stack + sizeof(side_stack),
			       side_entry, &marker);
	for (unsigned long i = 1; i <= 100; i++) {
		tess_arch_context_switch(&main_ctx, &side_ctx);
		EXPECT_EQ_U(side_rounds, i);
		locals += i;
	}
	EXPECT_EQ_U(locals, 7 + 5050);
	EXPECT_TRUE(side_arg == &marker);
	/* The entry's frame (after its push of %rbp) is 16-byte aligned:
	 * the trampoline called it with the ABI's stack alignment. */
	EXPECT_EQ_U(side_frame & 15, 0);
	EXPECT_TRUE(side_frame > (uintptr_t)side_stack &&
		    side_frame < (uintptr_t)side_stack + sizeof(side_stack));
	/* The new context started with the default control word, and its
	 * change of rounding mode stayed on its side. */
	EXPECT_EQ_U(side_mxcsr & 0xffc0, 0x1f80);
	EXPECT_EQ_U(mxcsr_get(), mxcsr);
}

TESS_TEST(arch_context, init_aligns_an_unaligned_stack_top)
{
	struct tess_arch_context ctx;

	tess_arch_context_init(&ctx, side_stack + sizeof(side_stack) - 5,
			       side_entry, NULL);
	/* 64 bytes of frame below the 16-aligned top, itself 16-aligned
	 * after the 56 bytes the switch pops before its ret. */
	EXPECT_EQ_U((ctx.sp + 64) & 15, 0);
	EXPECT_TRUE(ctx.sp + 64 <=
		    (uintptr_t)side_stack + sizeof(side_stack) - 5);
}
