/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The software interrupt mask every platform uses (plat/common/irq_soft.c).
 *
 * Disabling interrupts clears plat_irq_enabled; nothing traps. A platform's
 * low-level interrupt entry sets the line's bit in plat_irq_pending and,
 * when interrupts were enabled, clears plat_irq_enabled and calls
 * plat_irq_deliver(); otherwise tess_plat_irq_restore() delivers it later.
 * Internal to the platform libraries.
 */
#ifndef TESS_PLAT_IRQ_SOFT_H
#define TESS_PLAT_IRQ_SOFT_H

#include <stdbool.h>
#include <tess/plat/irq.h>

/* Written by the boot thread and by interrupt entry (assembly on kvm reads
 * and writes them from CPL0 too); volatile plus atomic exchange on the
 * pending set keeps the two consistent. */
extern volatile bool plat_irq_enabled;
extern volatile unsigned long plat_irq_pending;

/* Runs the handlers of every pending line with interrupts masked, then
 * unmasks them, replaying lines that became pending meanwhile. Call it with
 * plat_irq_enabled already false. */
void plat_irq_deliver(void);

/* The platform's part of tess_plat_irq_register: makes the line's source
 * raise interrupts; returns 0, or -EINVAL for a line it does not have. */
int plat_irq_line_enable(enum tess_irq irq);

/* The platform's say before a pending line's handler runs: false when the
 * interrupt came early (a hardware timer's range ended before the
 * deadline) and the platform has re-armed it, so the handler must not run
 * yet. */
bool plat_irq_line_due(enum tess_irq irq);
/* Whether a reader waits for console input that can still wake it (the
 * platform's console): counts as a device that can wake a thread. */
bool plat_console_input_armed(void);

#endif /* TESS_PLAT_IRQ_SOFT_H */
