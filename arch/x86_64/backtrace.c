/* SPDX-License-Identifier: BSD-3-Clause */
/* Frame-pointer stack walk for backtraces. */
#include <stddef.h>
#include <tess/arch.h>

/* With -fno-omit-frame-pointer every frame starts with the caller's %rbp
 * followed by the return address. */
struct frame {
	const struct frame *next;
	uintptr_t return_address;
};

/* A stack frame more than this far above the previous one means the chain
 * left the stack. */
#define MAX_FRAME_SIZE (1UL << 20)

int tess_arch_backtrace(uintptr_t frame, uintptr_t *addrs, int max)
{
	const struct frame *f = (const struct frame *)frame;
	int n = 0;

	while (n < max && f != NULL && ((uintptr_t)f & 7) == 0) {
		if (f->return_address == 0)
			break;
		addrs[n++] = f->return_address;
		if ((uintptr_t)f->next <= (uintptr_t)f ||
		    (uintptr_t)f->next - (uintptr_t)f > MAX_FRAME_SIZE)
			break;
		f = f->next;
	}
	return n;
}
