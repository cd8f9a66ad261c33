/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu interrupts: host signals delivered through a software mask.
 *
 * Disabling interrupts only clears a flag (no system call). The signal
 * handler checks the flag: when enabled it runs the Tessera handler at
 * once (with interrupts disabled, like hardware); otherwise it records the
 * line as pending and tess_plat_irq_restore() runs it later.
 */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/plat/irq.h>

#include "linuxu.h"

struct irq_slot {
	tess_irq_handler_t handler;
	void *arg;
};

/* All of this is touched by the single boot thread and by signal handlers
 * interrupting it; volatile plus atomic exchange on the pending set keeps
 * the two consistent. */
static struct irq_slot irq_slots[TESS_IRQ_COUNT];
static volatile bool irq_enabled = true;
static volatile unsigned long irq_pending;

static int irq_signal(enum tess_irq irq)
{
	return irq == TESS_IRQ_TIMER ? LINUX_SIGALRM : -1;
}

static void irq_dispatch(unsigned long lines)
{
	bool was = irq_enabled;

	irq_enabled = false;
	tess_barrier();
	for (unsigned int i = 0; i < TESS_IRQ_COUNT; i++) {
		if ((lines & (1UL << i)) && irq_slots[i].handler)
			irq_slots[i].handler((enum tess_irq)i, irq_slots[i].arg);
	}
	tess_barrier();
	irq_enabled = was;
}

static void irq_signal_handler(int sig)
{
	enum tess_irq irq = TESS_IRQ_TIMER;

	(void)sig;
	if (irq_enabled)
		irq_dispatch(1UL << irq);
	else
		__atomic_or_fetch(&irq_pending, 1UL << irq, __ATOMIC_SEQ_CST);
}

int tess_plat_irq_register(enum tess_irq irq, tess_irq_handler_t handler,
			   void *arg)
{
	int sig = irq_signal(irq);
	int err;

	if ((unsigned int)irq >= TESS_IRQ_COUNT || sig < 0 || !handler)
		return -EINVAL;
	if (irq_slots[irq].handler)
		return -EBUSY;
	irq_slots[irq].arg = arg;
	irq_slots[irq].handler = handler;
	err = linuxu_sigaction(sig, irq_signal_handler, LINUX_SA_RESTART);
	if (err)
		irq_slots[irq].handler = NULL;
	return err;
}

void tess_plat_irq_unregister(enum tess_irq irq)
{
	if ((unsigned int)irq < TESS_IRQ_COUNT)
		irq_slots[irq].handler = NULL;
}

bool tess_plat_irq_save(void)
{
	bool was = irq_enabled;

	irq_enabled = false;
	tess_barrier();
	return was;
}

void tess_plat_irq_restore(bool was_enabled)
{
	unsigned long lines;

	if (!was_enabled)
		return;
	irq_enabled = true;
	tess_barrier();
	lines = __atomic_exchange_n(&irq_pending, 0, __ATOMIC_SEQ_CST);
	if (lines)
		irq_dispatch(lines);
}

void tess_plat_idle(void)
{
	uint64_t block = 1UL << (LINUX_SIGALRM - 1);
	uint64_t old = 0, none = 0;

	/* Block the signal, check, then atomically unblock and sleep: an
	 * interrupt between the check and the sleep cannot be lost. */
	linuxu_syscall6(SYS_rt_sigprocmask, LINUX_SIG_BLOCK, (long)&block,
			(long)&old, 8, 0, 0);
	if (__atomic_load_n(&irq_pending, __ATOMIC_SEQ_CST) == 0)
		linuxu_syscall(SYS_rt_sigsuspend, &none, 8, 0);
	linuxu_syscall6(SYS_rt_sigprocmask, LINUX_SIG_SETMASK, (long)&old, 0,
			8, 0, 0);
	tess_plat_irq_restore(tess_plat_irq_save());
}

int linuxu_sigaction(int sig, void *handler, unsigned long flags)
{
	struct linux_sigaction sa = {
		.handler = handler,
		.flags = flags | LINUX_SA_RESTORER,
		.restorer = linuxu_signal_return,
		.mask = 0,
	};

	return (int)linuxu_syscall6(SYS_rt_sigaction, sig, (long)&sa, 0, 8, 0,
				    0);
}
