/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform contract: the devices the platform was given.
 *
 * A platform lists the device register regions its monitor announced
 * (tess-vmm's boot information; the virtio-mmio entries QEMU's microvm
 * appends to the command line; a PCI configuration space), each with its
 * interrupt line. Bus drivers (virtio-mmio, PCI) claim entries by kind
 * and find the devices behind them; the platform knows nothing of what a
 * device is.
 *
 * Promises: the table is fixed once the platform's init (TESS_INIT_PLAT)
 * has run; a mapped region stays mapped, uncached, for the whole run; an
 * entry's line, when it has one, is one of TESS_IRQ_DEVICE(n) and may be
 * shared with other entries (tess_plat_irq_register_shared).
 */
#ifndef TESS_PLAT_DEVICE_H
#define TESS_PLAT_DEVICE_H

#include <stdbool.h>
#include <stdint.h>
#include <tess/plat/irq.h>

enum tess_plat_device_kind {
	TESS_PLAT_DEVICE_VIRTIO_MMIO = 1, /* virtio 1.2, 4.2 (version 2) */
};

struct tess_plat_device {
	enum tess_plat_device_kind kind;
	uint64_t base;	     /* register region, as the device sees it */
	uint64_t size;	     /* bytes */
	bool has_irq;
	enum tess_irq irq;   /* its line, when has_irq */
	/* The line is edge-triggered (an MSI): the device raises it once
	 * per event and nothing needs acknowledging to rearm it. Otherwise
	 * level-triggered: the driver acknowledges at the device. */
	bool irq_edge;
};

/* Fills *out with entry idx (0-based); returns 0, or -ENOENT past the
 * last entry. */
int tess_plat_device_get(unsigned int idx, struct tess_plat_device *out);

/* The address at which the image reaches d's registers (mapped uncached,
 * readable and writable at the image's privilege level), or NULL when the
 * platform cannot map them. */
volatile void *tess_plat_device_map(const struct tess_plat_device *d);

#endif /* TESS_PLAT_DEVICE_H */
