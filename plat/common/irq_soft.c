/* SPDX-License-Identifier: BSD-3-Clause */
/* The software interrupt mask and handler table, shared by the platforms. */
#include <errno.h>
#include <tess/compiler.h>

#include "irq_soft.h"

struct irq_slot {
	tess_irq_handler_t handler;
	void *arg;
};

/* Written by register/unregister on the boot thread; read at delivery.
 * A line has one handler (irq_slots) or up to TESS_IRQ_SHARED_MAX shared
 * ones, never both. */
static struct irq_slot irq_slots[TESS_IRQ_COUNT];
static struct irq_slot irq_shared[TESS_IRQ_COUNT][TESS_IRQ_SHARED_MAX];

static unsigned int shared_count(enum tess_irq irq)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < TESS_IRQ_SHARED_MAX; i++)
		n += irq_shared[irq][i].handler != NULL;
	return n;
}
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
	if (irq_slots[irq].handler || shared_count(irq))
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

int tess_plat_irq_register_shared(enum tess_irq irq,
				  tess_irq_handler_t handler, void *arg)
{
	unsigned int n;
	int err;

	if (irq < TESS_IRQ_DEVICE_FIRST || irq >= TESS_IRQ_COUNT || !handler)
		return -EINVAL;
	if (irq_slots[irq].handler)
		return -EBUSY;
	n = shared_count(irq);
	for (unsigned int i = 0; i < TESS_IRQ_SHARED_MAX; i++) {
		struct irq_slot *slot = &irq_shared[irq][i];

		if (slot->handler)
			continue;
		slot->arg = arg;
		slot->handler = handler;
		err = n ? 0 : plat_irq_line_enable(irq);
		if (err)
			slot->handler = NULL;
		return err;
	}
	return -EBUSY;
}

void tess_plat_irq_unregister_shared(enum tess_irq irq,
				     tess_irq_handler_t handler, void *arg)
{
	if (irq < TESS_IRQ_DEVICE_FIRST || irq >= TESS_IRQ_COUNT)
		return;
	for (unsigned int i = 0; i < TESS_IRQ_SHARED_MAX; i++) {
		struct irq_slot *slot = &irq_shared[irq][i];

		if (slot->handler == handler && slot->arg == arg) {
			slot->handler = NULL;
			return;
		}
	}
}

bool tess_plat_irq_devices_enabled(void)
{
	if (plat_console_input_armed())
		return true;
	for (unsigned int irq = TESS_IRQ_DEVICE_FIRST; irq < TESS_IRQ_COUNT;
	     irq++)
		if (irq_slots[irq].handler || shared_count((enum tess_irq)irq))
			return true;
	return false;
}

static void line_run(enum tess_irq irq)
{
	if (irq_slots[irq].handler) {
		irq_slots[irq].handler(irq, irq_slots[irq].arg);
		return;
	}
	for (unsigned int i = 0; i < TESS_IRQ_SHARED_MAX; i++) {
		struct irq_slot *slot = &irq_shared[irq][i];

		if (slot->handler)
			slot->handler(irq, slot->arg);
	}
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
			if ((lines & (1UL << i)) &&
			    plat_irq_line_due((enum tess_irq)i))
				line_run((enum tess_irq)i);
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
