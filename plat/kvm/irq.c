/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm interrupts, timer, idle, exit and entropy.
 *
 * The timer is the local APIC's in TSC-deadline mode: arming it is one
 * privileged call (a trap to the thin CPL0 layer), skipped when the
 * deadline does not change. Interrupts are masked with the shared software
 * flag; irq_entry_x86_64.S delivers them to plat_irq_deliver() at CPL3.
 */
#include <errno.h>
#include <string.h>
#include <tess/arch.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>

#include "../common/irq_soft.h"
#include "kvm.h"
#include "privcall.h"

#define CPUID1_ECX_TSC_DEADLINE (1u << 24)

/* Set once, when the APIC is first used. */
static bool apic_ready;
/* The TSC deadline the APIC holds, 0 when none: written only at CPL0 (the
 * timer-set call and the timer interrupt, both with interrupts off). */
extern volatile uint64_t kvm_timer_deadline;

static int apic_init(void)
{
	unsigned int a = 1, b, c = 0, d;

	if (apic_ready)
		return 0;
	/* cpuid traps on kvm-pvm, but only this once. */
	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	if (!(c & CPUID1_ECX_TSC_DEADLINE)) {
		tess_pr_err("kvm: the CPU has no TSC-deadline timer");
		return -ENOSYS;
	}
	if (kvm_privcall(KVM_PRIV_APIC_INIT, 0, 0, 0) < 0)
		return -EIO;
	apic_ready = true;
	return 0;
}

int plat_irq_line_enable(enum tess_irq irq)
{
	if (irq != TESS_IRQ_TIMER)
		return -EINVAL;
	return apic_init();
}

int tess_plat_timer_set(uint64_t deadline_ns)
{
	uint64_t tsc = kvm_ns_to_tsc(deadline_ns);
	int err = apic_init();

	if (err)
		return err;
	if (tsc == 0)
		tsc = 1; /* 0 would disarm; 1 is long past: fires at once */
	if (tsc != kvm_timer_deadline)
		kvm_privcall(KVM_PRIV_TIMER_SET, tsc, 0, 0);
	return 0;
}

void tess_plat_timer_cancel(void)
{
	if (kvm_timer_deadline != 0)
		kvm_privcall(KVM_PRIV_TIMER_SET, 0, 0, 0);
}

/* Called by kvm_irq_upcall (irq_entry_x86_64.S) with interrupts masked. */
__attribute__((used)) void kvm_irq_upcall_dispatch(void)
{
	plat_irq_deliver();
}

void tess_plat_idle(void)
{
	bool was = tess_plat_irq_save();

	/* With interrupts masked, a pending line is certain to be seen: the
	 * halt returns at once, or the next interrupt ends it. */
	if (plat_irq_pending == 0 && kvm_timer_deadline == 0)
		tess_panic("idle with no timer armed: nothing could wake the CPU");
	kvm_privcall(KVM_PRIV_HALT, 0, 0, 0);
	tess_plat_irq_restore(was);
}

void tess_plat_exit(int status)
{
	for (;;)
		kvm_monitor_write(TESS_KVM_MMIO_EXIT, (uint64_t)(status & 0xff));
}

/* The monitor's entropy words 1-3 (word 0 seeded the stack canary),
 * handed out once; then RDRAND, which runs natively at CPL3. */
static unsigned int boot_entropy_used = 8;

static bool rdrand64(uint64_t *out)
{
	unsigned char ok;

	for (int tries = 0; tries < 10; tries++) {
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static bool rdrand_present(void)
{
	static int present = -1;

	if (present < 0) {
		unsigned int a = 1, b, c = 0, d;

		__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
		present = (c >> 30) & 1;
	}
	return present;
}

int tess_plat_entropy(void *buf, unsigned long len)
{
	unsigned char *p = buf;
	const unsigned char *boot = (const unsigned char *)kvm_boot_info.entropy;

	while (len > 0 && boot_entropy_used < sizeof(kvm_boot_info.entropy)) {
		*p++ = boot[boot_entropy_used++];
		len--;
	}
	while (len > 0) {
		uint64_t word;
		size_t n = len < 8 ? len : 8;

		if (!rdrand_present() || !rdrand64(&word))
			return -ENOSYS;
		memcpy(p, &word, n);
		p += n;
		len -= n;
	}
	return 0;
}
