/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads for a libc: clone (threads only) as tess_clone(), thread ids,
 * set_tid_address and the clear-child-tid wake-up at exit.
 */
#include <errno.h>
#include <stdbool.h>
#include <tess/alloc.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "posix_thread_impl.h"

#define CLONE_NEEDED                                                           \
	(TESS_CLONE_VM | TESS_CLONE_FS | TESS_CLONE_FILES |                    \
	 TESS_CLONE_SIGHAND | TESS_CLONE_THREAD)
#define CLONE_KNOWN                                                            \
	(CLONE_NEEDED | TESS_CLONE_SYSVSEM | TESS_CLONE_SETTLS |               \
	 TESS_CLONE_PARENT_SETTID | TESS_CLONE_CHILD_CLEARTID |                \
	 TESS_CLONE_DETACHED | TESS_CLONE_CHILD_SETTID)

/* Per thread: the clear-child-tid address set by clone or
 * set_tid_address. A list, changed with interrupts masked; threads that
 * never set one have no entry. */
struct tid_address {
	struct tid_address *next;
	struct tess_thread *thread;
	int *clear_tid;
};
static struct tid_address *tid_addresses;

struct clone_start {
	int (*fn)(void *);
	void *arg;
	int *ctid;
	int flags;
};

static struct tid_address **tid_address_find(struct tess_thread *t)
{
	struct tid_address **link = &tid_addresses;

	while (*link && (*link)->thread != t)
		link = &(*link)->next;
	return link;
}

/* Records clear_tid for thread t (NULL forgets it). */
static long tid_address_set(struct tess_thread *t, int *clear_tid)
{
	struct tid_address **link, *entry = NULL;
	bool was;

	if (clear_tid) {
		entry = tess_malloc(tess_alloc_default(), sizeof(*entry));
		if (!entry)
			return -ENOMEM;
		entry->thread = t;
		entry->clear_tid = clear_tid;
	}
	was = tess_plat_irq_save();
	link = tid_address_find(t);
	if (*link) {
		struct tid_address *old = *link;

		*link = old->next;
		tess_free(tess_alloc_default(), old);
	}
	if (entry) {
		entry->next = tid_addresses;
		tid_addresses = entry;
	}
	tess_plat_irq_restore(was);
	return 0;
}

/* Linux's exit of a thread: zero the clear-child-tid word and wake one
 * futex waiter on it (that is how pthread_join waits), then end. */
static __attribute__((noreturn)) void thread_exit(long status)
{
	struct tess_thread *self = tess_sched_current();
	struct tid_address **link, *entry;
	bool was = tess_plat_irq_save();

	link = tid_address_find(self);
	entry = *link;
	if (entry)
		*link = entry->next;
	tess_plat_irq_restore(was);
	interruptible_forget(posix_thread_tid(self));
	if (entry) {
		__atomic_store_n(entry->clear_tid, 0, __ATOMIC_SEQ_CST);
		tess_futex_wake(entry->clear_tid, 1);
		tess_free(tess_alloc_default(), entry);
	}
	tess_sched_thread_exit((void *)status);
}

static void *clone_child(void *arg)
{
	struct clone_start start = *(struct clone_start *)arg;
	struct tess_thread *self = tess_sched_current();

	tess_free(tess_alloc_default(), arg);
	if (start.flags & TESS_CLONE_CHILD_SETTID)
		*start.ctid = (int)posix_thread_tid(self);
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
		err = (int)tid_address_set(t, ctid);
	if (flags & TESS_CLONE_PARENT_SETTID)
		*ptid = (int)posix_thread_tid(t);
	tess_plat_irq_restore(was);
	if (err)
		tess_pr_err("clone: no memory to record the child's clear-tid "
			    "address");
	return posix_thread_tid(t);
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

/* clone's record in the table: the entry is the assembly itself. */
static const struct tess_syscall_record tess_syscall_rec_clone __attribute__((
	used, retain, section("tess_syscalls"), aligned(sizeof(void *)))) = {
	TESS_SYS_clone, "clone",
	(tess_syscall_fn)(void (*)(void))tess_sys_clone};
_Static_assert(TESS_SYS_clone == 56, "clone_call_x86_64.S names number 56");

TESS_SYSCALL_DEFINE1(set_tid_address, int *, clear_tid)
{
	struct tess_thread *self = tess_sched_current();

	tid_address_set(self, clear_tid);
	return posix_thread_tid(self);
}

TESS_SYSCALL_DEFINE0(gettid)
{
	return posix_thread_tid(tess_sched_current());
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

struct tid_search {
	long tid;
	bool found;
};

static int tid_matches(struct tess_thread *t, void *arg)
{
	struct tid_search *search = arg;

	if (posix_thread_tid(t) == search->tid &&
	    tess_sched_thread_state(t) != TESS_THREAD_EXITED)
		search->found = true;
	return search->found;
}

bool tess_posix_thread_exists(long tid)
{
	struct tid_search search = {tid, false};

	tess_sched_thread_foreach(tid_matches, &search);
	return search.found;
}
