/* SPDX-License-Identifier: BSD-3-Clause */
/* Threads: creation with guarded stacks, exit, join, detach, names, listing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/boot.h>
#include <tess/compiler.h>
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>
#include <tess/plat/tls.h>

#include "sched_impl.h"

/* Words at the bottom of every stack (just above the guard page), each
 * CANARY ^ its own address; a thread switched out with one changed has
 * overflowed its stack. */
#define CANARY	     0x5354434b43414e59UL /* "STCKCANY" */
#define CANARY_WORDS 8

/* How far below a thread's stack its stack pointer may be before it counts
 * as a different stack rather than an overflow. */
#define STACK_FOREIGN_DISTANCE (64 * 1024UL)

static uintptr_t *stack_canaries(const struct tess_thread *t)
{
	return (uintptr_t *)((char *)t->stack_base + TESS_PAGE_SIZE);
}

void sched_stack_check(const struct tess_thread *t)
{
	const uintptr_t *c;
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

	if (t->stack_base == NULL)
		return;
	c = stack_canaries(t);
	for (int i = 0; i < CANARY_WORDS; i++) {
		if (c[i] != (CANARY ^ (uintptr_t)&c[i]))
			tess_panic("stack overflow in thread '%s' (id %lu): "
				   "canary at %p overwritten; its stack is "
				   "[%p, %p)",
				   t->name, t->id, (const void *)&c[i],
				   (const void *)c,
				   (const void *)((char *)t->stack_base +
						  t->stack_bytes));
	}
	/* Called on the thread's own stack when it is switched out: a stack
	 * pointer in the guard and canary area, or just below the stack, is
	 * an overflow. Far from it, the thread is on a stack of its own
	 * choosing (a libc's thread exit runs on a static one), which is not
	 * this check's business. */
	if (t == sched.current && !t->stack_foreign &&
	    sp < (uintptr_t)(c + CANARY_WORDS) &&
	    sp + STACK_FOREIGN_DISTANCE >= (uintptr_t)t->stack_base)
		tess_panic(
			"stack overflow in thread '%s' (id %lu): stack pointer "
			"%p below its stack [%p, %p)",
			t->name, t->id, (const void *)sp, (const void *)c,
			(const void *)((char *)t->stack_base + t->stack_bytes));
}

static int stack_alloc(struct tess_thread *t, size_t size)
{
	size_t pages = size / TESS_PAGE_SIZE + 1; /* + the guard page */
	uintptr_t *c;
	int err;

	t->stack_base = tess_palloc(tess_alloc_default(), pages);
	if (t->stack_base == NULL)
		return -ENOMEM;
	t->stack_bytes = pages * TESS_PAGE_SIZE;
	err = tess_plat_memory_guard(t->stack_base, TESS_PAGE_SIZE, true);
	if (err && err != -ENOSYS) {
		tess_pfree(tess_alloc_default(), t->stack_base, pages);
		return err;
	}
	t->stack_guarded = err == 0;
	c = stack_canaries(t);
	for (int i = 0; i < CANARY_WORDS; i++)
		c[i] = CANARY ^ (uintptr_t)&c[i];
	return 0;
}

static void stack_free(struct tess_thread *t)
{
	if (t->stack_guarded &&
	    tess_plat_memory_guard(t->stack_base, TESS_PAGE_SIZE, false))
		tess_panic("cannot unprotect the guard page at %p",
			   t->stack_base);
	tess_pfree(tess_alloc_default(), t->stack_base,
		   t->stack_bytes / TESS_PAGE_SIZE);
}

void sched_thread_free(struct tess_thread *t)
{
	tess_list_remove(&t->all_link);
	t->magic = 0;
	if (t == &sched_main_thread)
		return;
	stack_free(t);
	tess_free(tess_alloc_default(), t);
}

void sched_reap(void)
{
	struct tess_thread *dead = sched.dead;

	if (dead != NULL) {
		sched.dead = NULL;
		sched_thread_free(dead);
	}
}

void sched_thread_start(void *arg)
{
	struct tess_thread *self = arg;

	sched_reap();
	/* Every switch happens with interrupts masked; a new thread
	 * starts with them enabled. */
	tess_plat_irq_restore(true);
	tess_sched_thread_exit(self->fn(self->arg));
}

static void name_copy(struct tess_thread *t, const char *name)
{
	size_t n = strlen(name);

	if (n > TESS_SCHED_NAME_MAX)
		n = TESS_SCHED_NAME_MAX;
	memcpy(t->name, name, n);
	t->name[n] = '\0';
}

int tess_sched_thread_create(struct tess_thread **out,
			     const struct tess_sched_thread_attr *attr,
			     void *(*fn)(void *), void *arg)
{
	static const struct tess_sched_thread_attr defaults;
	size_t stack_size;
	struct tess_thread *t;
	bool was;
	int err;

	if (attr == NULL)
		attr = &defaults;
	stack_size = attr->stack_size ? attr->stack_size
				      : CONFIG_TESS_SCHED_STACK_KIB * 1024UL;
	if (fn == NULL || (out == NULL && !attr->detached) ||
	    stack_size < TESS_SCHED_STACK_MIN ||
	    stack_size > TESS_SCHED_STACK_MAX ||
	    attr->priority < TESS_SCHED_PRIORITY_MIN ||
	    attr->priority > TESS_SCHED_PRIORITY_MAX)
		return -EINVAL;
	if (sched.ops == NULL) {
		tess_pr_err("tess_sched_thread_create before the scheduler "
			    "started");
		return -EAGAIN;
	}
	if (attr->tls != 0) {
		/* Ask the platform once, here, rather than fail at a switch;
		 * the current base goes back at once. */
		err = tess_plat_tls_set(attr->tls);
		if (err)
			return err;
		tess_plat_tls_set(sched.tls_loaded);
	}
	/* The slot area follows the thread, 16-byte aligned as the boot
	 * thread's is. */
	t = tess_calloc(tess_alloc_default(), 1,
			TESS_ALIGN_UP(sizeof(*t), 16) + sched_slots_size());
	if (t == NULL)
		return -ENOMEM;
	t->slots = (char *)t + TESS_ALIGN_UP(sizeof(*t), 16);
	err = stack_alloc(t, TESS_ALIGN_UP(stack_size, TESS_PAGE_SIZE));
	if (err) {
		tess_free(tess_alloc_default(), t);
		return err;
	}
	t->magic = THREAD_MAGIC;
	t->fn = fn;
	t->arg = arg;
	t->priority = attr->priority;
	t->detached = attr->detached;
	t->service = attr->service;
	t->tls = attr->tls;
	tess_list_init(&t->run_link);
	tess_sched_timer_init(&t->wake_timer, NULL, NULL);
	tess_arch_context_init(&t->context,
			       (char *)t->stack_base + t->stack_bytes,
			       sched_thread_start, t);
	was = tess_plat_irq_save();
	t->id = sched.next_id++;
	if (attr->name != NULL)
		name_copy(t, attr->name);
	else
		snprintf(t->name, sizeof(t->name), "thread-%lu", t->id);
	err = sched_slots_create(t);
	if (err) {
		tess_plat_irq_restore(was);
		stack_free(t);
		tess_free(tess_alloc_default(), t);
		return err;
	}
	tess_list_push_back(&sched.all_threads, &t->all_link);
	if (!t->service)
		sched.live_threads++;
	sched_make_ready(t);
	tess_plat_irq_restore(was);
	if (out != NULL)
		*out = t;
	return 0;
}

void tess_sched_thread_exit(void *retval)
{
	struct tess_thread *self = sched.current;

	if (sched.ops == NULL)
		tess_panic(
			"tess_sched_thread_exit before the scheduler started");
	/* The slots' exit hooks run on the thread, unmasked (a libc's
	 * clear-child-tid wake-up, for one). */
	tess_plat_irq_restore(true);
	sched_slots_exit(self);
	tess_plat_irq_save();
	self->retval = retval;
	self->state = TESS_THREAD_EXITED;
	if (!self->service && --sched.live_threads == 0) {
		/* The program's last thread: the image ends, whatever
		 * service threads still wait for work or time. */
		tess_plat_irq_restore(true);
		tess_boot_exit(0);
	}
	if (self->joiner != NULL && self->joiner->state == TESS_THREAD_BLOCKED)
		sched_make_ready(self->joiner);
	if (self->detached)
		sched.dead = self; /* freed by the next thread, off its stack */
	sched_schedule();
	tess_panic("exited thread '%s' was resumed", self->name);
}

static bool thread_valid(const struct tess_thread *t)
{
	return t != NULL && t->magic == THREAD_MAGIC;
}

int tess_sched_thread_join(struct tess_thread *t, void **retval)
{
	bool was;

	if (!thread_valid(t))
		return -EINVAL;
	if (t == sched.current)
		return -EDEADLK;
	was = tess_plat_irq_save();
	if (t->detached || (t->joiner != NULL && t->joiner != sched.current)) {
		tess_plat_irq_restore(was);
		return -EINVAL;
	}
	t->joiner = sched.current;
	while (t->state != TESS_THREAD_EXITED)
		tess_sched_block_until(TESS_SCHED_FOREVER, "join");
	if (retval != NULL)
		*retval = t->retval;
	sched_thread_free(t);
	tess_plat_irq_restore(was);
	return 0;
}

int tess_sched_thread_detach(struct tess_thread *t)
{
	bool was;
	int err = 0;

	if (!thread_valid(t))
		return -EINVAL;
	was = tess_plat_irq_save();
	if (t->detached || t->joiner != NULL) {
		err = -EINVAL;
	} else if (t->state == TESS_THREAD_EXITED) {
		sched_thread_free(t);
	} else {
		t->detached = true;
	}
	tess_plat_irq_restore(was);
	return err;
}

const char *tess_sched_thread_name(const struct tess_thread *t)
{
	return thread_valid(t) ? t->name : "(invalid thread)";
}

int tess_sched_thread_name_set(struct tess_thread *t, const char *name)
{
	if (!thread_valid(t) || name == NULL)
		return -EINVAL;
	name_copy(t, name);
	return 0;
}

int tess_sched_thread_priority(const struct tess_thread *t)
{
	return t->priority;
}

unsigned long tess_sched_thread_id(const struct tess_thread *t)
{
	return t->id;
}

struct tess_thread *tess_sched_thread_find(unsigned long id)
{
	struct tess_thread *found = NULL;
	struct tess_list *pos;
	bool was = tess_plat_irq_save();

	if (sched.ops == NULL) {
		if (id == sched_main_thread.id)
			found = &sched_main_thread;
	} else {
		tess_list_for_each (pos, &sched.all_threads) {
			struct tess_thread *t = tess_list_entry(
				pos, struct tess_thread, all_link);

			if (t->id == id && t->state != TESS_THREAD_EXITED) {
				found = t;
				break;
			}
		}
	}
	tess_plat_irq_restore(was);
	return found;
}

unsigned long tess_sched_threads_live(void)
{
	return sched.live_threads;
}

bool tess_sched_thread_is_service(const struct tess_thread *t)
{
	return t->service;
}

enum tess_sched_thread_state
tess_sched_thread_state(const struct tess_thread *t)
{
	return t->state;
}

const char *tess_sched_state_name(enum tess_sched_thread_state state)
{
	switch (state) {
	case TESS_THREAD_RUNNING: return "running";
	case TESS_THREAD_READY: return "ready";
	case TESS_THREAD_BLOCKED: return "blocked";
	case TESS_THREAD_EXITED: return "exited";
	}
	return "?";
}

int tess_sched_thread_foreach(int (*fn)(struct tess_thread *t, void *arg),
			      void *arg)
{
	struct tess_list *pos;
	int ret = 0;

	if (sched.ops == NULL)
		return fn(&sched_main_thread, arg);
	tess_list_for_each (pos, &sched.all_threads) {
		ret = fn(tess_list_entry(pos, struct tess_thread, all_link),
			 arg);
		if (ret)
			break;
	}
	return ret;
}

static int thread_print(struct tess_thread *t, void *arg)
{
	enum tess_log_level level = *(enum tess_log_level *)arg;
	char wait[64] = "";

	if (t->state == TESS_THREAD_BLOCKED) {
		if (tess_list_linked(&t->wake_timer.link))
			snprintf(wait, sizeof(wait), " on %s until %llu ns",
				 t->waiting_for ? t->waiting_for : "wake",
				 (unsigned long long)t->wake_timer.deadline_ns);
		else
			snprintf(wait, sizeof(wait), " on %s",
				 t->waiting_for ? t->waiting_for : "wake");
	}
	if (t->stack_base != NULL)
		tess_printk(level, "sched",
			    "  %4lu %-20s %-7s%s stack [%p, %p) guard %s",
			    t->id, t->name, tess_sched_state_name(t->state),
			    wait, (char *)t->stack_base + TESS_PAGE_SIZE,
			    (char *)t->stack_base + t->stack_bytes,
			    t->stack_guarded ? "page" : "canary");
	else
		tess_printk(level, "sched", "  %4lu %-20s %-7s%s boot stack",
			    t->id, t->name, tess_sched_state_name(t->state),
			    wait);
	return 0;
}

void tess_sched_threads_print(enum tess_log_level level)
{
	bool was = tess_plat_irq_save();

	tess_printk(level, "sched",
		    "threads (%lu live, scheduler %s):", sched.live_threads,
		    sched.ops ? sched.ops->name : "not started");
	tess_sched_thread_foreach(thread_print, &level);
	tess_plat_irq_restore(was);
}

/* Panic and fault reports end with the thread list. */
static void sched_report(void)
{
	tess_sched_threads_print(TESS_LOG_CRIT);
}
TESS_DEBUG_REPORT(sched_report);

void tess_sched_thread_stack_foreign(void)
{
	sched.current->stack_foreign = true;
}
