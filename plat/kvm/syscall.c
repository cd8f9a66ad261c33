/* SPDX-License-Identifier: BSD-3-Clause */
/* The trapped-syscall path's C half: set up at boot, dispatch into the table. */
#include <errno.h>
#include <stdbool.h>
#include <tess/debug.h>
#include <tess/init.h>
#ifdef CONFIG_TESS_SYSCALL
#include <tess/syscall.h>
#endif

#include "privcall.h"

/* Called by kvm_syscall_entry (syscall_entry_x86_64.S). */
__attribute__((used)) long kvm_syscall_dispatch(long nr, long a, long b,
						long c, long d, long e, long f)
{
#ifdef CONFIG_TESS_SYSCALL
	return tess_syscall(nr, a, b, c, d, e, f);
#else
	static bool logged;

	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	if (!logged) {
		logged = true;
		tess_pr_warn("syscall instruction (system call %ld) in an image without lib/syscall: -ENOSYS",
			     nr);
	}
	return -ENOSYS;
#endif
}

#ifdef CONFIG_TESS_SYSCALL
/* One privileged call at boot, only in images that have system calls. */
static int syscall_entry_init(void)
{
	return kvm_privcall(KVM_PRIV_SYSCALL_INIT, 0, 0, 0) < 0 ? -EIO : 0;
}
TESS_INIT(syscall_entry_init, TESS_INIT_EARLY);
#endif
