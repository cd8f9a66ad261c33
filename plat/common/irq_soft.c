/* SPDX-License-Identifier: BSD-3-Clause */
/* The software interrupt mask and handler table, shared by the platforms. */
#include <errno.h>
#include <tess/compiler.h>

#include "irq_soft.h"

struct irq_slot {
	tess_irq_handler_t handler;
	void *arg;
};

/* Written by register/unregister on the boot thread; read at delivery. */
static struct irq_slot irq_slots[TESS_IRQ_COUNT];
volatile bool plat_irq_enabled = true;
volatile unsigned long plat_irq_pending;
/* Set by a preemptive scheduler at its start (boot thread); NULL: none. */
static void (*irq_return_hook)(void);

void tess_plat_irq_return_hook_set(void (*fn)(void))
{
	irq_return_hook = fn;
}

int tess_plat_irq_register(enum tess_irq irq, tess_irq_handler_t handler,
			   void *arg)
{
	int err;

	if ((unsigned int)irq >= TESS_IRQ_COUNT || !handler)
		return -EINVAL;
	if (irq_slots[irq].handler)
		return -EBUSY;
	irq_slots[irq].arg = arg;
	irq_slots[irq].handler = handler;
	err = plat_irq_line_enable(irq);
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
	bool was = plat_irq_enabled;

	plat_irq_enabled = false;
	tess_barrier();
	return was;
}

void tess_plat_irq_restore(bool was_enabled)
{
	if (!was_enabled)
		return;
	plat_irq_deliver();
}

void plat_irq_deliver(void)
{
	for (;;) {
		unsigned long lines = __atomic_exchange_n(&plat_irq_pending, 0,
							  __ATOMIC_SEQ_CST);

		for (unsigned int i = 0; lines && i < TESS_IRQ_COUNT; i++) {
			if ((lines & (1UL << i)) && irq_slots[i].handler &&
			    plat_irq_line_due((enum tess_irq)i))
				irq_slots[i].handler((enum tess_irq)i,
						     irq_slots[i].arg);
		}
		if (lines)
			continue;
		/* On the way back to the interrupted (or unmasking) code,
		 * still masked: a scheduler may switch threads here. */
		if (irq_return_hook)
			irq_return_hook();
		plat_irq_enabled = true;
		tess_barrier();
		/* A line raised between the exchange and the unmask found
		 * interrupts masked and only marked itself: run it now. */
		if (__atomic_load_n(&plat_irq_pending, __ATOMIC_SEQ_CST) == 0)
			return;
		plat_irq_enabled = false;
		tess_barrier();
	}
}
