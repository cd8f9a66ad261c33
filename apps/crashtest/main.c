/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * crashtest: commits the fault named by argv[1], so integration tests can
 * check that each kind of failure is reported (message, registers or
 * backtrace, exit status) instead of hanging or corrupting memory.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tess/debug.h>
#ifdef CONFIG_TESS_PLAT_KVM
#include <tess/kvm_abi.h>
#endif
#ifdef CONFIG_TESS_SCHED
#include <tess/plat/irq.h>
#include <tess/sched.h>
#endif
#ifdef CONFIG_TESS_LOCK
#include <tess/lock.h>
#endif

/* volatile: keep the compiler from proving the faults away. */
static volatile int zero;
static volatile size_t sixty_four = 64;

static int do_panic(void)
{
	tess_panic("requested by crashtest");
}

static int do_assert(void)
{
	TESS_ASSERT(zero == 1);
	return 0;
}

static int do_null_write(void)
{
	*(volatile int *)(uintptr_t)zero = 1;
	return 0;
}

static __attribute__((noinline)) int smash(size_t len)
{
	char buf[16];

	memset(buf, 'x', len);
	return buf[zero];
}

static int do_stack_smash(void)
{
	return smash(sixty_four);
}

static __attribute__((noinline)) int recurse(int depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	if (zero != 0) /* never: only hides the endless recursion from gcc */
		return 0;
	return recurse(depth + 1) + pad[0];
}

static int do_stack_overflow(void)
{
	return recurse(0);
}

static int do_heap_overflow(void)
{
	char *p = malloc(24);

	p[24 + zero] = 1;
	free(p);
	return 0;
}

static int do_use_after_free(void)
{
	char *p = malloc(24);

	free(p);
	return p[zero];
}

static int do_double_free(void)
{
	char *p = malloc(24);

	free(p);
	free(p);
	return 0;
}

static int do_signed_overflow(void)
{
	volatile int big = INT_MAX;

	return big + 1 + zero;
}

#ifdef CONFIG_TESS_SCHED
/* Uses about depth * 300 bytes of stack, then yields: the scheduler's
 * switch checks the stack canaries. */
static __attribute__((noinline)) int recurse_then_yield(int depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	if (depth == 0) {
		tess_sched_yield();
		return 0;
	}
	return recurse_then_yield(depth - 1) + pad[0];
}

static void *overflow_thread(void *arg)
{
	(void)arg;
	/* ~10 KiB deep on an 8 KiB stack: 2 KiB into the guard page. */
	return (void *)(intptr_t)recurse_then_yield(10 * 1024 / 300);
}

static int do_thread_stack_overflow(void)
{
	struct tess_sched_thread_attr attr = {
		.name = "overflower", .stack_size = TESS_SCHED_STACK_MIN};
	struct tess_thread *t;
	int err = tess_sched_thread_create(&t, &attr, overflow_thread, NULL);

	if (err)
		return err;
	return tess_sched_thread_join(t, NULL);
}

static void *block_forever(void *arg)
{
	bool was = tess_plat_irq_save();

	(void)arg;
	tess_sched_block_until(TESS_SCHED_FOREVER, "nothing");
	tess_plat_irq_restore(was);
	return NULL;
}

static int do_deadlock(void)
{
	struct tess_sched_thread_attr attr = {.name = "stuck"};
	struct tess_thread *t;
	int err = tess_sched_thread_create(&t, &attr, block_forever, NULL);

	if (err)
		return err;
	return tess_sched_thread_join(t, NULL);
}
#endif /* CONFIG_TESS_SCHED */

#ifdef CONFIG_TESS_LOCK
static struct tess_lock_mutex unowned = TESS_LOCK_MUTEX_INIT(unowned);

/* With CONFIG_TESS_LOCK_DEBUG the misuse panics; without, -EPERM. */
static int do_mutex_misuse(void)
{
	return tess_lock_mutex_unlock(&unowned);
}
#endif

#ifdef CONFIG_TESS_PLAT_KVM
/* Hostile requests to tess-vmm, which must refuse each with a message and
 * a status of its own (tests/integration/kvm.sh). */
static void monitor_write(unsigned int reg, uint64_t value)
{
	*(volatile uint64_t *)(uintptr_t)(TESS_KVM_MMIO_BASE + reg) = value;
}

static int do_monitor_console_outside(void)
{
	/* 4 KiB "at" 3.5 GiB: far outside guest RAM. */
	monitor_write(TESS_KVM_MMIO_CONSOLE, (4096ULL << 48) | 0xe0000000ULL);
	return 0;
}

static int do_monitor_unknown_register(void)
{
	monitor_write(0x800, 1);
	return 0;
}

static int do_monitor_fault_outside(void)
{
	monitor_write(TESS_KVM_MMIO_FAULT, 0xfffffffffff0ULL);
	return 0;
}

static int do_monitor_read(void)
{
	return (int)*(volatile uint64_t *)(uintptr_t)(TESS_KVM_MMIO_BASE +
						       TESS_KVM_MMIO_EXIT);
}
#endif /* CONFIG_TESS_PLAT_KVM */

static const struct {
	const char *name;
	int (*fn)(void);
} faults[] = {
	{ "panic", do_panic },
	{ "assert", do_assert },
	{ "null-write", do_null_write },
	{ "stack-smash", do_stack_smash },
	{ "stack-overflow", do_stack_overflow },
	{ "heap-overflow", do_heap_overflow },
	{ "use-after-free", do_use_after_free },
	{ "double-free", do_double_free },
	{ "signed-overflow", do_signed_overflow },
#ifdef CONFIG_TESS_SCHED
	{ "thread-stack-overflow", do_thread_stack_overflow },
	{ "deadlock", do_deadlock },
#endif
#ifdef CONFIG_TESS_LOCK
	{ "mutex-misuse", do_mutex_misuse },
#endif
#ifdef CONFIG_TESS_PLAT_KVM
	{ "monitor-console-outside", do_monitor_console_outside },
	{ "monitor-unknown-register", do_monitor_unknown_register },
	{ "monitor-fault-outside", do_monitor_fault_outside },
	{ "monitor-read", do_monitor_read },
#endif
};

int main(int argc, char *argv[])
{
	for (size_t i = 0; argc == 2 && i < sizeof(faults) / sizeof(faults[0]);
	     i++) {
		if (strcmp(argv[1], faults[i].name) == 0) {
			int r = faults[i].fn();

			printf("crashtest: %s did not stop the image (returned %d)\n",
			       argv[1], r);
			return 0;
		}
	}
	fprintf(stderr, "usage: crashtest FAULT; faults:");
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		fprintf(stderr, " %s", faults[i].name);
	fprintf(stderr, "\n");
	return 2;
}
