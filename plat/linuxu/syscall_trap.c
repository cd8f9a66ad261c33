/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu cannot trap the syscall instruction: the host kernel takes it. */
#include <errno.h>
#include <tess/plat/syscall_trap.h>

int tess_plat_syscall_trap_set(tess_plat_syscall_fn dispatch)
{
	(void)dispatch;
	return -ENOSYS;
}

int tess_plat_syscall_clone_trap_set(tess_plat_syscall_clone_fn fn)
{
	(void)fn;
	return -ENOSYS;
}
