/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The devices a PVH loader announces: QEMU's microvm (with acpi=off)
 * appends one virtio_mmio.device=SIZE@BASE:GSI to the command line for
 * each virtio-mmio transport with a device behind it. The PVH entry takes
 * them out of the command line (they are the platform's, not the
 * application's arguments), lists them in the boot info's device table,
 * has the layout map their pages, and routes each GSI through the IOAPIC
 * to its device line's vector. CPL0, general registers only.
 */
#ifndef TESS_PLAT_KVM_PVH_DEVICES_H
#define TESS_PLAT_KVM_PVH_DEVICES_H

#include <stdint.h>

#include "guest_layout.h"
#include "include/tess/kvm_abi.h"

/* The IOAPICs of QEMU's x86 machines: pins 0-23, and 24-47 on microvm's
 * second one (ioapic2). */
#define PVH_IOAPIC_BASE	 GUEST_IOAPIC_BASE
#define PVH_IOAPIC2_BASE GUEST_IOAPIC2_BASE
#define PVH_GSI_MAX	 48
/* Where announced device registers may be: above RAM and the monitor's
 * pages, below the IOAPICs (microvm's are at 0xfeb00000). */
#define PVH_DEVICE_START 0xe0000000ULL
#define PVH_DEVICE_END	 PVH_IOAPIC_BASE

struct pvh_devices {
	unsigned int count;
	struct tess_kvm_device devices[TESS_KVM_DEVICE_MAX];
	uint32_t gsi[TESS_KVM_DEVICE_MAX];
};

/* Takes the virtio_mmio.device= words out of cmdline (len bytes, updated)
 * into d. Malformed or surplus words stay in the command line (where the
 * library options' parser names them). */
void pvh_devices_take(char *cmdline, uint64_t *len, struct pvh_devices *d);

/* What the layout must map for them: their register pages and the
 * IOAPICs. */
void pvh_devices_pages(const struct pvh_devices *d, struct guest_image *img);

/* Routes each device's GSI to its line's vector (edge-triggered, the
 * driver acknowledges at the device), once the layout maps the IOAPIC. */
void pvh_devices_route(const struct pvh_devices *d);

#endif /* TESS_PLAT_KVM_PVH_DEVICES_H */
