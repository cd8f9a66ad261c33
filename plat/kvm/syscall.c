/* SPDX-License-Identifier: BSD-3-Clause */
/* The trapped-syscall path's C half: set up at boot, dispatch into the table. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <tess/debug.h>
#include <tess/init.h>
#ifdef CONFIG_TESS_SYSCALL
#include <tess/syscall.h>
#endif
#ifdef CONFIG_TESS_POSIX_THREAD
#include <tess/alloc.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>
#endif

#include "privcall.h"

/* The registers kvm_syscall_entry saved for a clone, lowest address first
 * (the FRAME_* offsets of syscall_entry_x86_64.S). */
struct kvm_syscall_frame {
	uint64_t r15, r14, r13, r12, rbp, r9, r8, r10, rdx, rsi, rdi, rbx;
	uint64_t r11; /* the caller's flags */
	uint64_t rcx; /* where the caller resumes */
};
_Static_assert(__builtin_offsetof(struct kvm_syscall_frame, rcx) == 104,
	       "the frame matches syscall_entry_x86_64.S");

/* Called by kvm_syscall_entry (syscall_entry_x86_64.S). */
__attribute__((used)) long kvm_syscall_dispatch(long nr, long a, long b, long c,
						long d, long e, long f)
{
#ifdef CONFIG_TESS_SYSCALL
	return tess_syscall(nr, a, b, c, d, e, f);
#else
	static bool logged;

	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	if (!logged) {
		logged = true;
		tess_pr_warn("syscall instruction (system call %ld) in an "
			     "image without lib/syscall: -ENOSYS",
			     nr);
	}
	return -ENOSYS;
#endif
}

#ifdef CONFIG_TESS_POSIX_THREAD
/* Becomes the child of a trapped clone (syscall_entry_x86_64.S). */
__attribute__((noreturn)) void
kvm_clone_resume(const struct kvm_syscall_frame *f, uint64_t stack);

struct clone_resume {
	struct kvm_syscall_frame frame;
	uint64_t stack;
};

/* The new thread, first on a lib/sched stack: it takes the parent's
 * registers and the program's own stack, and returns 0 from the clone. */
static int trapped_clone_child(void *arg)
{
	struct clone_resume r = *(struct clone_resume *)arg;

	tess_free(tess_alloc_default(), arg);
	tess_sched_thread_stack_foreign();
	kvm_clone_resume(&r.frame, r.stack);
}

/*
 * clone from an unmodified binary's syscall instruction (Linux x86_64:
 * flags, new stack, ptid, ctid, tls in rdi, rsi, rdx, r10, r8): a thread
 * through tess_clone whose child resumes after the instruction with the
 * caller's registers, rax 0 and the new stack, as Linux does. Threads only
 * (tess_clone refuses the rest).
 */
__attribute__((used)) long kvm_syscall_clone(const struct kvm_syscall_frame *f)
{
	struct clone_resume *r;
	long tid;

	if (f->rsi == 0)
		return -EINVAL; /* a thread without its own stack */
	r = tess_malloc(tess_alloc_default(), sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->frame = *f;
	r->stack = f->rsi;
	tid = tess_clone(trapped_clone_child, (void *)(uintptr_t)f->rsi,
			 (int)f->rdi, r, (int *)(uintptr_t)f->rdx,
			 (void *)(uintptr_t)f->r8, (int *)(uintptr_t)f->r10);
	if (tid < 0)
		tess_free(tess_alloc_default(), r);
	return tid;
}
#else
/* Without lib/posix-thread clone is whatever the table says (-ENOSYS). */
__attribute__((used)) long kvm_syscall_clone(const struct kvm_syscall_frame *f)
{
	return kvm_syscall_dispatch(56, (long)f->rdi, (long)f->rsi,
				    (long)f->rdx, (long)f->r10, (long)f->r8,
				    (long)f->r9);
}
#endif

#ifdef CONFIG_TESS_SYSCALL
/* One privileged call at boot, only in images that have system calls. */
static int syscall_entry_init(void)
{
	return kvm_privcall(KVM_PRIV_SYSCALL_INIT, 0, 0, 0) < 0 ? -EIO : 0;
}
TESS_INIT(syscall_entry_init, TESS_INIT_EARLY);
#endif
