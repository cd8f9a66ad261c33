/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform contract: clocks and the one-shot timer.
 *
 * The monotonic clock starts near zero at boot and never goes backwards.
 * The wall clock is nanoseconds since the Unix epoch (UTC).
 * The timer is one-shot and absolute: when the monotonic clock reaches the
 * deadline, the TESS_IRQ_TIMER handler runs (tess/plat/irq.h). There is no
 * periodic tick.
 */
#ifndef TESS_PLAT_TIME_H
#define TESS_PLAT_TIME_H

#include <stdint.h>

uint64_t tess_plat_monotonic_ns(void);
uint64_t tess_plat_wall_ns(void);

/* Arms the timer for an absolute monotonic deadline (a deadline in the past
 * fires as soon as possible), replacing any earlier one. Returns 0 or
 * -errno. */
int tess_plat_timer_set(uint64_t deadline_ns);
/* Disarms the timer; a no-op when it is not armed. */
void tess_plat_timer_cancel(void);

#endif /* TESS_PLAT_TIME_H */
