/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform contract: interrupts, idle and the end of the image.
 *
 * Interrupts are masked with a software flag: disabling costs no trap on
 * any platform. An interrupt that arrives while disabled is remembered and
 * its handler runs when interrupts are enabled again.
 */
#ifndef TESS_PLAT_IRQ_H
#define TESS_PLAT_IRQ_H

#include <stdbool.h>
#include <stdint.h>

enum tess_irq {
	TESS_IRQ_TIMER = 0,
	/* The host sent the image a signal (tess stop, ^C, a hang-up):
	 * tess_plat_host_signals_take() says which. Until a handler is
	 * registered the image ends as a killed process would. */
	TESS_IRQ_HOST = 1,
	/* Device lines (tess/plat/device.h says which device raises which):
	 * TESS_IRQ_DEVICE(0) .. TESS_IRQ_DEVICE(TESS_IRQ_DEVICE_LINES - 1). */
	TESS_IRQ_DEVICE_FIRST = 2,
	TESS_IRQ_COUNT = 8,
};
#define TESS_IRQ_DEVICE_LINES (TESS_IRQ_COUNT - TESS_IRQ_DEVICE_FIRST)
#define TESS_IRQ_DEVICE(n) ((enum tess_irq)(TESS_IRQ_DEVICE_FIRST + (n)))
/* Handlers one shared line takes. */
#define TESS_IRQ_SHARED_MAX 4

typedef void (*tess_irq_handler_t)(enum tess_irq irq, void *arg);

/* Installs the single handler of an interrupt line; returns 0, -EINVAL for
 * an unknown line or -EBUSY when a handler is already installed. */
int tess_plat_irq_register(enum tess_irq irq, tess_irq_handler_t handler,
			   void *arg);
void tess_plat_irq_unregister(enum tess_irq irq);

/* Adds handler(arg) to a device line that devices may share: every
 * handler of the line runs when it fires, and each checks its own device.
 * Returns 0, -EINVAL (not a device line, NULL handler), -EBUSY (the line
 * has TESS_IRQ_SHARED_MAX handlers or a single one) or the platform's
 * error enabling the line (-EINVAL for a line it does not have). */
int tess_plat_irq_register_shared(enum tess_irq irq,
				  tess_irq_handler_t handler, void *arg);
/* Removes the one handler(arg) of a shared line. */
void tess_plat_irq_unregister_shared(enum tess_irq irq,
				     tess_irq_handler_t handler, void *arg);

/* Whether a device line has a handler: a CPU with nothing to do may then
 * be woken by a device, not only by its timer. */
bool tess_plat_irq_devices_enabled(void);

/* Disables interrupts and returns whether they were enabled before. */
bool tess_plat_irq_save(void);
/* Restores the state returned by tess_plat_irq_save(); runs any interrupt
 * that became pending while disabled when it re-enables. */
void tess_plat_irq_restore(bool was_enabled);

/*
 * Sets fn (NULL: none) to run every time interrupts are about to be
 * enabled again: after the handlers of an interrupt delivered at once (in
 * interrupt context, on the interrupted thread's stack) and in
 * tess_plat_irq_restore(true) after pending handlers ran. fn runs with
 * interrupts masked and may switch threads; the interrupted context stays
 * saved on the stack it was interrupted on until that thread runs again
 * (linuxu: the signal frame; kvm: the upcall frame with the FPU state).
 * For a preemptive scheduler; one hook at a time.
 */
void tess_plat_irq_return_hook_set(void (*fn)(void));

/* Waits until an interrupt has been delivered (its handler has run when
 * this returns). Returns at once if an interrupt is already pending.
 * Called with interrupts disabled, it waits until an interrupt is pending
 * and returns with it still pending; its handler runs at the caller's
 * tess_plat_irq_restore(). That is how a scheduler checks "nothing to
 * run" and sleeps without losing a wake-up in between: a caller waiting
 * for its own condition must check it masked too, since with interrupts
 * enabled the awaited interrupt can land between the check and the idle,
 * which then has nothing to wait for (kvm panics saying so; linuxu would
 * sleep until some later signal). */
void tess_plat_idle(void);

/* Ends the image with the given status (0-255). Never returns. */
void tess_plat_exit(int status) __attribute__((noreturn));

/* The signals the host has sent since the last call, as Linux numbers
 * in a mask (bit sig - 1): SIGHUP, SIGINT and SIGTERM (a linuxu process's
 * own; tess-vmm's, passed on). Each sending is reported once. Safe from
 * interrupt context. Platforms with no way to hear the host (a PVH
 * loader) return 0 and never raise TESS_IRQ_HOST. */
uint64_t tess_plat_host_signals_take(void);

/* Fills buf with len bytes of entropy from the platform; returns 0, or
 * -ENOSYS when the platform has no entropy source. */
int tess_plat_entropy(void *buf, unsigned long len);

#endif /* TESS_PLAT_IRQ_H */
