/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu support for threads: the FS base (arch_prctl) and stack guard pages (mprotect). */
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

int tess_plat_memory_guard(void *base, size_t len, bool guard)
{
	if (len == 0 || !TESS_IS_ALIGNED((uintptr_t)base, TESS_PAGE_SIZE) ||
	    !TESS_IS_ALIGNED(len, TESS_PAGE_SIZE))
		return -EINVAL;
	return (int)linuxu_syscall(SYS_mprotect, base, len,
				   guard ? LINUX_PROT_NONE
					 : LINUX_PROT_READ | LINUX_PROT_WRITE);
}
