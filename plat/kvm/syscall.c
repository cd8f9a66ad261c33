/* SPDX-License-Identifier: BSD-3-Clause */
/* The trapped-syscall path's C half: handlers registered from above, the
 * entry armed once the first one is. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <tess/debug.h>
#include <tess/plat/syscall_trap.h>

#include "privcall.h"

/* Linux x86_64's clone, which syscall_entry_x86_64.S sends here with the
 * whole frame. */
#define SYS_CLONE 56

_Static_assert(__builtin_offsetof(struct tess_arch_syscall_frame, rcx) == 104,
	       "the frame matches syscall_entry_x86_64.S");

static tess_plat_syscall_fn dispatch_fn;
static tess_plat_syscall_clone_fn clone_fn;

int tess_plat_syscall_trap_set(tess_plat_syscall_fn dispatch)
{
	static bool armed;

	if (dispatch == NULL)
		return -EINVAL;
	dispatch_fn = dispatch;
	/* One privileged call, only in images that handle system calls. */
	if (!armed) {
		if (kvm_privcall(KVM_PRIV_SYSCALL_INIT, 0, 0, 0) < 0)
			return -EIO;
		armed = true;
	}
	return 0;
}

int tess_plat_syscall_clone_trap_set(tess_plat_syscall_clone_fn fn)
{
	clone_fn = fn;
	return 0;
}

/* Called by kvm_syscall_entry (syscall_entry_x86_64.S). The entry is armed
 * only once dispatch_fn is set. */
__attribute__((used)) long kvm_syscall_dispatch(long nr, long a, long b, long c,
						long d, long e, long f)
{
	return dispatch_fn(nr, a, b, c, d, e, f);
}

/* clone from a syscall instruction: the registered handler gets the frame;
 * without one, clone is whatever the dispatcher says (-ENOSYS). */
__attribute__((used)) long
kvm_syscall_clone(const struct tess_arch_syscall_frame *f)
{
	if (clone_fn != NULL)
		return clone_fn(f);
	return kvm_syscall_dispatch(SYS_CLONE, (long)f->rdi, (long)f->rsi,
				    (long)f->rdx, (long)f->r10, (long)f->r8,
				    (long)f->r9);
}
