/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor's device bus: virtio-mmio devices at the guest's device
 * pages (kvm_abi.h), each with its own I/O thread and interrupt line.
 *
 * The data path crosses the guest/monitor boundary without exits while
 * there is work (DESIGN 7a): a device's thread works its queues, keeps
 * polling them for a while after the last work with the guest's
 * doorbells turned off, and only then turns them on and sleeps; it
 * interrupts the guest (an MSI) only when the guest asked to be told.
 * Register accesses come from the vCPU thread; one lock per device
 * orders them with the thread's work.
 */
#ifndef TESS_VMM_DEVICES_H
#define TESS_VMM_DEVICES_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../plat/kvm/include/tess/kvm_abi.h"
#include "virtio_mmio.h"

struct vmm_device;

/* What a device model gives the bus. */
struct vmm_device_model {
	struct vmmio_device transport; /* id, features, queues, config */
	/* Works every live queue: returns how many requests it carried
	 * out (0: none waiting). Called with the device's lock held. */
	int (*work)(struct vmm_device *d, void *ctx);
	/* The driver reset the device: drop state kept between works
	 * (NULL: none). Lock held. */
	void (*reset)(void *ctx);
	/* A file descriptor whose readiness is work too (a tap), or -1,
	 * and the poll events to wait for on it now (NULL: POLLIN); lock
	 * held. */
	int input_fd;
	short (*input_events)(void *ctx);
	/* The seccomp filter its thread installs (seccomp.h; NULL:
	 * vmm_seccomp_confine, what every device but a share needs). */
	int (*confine)(void);
	void *ctx;
};

struct vmm_device {
	struct vmm_devices *bus;
	unsigned int index, line;
	char label[96];		/* "disk FILE": how logs name it */
	struct vmm_device_model model;
	struct vmmio mmio;
	pthread_mutex_t lock;
	pthread_t thread;
	int wake_fd;		/* eventfd: a doorbell */
	int irq_fd;		/* eventfd: the MSI, with irqfd */
	unsigned int complaints; /* protocol errors logged */
	uint64_t interrupts, doorbells, sleeps;
};

struct vmm_devices {
	int vm_fd;
	struct virtq_ram ram;
	unsigned int count;
	/* Nanoseconds a device thread polls after its last work before it
	 * sleeps (0: sleeps at once). */
	uint64_t spin_ns;
	bool seccomp;
	/* How interrupts and doorbells cross (--irq, --doorbell): MSIs by
	 * KVM_SIGNAL_MSI (default) or an irqfd routed to the MSI, the same
	 * cost here; doorbells as an ioeventfd KVM signals itself (default:
	 * 15-20 us less per doorbell on kvm-pvm than an exit to this
	 * process) or MMIO exits to this process. */
	bool irqfd, ioeventfd;
	struct vmm_device devices[TESS_KVM_DEVICE_MAX];
};

void vmm_devices_init(struct vmm_devices *bus, int vm_fd, uint8_t *ram,
		      uint64_t ram_start, uint64_t ram_size);

/* Adds a device (label copied). Returns it, or NULL when the table is
 * full. */
struct vmm_device *vmm_devices_add(struct vmm_devices *bus,
				   const struct vmm_device_model *model,
				   const char *label);

/* Fills the boot info's device table. */
void vmm_devices_describe(const struct vmm_devices *bus,
			  struct tess_kvm_boot_info *info);

/* Starts the device threads, each confined by the seccomp filter when
 * seccomp is true (seccomp.h): 0, or -errno. */
int vmm_devices_start(struct vmm_devices *bus, bool seccomp);

/* After the guest's end: what it queued and no device thread took yet
 * (its last frames, a FIN a closing program sent) is done now, so that
 * nothing the program sent before it ended is lost. */
void vmm_devices_drain(struct vmm_devices *bus);

/* Prints each device's doorbells (guest exits), interrupts and sleeps of
 * its thread to stderr: where the time of an I/O benchmark goes. */
void vmm_devices_report(struct vmm_devices *bus);

/* A guest access at addr: returns false when no device is there. A read
 * fills *value. */
bool vmm_devices_mmio(struct vmm_devices *bus, uint64_t addr, bool is_write,
		      unsigned int len, uint64_t *value);

#endif /* TESS_VMM_DEVICES_H */
