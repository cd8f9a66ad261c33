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
/* The APIC timer's input clock in one-shot mode: KVM's and QEMU's APIC
 * bus runs at 1 GHz; the count is divided by KVM_APIC_ONESHOT_DIVIDE, so
 * one count is 128 ns and 32 bits reach 549 s. */
#define ONESHOT_NS_PER_COUNT ((unsigned long long)KVM_APIC_ONESHOT_DIVIDE)
#define ONESHOT_COUNT_MAX    0xffffffffULL

enum timer_mode { TIMER_OFF, TIMER_TSC_DEADLINE, TIMER_ONESHOT };

/* Set once, when the APIC is first used. */
static enum timer_mode timer_mode;
/* One-shot mode: the deadline asked for (0: none); a count runs out
 * before it when it lies beyond the count's range. Boot thread only. */
static uint64_t oneshot_deadline_ns;
/* The TSC deadline (or one-shot count) the APIC holds, 0 when none:
 * written only at CPL0 (the timer calls and the timer interrupt, both with
 * interrupts off). */
extern volatile uint64_t kvm_timer_deadline;

static int apic_init(void)
{
	uint32_t r[4];

	if (timer_mode != TIMER_OFF)
		return 0;
	/* cpuid traps on kvm-pvm, but only this once. */
	tess_arch_cpuid(1, 0, r);
	if (r[2] & CPUID1_ECX_TSC_DEADLINE) {
		timer_mode = TIMER_TSC_DEADLINE;
	} else {
		/* QEMU without KVM has no TSC-deadline mode. */
		tess_pr_info("kvm: no TSC-deadline timer; using the APIC "
			     "one-shot timer (%llu ns per count)",
			     ONESHOT_NS_PER_COUNT);
		timer_mode = TIMER_ONESHOT;
	}
	if (kvm_privcall(KVM_PRIV_APIC_INIT,
			 timer_mode == TIMER_ONESHOT
				 ? KVM_APIC_MODE_ONESHOT
				 : KVM_APIC_MODE_TSC_DEADLINE,
			 0, 0) < 0) {
		timer_mode = TIMER_OFF;
		return -EIO;
	}
	return 0;
}

/* Counts of the monitor's signals already reported (boot thread and the
 * host line's handler, interrupts masked). */
static uint32_t host_signals_seen[TESS_KVM_HOST_SIGNAL_COUNT];
static const int host_signal_numbers[] = TESS_KVM_HOST_SIGNALS;

uint64_t tess_plat_host_signals_take(void)
{
	uint64_t mask = 0;
	bool was = tess_plat_irq_save();

	for (unsigned int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++) {
		uint32_t sent = kvm_boot_page->host_signal_count[i];

		if (sent != host_signals_seen[i]) {
			host_signals_seen[i] = sent;
			mask |= 1ULL << (host_signal_numbers[i] - 1);
		}
	}
	tess_plat_irq_restore(was);
	return mask;
}

int plat_irq_line_enable(enum tess_irq irq)
{
	int err;

	if (irq >= TESS_IRQ_DEVICE_FIRST && irq < TESS_IRQ_COUNT &&
	    irq - TESS_IRQ_DEVICE_FIRST < TESS_KVM_DEVICE_LINES) {
		return apic_init();
	}
	if (irq != TESS_IRQ_TIMER && irq != TESS_IRQ_HOST)
		return -EINVAL;
	/* The local APIC takes the monitor's interrupts too. */
	err = apic_init();
	if (err || irq == TESS_IRQ_TIMER)
		return err;
	/* A PVH loader (QEMU) passes on no signals: the line stays quiet. */
	if (!(kvm_boot_info.flags & TESS_KVM_BOOT_PVH))
		kvm_monitor_write(TESS_KVM_MMIO_SIGNALS, 1);
	return 0;
}

static void oneshot_arm(void)
{
	uint64_t now = tess_plat_monotonic_ns();
	uint64_t delta =
		oneshot_deadline_ns > now ? oneshot_deadline_ns - now : 0;
	uint64_t count = delta / ONESHOT_NS_PER_COUNT + 1; /* never early */

	if (count > ONESHOT_COUNT_MAX)
		count = ONESHOT_COUNT_MAX;
	kvm_privcall(KVM_PRIV_TIMER_COUNT, count, 0, 0);
}

int tess_plat_timer_set(uint64_t deadline_ns)
{
	uint64_t tsc;
	int err = apic_init();

	if (err)
		return err;
	if (timer_mode == TIMER_ONESHOT) {
		oneshot_deadline_ns = deadline_ns ? deadline_ns : 1;
		oneshot_arm();
		return 0;
	}
	tsc = kvm_ns_to_tsc(deadline_ns);
	if (tsc == 0)
		tsc = 1; /* 0 would disarm; 1 is long past: fires at once */
	if (tsc != kvm_timer_deadline)
		kvm_privcall(KVM_PRIV_TIMER_SET, tsc, 0, 0);
	return 0;
}

void tess_plat_timer_cancel(void)
{
	oneshot_deadline_ns = 0;
	if (kvm_timer_deadline == 0)
		return;
	kvm_privcall(timer_mode == TIMER_ONESHOT ? KVM_PRIV_TIMER_COUNT
						 : KVM_PRIV_TIMER_SET,
		     0, 0, 0);
}

bool plat_irq_line_due(enum tess_irq irq)
{
	if (irq != TESS_IRQ_TIMER || timer_mode != TIMER_ONESHOT)
		return true;
	if (oneshot_deadline_ns &&
	    tess_plat_monotonic_ns() < oneshot_deadline_ns) {
		oneshot_arm();
		return false;
	}
	oneshot_deadline_ns = 0;
	return true;
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
	if (plat_irq_pending == 0 && kvm_timer_deadline == 0 &&
	    !tess_plat_irq_devices_enabled())
		tess_panic("idle with no timer armed and no device line: "
			   "nothing could wake the CPU");
	kvm_privcall(KVM_PRIV_HALT, 0, 0, 0);
	tess_plat_irq_restore(was);
}

void tess_plat_exit(int status)
{
	uint8_t code = (uint8_t)status;

	if (!(kvm_boot_info.flags & TESS_KVM_BOOT_PVH)) {
		for (;;)
			kvm_monitor_write(TESS_KVM_MMIO_EXIT, code);
	}
	/* The whole byte on COM2 (tess run reads it), then QEMU's
	 * isa-debug-exit, which ends QEMU with status (code << 1) | 1. */
	kvm_privcall(KVM_PRIV_OUTSB, KVM_PORT_COM2, (uintptr_t)&code, 1);
	kvm_privcall(KVM_PRIV_OUTSB, KVM_PORT_DEBUG_EXIT, (uintptr_t)&code, 1);
	tess_pr_crit("exit status %d: the VM has no isa-debug-exit device at "
		     "port %#x, halting",
		     status & 0xff, KVM_PORT_DEBUG_EXIT);
	tess_plat_timer_cancel();
	for (;;)
		kvm_privcall(KVM_PRIV_HALT, 0, 0, 0);
}

/* The monitor's entropy words 1-3 (word 0 seeded the stack canary),
 * handed out once; then RDRAND, which runs natively at CPL3. */
static unsigned int boot_entropy_used = 8;

static bool rdrand64(uint64_t *out)
{
	unsigned char ok;

	for (int tries = 0; tries < 10; tries++) {
		__asm__ __volatile__("rdrand %0; setc %1"
				     : "=r"(*out), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static bool rdrand_present(void)
{
	static int present = -1;

	if (present < 0) {
		uint32_t r[4];

		tess_arch_cpuid(1, 0, r);
		present = (r[2] >> 30) & 1;
	}
	return present;
}

int tess_plat_entropy(void *buf, unsigned long len)
{
	unsigned char *p = buf;
	const unsigned char *boot =
		(const unsigned char *)kvm_boot_info.entropy;

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
