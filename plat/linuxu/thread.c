/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu support for threads: the FS base (arch_prctl) and page protections (mprotect). */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/plat/memory.h>
#include <tess/plat/tls.h>

#include "linuxu.h"

#define LINUX_ARCH_SET_FS 0x1002
#define LINUX_PROT_NONE	  0

int tess_plat_tls_set(uintptr_t base)
{
	return (int)linuxu_syscall(SYS_arch_prctl, LINUX_ARCH_SET_FS, base, 0);
}

/* mprotect's flags for each protection, indexed by enum tess_plat_prot. */
static const long linux_prot[] = {
	[TESS_PLAT_PROT_NONE] = LINUX_PROT_NONE,
	[TESS_PLAT_PROT_READ] = LINUX_PROT_READ,
	[TESS_PLAT_PROT_READ_WRITE] = LINUX_PROT_READ | LINUX_PROT_WRITE,
	[TESS_PLAT_PROT_READ_EXEC] = LINUX_PROT_READ | LINUX_PROT_EXEC,
};

int tess_plat_memory_protect(void *base, size_t len, enum tess_plat_prot prot)
{
	if (len == 0 || !TESS_IS_ALIGNED((uintptr_t)base, TESS_PAGE_SIZE) ||
	    !TESS_IS_ALIGNED(len, TESS_PAGE_SIZE) ||
	    (unsigned int)prot >= TESS_ARRAY_SIZE(linux_prot))
		return -EINVAL;
	return (int)linuxu_syscall(SYS_mprotect, base, len, linux_prot[prot]);
}

int tess_plat_memory_guard(void *base, size_t len, bool guard)
{
	return tess_plat_memory_protect(base, len,
					guard ? TESS_PLAT_PROT_NONE
					      : TESS_PLAT_PROT_READ_WRITE);
}
