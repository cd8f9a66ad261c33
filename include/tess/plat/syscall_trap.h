/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform contract: trapping the `syscall` instruction of unmodified
 * Linux binaries (lib/elfexec's programs). The platform offers the
 * mechanism (catching the instruction, the register frame it left: struct
 * tess_arch_syscall_frame, which tess_arch_syscall_frame_resume resumes on
 * another stack); the system-call layer above registers the policy
 * (lib/syscall its table, lib/posix-thread its clone). Platforms that
 * cannot trap the instruction (linuxu: the host kernel takes it) refuse
 * with -ENOSYS. Not for interrupt context.
 */
#ifndef TESS_PLAT_SYSCALL_TRAP_H
#define TESS_PLAT_SYSCALL_TRAP_H

#include <stdint.h>
#include <tess/arch.h>

/* System call handlers: the call's number and six arguments; the one for
 * clone gets the whole frame instead (its child resumes that state). */
typedef long (*tess_plat_syscall_fn)(long nr, long a, long b, long c, long d,
				     long e, long f);
typedef long (*tess_plat_syscall_clone_fn)(
	const struct tess_arch_syscall_frame *frame);

/* From now on a syscall instruction calls dispatch and returns its result
 * to the caller as Linux does. Returns 0, -ENOSYS (the platform cannot
 * trap it) or -EIO. Before it is called, the instruction is not trapped. */
int tess_plat_syscall_trap_set(tess_plat_syscall_fn dispatch);

/* Trapped clone (Linux x86_64 number 56) calls fn with the frame instead
 * of dispatch. Returns 0 or -ENOSYS. */
int tess_plat_syscall_clone_trap_set(tess_plat_syscall_clone_fn fn);

#endif /* TESS_PLAT_SYSCALL_TRAP_H */
