/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm devices: the device table of the boot info (tess-vmm's virtio-mmio
 * devices, each a register page above the monitor's and an MSI line).
 * The guest layout maps every device page, uncached, at CPL3.
 */
#include <errno.h>
#include <tess/debug.h>
#include <tess/plat/device.h>

#include "kvm.h"
#include "pvh_devices.h"

/* An entry the monitor wrote is used only when it is one it could have
 * written: its page, its size, a line the platform has. */
static bool entry_valid(unsigned int idx, const struct tess_kvm_device *e)
{
	bool monitors = e->kind == TESS_KVM_DEVICE_VIRTIO_MMIO &&
			e->base == TESS_KVM_DEVICE_PAGE(idx) && e->size == 0x1000;
	/* The PVH entry checked and mapped what the loader announced. */
	bool loaders = e->kind == TESS_KVM_DEVICE_VIRTIO_MMIO_PIN &&
		       (kvm_boot_info.flags & TESS_KVM_BOOT_PVH) &&
		       e->base >= PVH_DEVICE_START &&
		       e->base + e->size <= PVH_DEVICE_END;

	return (monitors || loaders) && e->line < TESS_KVM_DEVICE_LINES &&
	       e->line < TESS_IRQ_DEVICE_LINES;
}

int tess_plat_device_get(unsigned int idx, struct tess_plat_device *out)
{
	const struct tess_kvm_device *e;

	if (idx >= kvm_boot_info.device_count || idx >= TESS_KVM_DEVICE_MAX)
		return -ENOENT;
	e = &kvm_boot_info.devices[idx];
	if (!entry_valid(idx, e)) {
		tess_pr_err("kvm: the monitor's device %u is malformed (kind "
			    "%u at %#llx, line %u); ignored",
			    idx, e->kind, (unsigned long long)e->base,
			    e->line);
		return -ENOENT;
	}
	out->kind = TESS_PLAT_DEVICE_VIRTIO_MMIO;
	out->base = e->base;
	out->size = e->size;
	out->has_irq = true;
	out->irq = TESS_IRQ_DEVICE(e->line);
	/* An MSI needs nothing acknowledged; an IOAPIC pin's device
	 * interrupt status does. */
	out->irq_edge = e->kind == TESS_KVM_DEVICE_VIRTIO_MMIO;
	return 0;
}

/* Mapped by the layout when listed in the table (checked above). */
volatile void *tess_plat_device_map(const struct tess_plat_device *d)
{
	struct tess_plat_device e;

	for (unsigned int i = 0; tess_plat_device_get(i, &e) == 0; i++)
		if (d->base == e.base && d->size <= e.size)
			return (volatile void *)(uintptr_t)d->base;
	return NULL;
}
