/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm support for threads, not there yet: the FS base (wrfsbase needs
 * CR4.FSGSBASE, wrmsr needs CPL0) and page protections for stack guards
 * both need the CPL0 layer's help. Both return -ENOSYS and log once.
 */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/memory.h>
#include <tess/plat/tls.h>

int tess_plat_tls_set(uintptr_t base)
{
	/* Written once, by the first caller. */
	static bool logged;

	(void)base;
	if (!logged) {
		logged = true;
		tess_pr_warn("tess_plat_tls_set: not implemented on kvm yet (needs a CPL0 call): -ENOSYS");
	}
	return -ENOSYS;
}

int tess_plat_memory_guard(void *base, size_t len, bool guard)
{
	/* Written once, by the first caller. */
	static bool logged;

	(void)guard;
	if (len == 0 || !TESS_IS_ALIGNED((uintptr_t)base, TESS_PAGE_SIZE) ||
	    !TESS_IS_ALIGNED(len, TESS_PAGE_SIZE))
		return -EINVAL;
	if (!logged) {
		logged = true;
		tess_pr_info("tess_plat_memory_guard: not implemented on kvm yet (needs page-table access): -ENOSYS");
	}
	return -ENOSYS;
}
