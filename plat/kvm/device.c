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

/* An entry the monitor wrote is used only when it is one it could have
 * written: its page, its size, a line the platform has. */
static bool entry_valid(unsigned int idx, const struct tess_kvm_device *e)
{
	return e->kind == TESS_KVM_DEVICE_VIRTIO_MMIO &&
	       e->base == TESS_KVM_DEVICE_PAGE(idx) && e->size == 0x1000 &&
	       e->line < TESS_KVM_DEVICE_LINES &&
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
	out->irq_edge = true;
	return 0;
}

volatile void *tess_plat_device_map(const struct tess_plat_device *d)
{
	for (unsigned int i = 0; i < TESS_KVM_DEVICE_MAX; i++)
		if (d->base == TESS_KVM_DEVICE_PAGE(i) && d->size <= 0x1000)
			return (volatile void *)(uintptr_t)d->base;
	return NULL;
}
