/* SPDX-License-Identifier: BSD-3-Clause */
/* Builds the initial stack of a new context for tess_arch_context_switch. */
#include <tess/arch.h>
#include <tess/compiler.h>

void tess_arch_context_trampoline(void);

/* The frame tess_arch_context_switch pops, lowest address first. */
struct initial_frame {
	uint32_t mxcsr;
	uint16_t fpu_cw;
	uint16_t pad;
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t return_address;
};

/* Power-on defaults of the SSE and x87 control words (all exceptions
 * masked, round to nearest, 64-bit x87 precision). */
#define MXCSR_DEFAULT  0x1f80
#define FPU_CW_DEFAULT 0x037f

void tess_arch_context_init(struct tess_arch_context *ctx, void *stack_top,
			    void (*entry)(void *), void *arg)
{
	/* After the switch's ret, %rsp sits just above return_address; it
	 * must be 16-byte aligned when the trampoline makes its call. */
	uintptr_t top = TESS_ALIGN_DOWN((uintptr_t)stack_top, 16);
	struct initial_frame *f = (struct initial_frame *)(top - sizeof(*f));

	f->mxcsr = MXCSR_DEFAULT;
	f->fpu_cw = FPU_CW_DEFAULT;
	f->pad = 0;
	f->r15 = f->r14 = f->rbx = f->rbp = 0;
	f->r12 = (uint64_t)(uintptr_t)entry;
	f->r13 = (uint64_t)(uintptr_t)arg;
	f->return_address = (uint64_t)(uintptr_t)tess_arch_context_trampoline;
	ctx->sp = (uintptr_t)f;
}
