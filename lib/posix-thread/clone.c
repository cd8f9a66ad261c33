/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads for a libc: clone (threads only) as tess_clone(), thread ids,
 * set_tid_address and the clear-child-tid wake-up at exit.
 */
#include <errno.h>
#include <stdbool.h>
#include <tess/alloc.h>
#include <tess/boot.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/irq.h>
#include <tess/plat/syscall_trap.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#define CLONE_NEEDED                                                           \
	(TESS_CLONE_VM | TESS_CLONE_FS | TESS_CLONE_FILES |                    \
	 TESS_CLONE_SIGHAND | TESS_CLONE_THREAD)
#define CLONE_KNOWN                                                            \
	(CLONE_NEEDED | TESS_CLONE_SYSVSEM | TESS_CLONE_SETTLS |               \
	 TESS_CLONE_PARENT_SETTID | TESS_CLONE_CHILD_CLEARTID |                \
	 TESS_CLONE_DETACHED | TESS_CLONE_CHILD_SETTID)

/* Per thread: the clear-child-tid address set by clone or
 * set_tid_address (NULL: none). */
struct tid_address {
	int *clear_tid;
};

/* Linux's exit of a thread: zero the clear-child-tid word and wake one
 * futex waiter on it (that is how pthread_join waits). */
static void clear_tid_at_exit(struct tess_thread *t, void *data)
{
	int *clear_tid = ((struct tid_address *)data)->clear_tid;

	(void)t;
	if (clear_tid) {
		__atomic_store_n(clear_tid, 0, __ATOMIC_SEQ_CST);
		tess_futex_wake(clear_tid, 1);
	}
}
TESS_SCHED_SLOT(tid_address, struct tid_address, .on_exit = clear_tid_at_exit);

static long tid_of(const struct tess_thread *t)
{
	return (long)tess_sched_thread_id(t);
}

struct clone_start {
	int (*fn)(void *);
	void *arg;
	int *ctid;
	int flags;
};

/* Ends the calling thread as Linux's exit does: the clear-child-tid
 * wake-up (its slot's exit hook), and the process's end with status when
 * it is the last thread. */
static __attribute__((noreturn)) void thread_exit(long status)
{
	if (tess_sched_threads_live() == 1)
		tess_boot_exit((int)(status & 0xff));
	tess_sched_thread_exit((void *)status);
}

static void *clone_child(void *arg)
{
	struct clone_start start = *(struct clone_start *)arg;
	struct tess_thread *self = tess_sched_current();

	tess_free(tess_alloc_default(), arg);
	if (start.flags & TESS_CLONE_CHILD_SETTID)
		*start.ctid = (int)tid_of(self);
	thread_exit(start.fn(start.arg));
}

long tess_clone(int (*fn)(void *), void *stack, int flags, void *arg, int *ptid,
		void *tls, int *ctid)
{
	struct tess_sched_thread_attr attr = {.detached = true};
	struct clone_start *start;
	struct tess_thread *t;
	bool was;
	int err;

	(void)stack; /* the thread runs on a stack of lib/sched's */
	if ((flags & CLONE_NEEDED) != CLONE_NEEDED) {
		static bool logged;

		if (!logged) {
			logged = true;
			tess_pr_warn("clone: only threads (CLONE_VM | "
				     "CLONE_THREAD ...) exist here; flags %#x "
				     "asked for a process (-ENOSYS)",
				     (unsigned int)flags);
		}
		return -ENOSYS;
	}
	if ((flags & ~(CLONE_KNOWN | 0xff)) || !fn ||
	    ((flags & (TESS_CLONE_CHILD_SETTID | TESS_CLONE_CHILD_CLEARTID)) &&
	     !ctid) ||
	    ((flags & TESS_CLONE_PARENT_SETTID) && !ptid))
		return -EINVAL;
	start = tess_malloc(tess_alloc_default(), sizeof(*start));
	if (!start)
		return -ENOMEM;
	*start = (struct clone_start){fn, arg, ctid, flags};
	if (flags & TESS_CLONE_SETTLS)
		attr.tls = (uintptr_t)tls;
	attr.name = "clone";
	/* Masked, so the child cannot run before its identity is in place
	 * (it first runs when this thread yields or is preempted). */
	was = tess_plat_irq_save();
	err = tess_sched_thread_create(&t, &attr, clone_child, start);
	if (err) {
		tess_plat_irq_restore(was);
		tess_free(tess_alloc_default(), start);
		return err;
	}
	if (flags & TESS_CLONE_CHILD_CLEARTID)
		((struct tid_address *)tess_sched_slot_data(t, &tid_address))
			->clear_tid = ctid;
	if (flags & TESS_CLONE_PARENT_SETTID)
		*ptid = (int)tid_of(t);
	tess_plat_irq_restore(was);
	return tid_of(t);
}

/* What clone_call_x86_64.S saved for the child, lowest address first. */
struct clone_call_frame {
	uint64_t rip; /* where the call into the table returns */
	uint64_t rbx, rbp, r12, r13, r14, r15;
};

struct clone_call_child {
	struct clone_call_frame frame;
	uintptr_t stack;
};

__attribute__((noreturn)) void
posix_clone_resume(const struct clone_call_frame *f, uintptr_t stack);

/* The new thread, first on a lib/sched stack: it takes the parent's
 * registers and the caller's stack and returns 0 from the call. */
static int clone_call_child(void *arg)
{
	struct clone_call_child c = *(struct clone_call_child *)arg;

	tess_free(tess_alloc_default(), arg);
	tess_sched_thread_stack_foreign();
	posix_clone_resume(&c.frame, c.stack);
}

/*
 * The clone system call (clone_call_x86_64.S saved frame): threads only,
 * with tess_clone's checks; the child resumes after the call. A child
 * with no stack of its own would share the caller's frames, which cannot
 * work: -EINVAL.
 */
__attribute__((used)) long posix_clone_call(unsigned long flags, void *stack,
					    int *ptid, int *ctid,
					    unsigned long tls,
					    const struct clone_call_frame *f)
{
	struct clone_call_child *c;
	long tid;

	if (!stack && (flags & CLONE_NEEDED) == CLONE_NEEDED)
		return -EINVAL;
	c = tess_malloc(tess_alloc_default(), sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->frame = *f;
	c->stack = (uintptr_t)stack;
	tid = tess_clone(clone_call_child, stack, (int)flags, c, ptid,
			 (void *)tls, ctid);
	if (tid < 0)
		tess_free(tess_alloc_default(), c);
	return tid;
}

/* The new thread of a trapped clone (an unmodified binary's syscall
 * instruction), first on a lib/sched stack: it becomes the parent's
 * register state on the program's own stack, returning 0 from the clone. */
static int trapped_clone_child(void *arg)
{
	struct tess_arch_syscall_frame f = *(struct tess_arch_syscall_frame *)arg;

	tess_free(tess_alloc_default(), arg);
	tess_sched_thread_stack_foreign();
	tess_arch_syscall_frame_resume(&f, f.rsi);
}

/* clone trapped by the platform (Linux x86_64: flags, new stack, ptid,
 * ctid, tls in rdi, rsi, rdx, r10, r8): tess_clone's checks, a child that
 * resumes after the instruction. */
static long trapped_clone(const struct tess_arch_syscall_frame *f)
{
	struct tess_arch_syscall_frame *copy;
	long tid;

	if (f->rsi == 0)
		return -EINVAL; /* a thread without its own stack */
	copy = tess_malloc(tess_alloc_default(), sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	*copy = *f;
	tid = tess_clone(trapped_clone_child, (void *)(uintptr_t)f->rsi,
			 (int)f->rdi, copy, (int *)(uintptr_t)f->rdx,
			 (void *)(uintptr_t)f->r8, (int *)(uintptr_t)f->r10);
	if (tid < 0)
		tess_free(tess_alloc_default(), copy);
	return tid;
}

static int trapped_clone_init(void)
{
	int err = tess_plat_syscall_clone_trap_set(trapped_clone);

	return err == -ENOSYS ? 0 : err;
}
TESS_INIT(trapped_clone_init, TESS_INIT_LIB);

/* clone's record in the table: the entry is the assembly itself. */
static const struct tess_syscall_record tess_syscall_rec_clone __attribute__((
	used, retain, section("tess_syscalls"), aligned(sizeof(void *)))) = {
	TESS_SYS_clone, "clone",
	(tess_syscall_fn)(void (*)(void))tess_sys_clone};
_Static_assert(TESS_SYS_clone == 56, "clone_call_x86_64.S names number 56");

TESS_SYSCALL_DEFINE1(set_tid_address, int *, clear_tid)
{
	((struct tid_address *)tess_sched_slot_self(&tid_address))->clear_tid =
		clear_tid;
	return tid_of(tess_sched_current());
}

TESS_SYSCALL_DEFINE0(gettid)
{
	return tid_of(tess_sched_current());
}

TESS_SYSCALL_DEFINE1(exit, int, status)
{
	thread_exit(status);
}

TESS_SYSCALL_DEFINE0(sched_yield)
{
	tess_sched_yield();
	return 0;
}
