/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm support for threads: the TLS base (wrfsbase at CPL3 where the CPU
 * has FSGSBASE, which the layout then enables; else a privileged call) and
 * page protections for stack guards and loaded programs (a privileged call
 * per page, allowed on free RAM only).
 */
#include <errno.h>
#include <tess/arch.h>
#include <tess/compiler.h>
#include <tess/plat/memory.h>
#include <tess/plat/tls.h>

#include "privcall.h"

/* -1 until the first call asks CPUID, then 0 or 1; boot thread only. */
static int fsgsbase = -1;

static bool cpu_has_fsgsbase(void)
{
	/* cpuid traps on kvm-pvm, but only this once. */
	if (fsgsbase < 0)
		fsgsbase = tess_arch_cpuid_has_fsgsbase();
	return fsgsbase;
}

int tess_plat_tls_set(uintptr_t base)
{
	if (cpu_has_fsgsbase()) {
		tess_arch_fs_base_write(base);
		return 0;
	}
	return (int)kvm_privcall(KVM_PRIV_FS_BASE, base, 0, 0);
}

/* The privileged call's mode for each protection, indexed by enum
 * tess_plat_prot. */
static const uint64_t kvm_page_mode[] = {
	[TESS_PLAT_PROT_NONE] = KVM_PAGE_NONE,
	[TESS_PLAT_PROT_READ] = KVM_PAGE_R,
	[TESS_PLAT_PROT_READ_WRITE] = KVM_PAGE_RW,
	[TESS_PLAT_PROT_READ_EXEC] = KVM_PAGE_RX,
};

int tess_plat_memory_protect(void *base, size_t len, enum tess_plat_prot prot)
{
	uintptr_t page = (uintptr_t)base;

	if (len == 0 || !TESS_IS_ALIGNED(page, TESS_PAGE_SIZE) ||
	    !TESS_IS_ALIGNED(len, TESS_PAGE_SIZE) ||
	    (unsigned int)prot >= TESS_ARRAY_SIZE(kvm_page_mode))
		return -EINVAL;
	/* One privileged call per page: the CPL0 side checks each page's
	 * free-RAM bit, so a range reaching into the image fails there. */
	for (size_t done = 0; done < len; done += TESS_PAGE_SIZE) {
		long err = kvm_privcall(KVM_PRIV_PAGE_PROTECT, page + done,
					kvm_page_mode[prot], 0);

		if (err)
			return (int)err;
	}
	return 0;
}

int tess_plat_memory_guard(void *base, size_t len, bool guard)
{
	return tess_plat_memory_protect(base, len,
					guard ? TESS_PLAT_PROT_NONE
					      : TESS_PLAT_PROT_READ_WRITE);
}
