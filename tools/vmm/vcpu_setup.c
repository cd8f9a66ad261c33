/* SPDX-License-Identifier: BSD-3-Clause */
/* The vCPU's set-up: the in-kernel local APIC, CPUID, the first registers
 * and segments (64-bit mode at CPL3, or CPL0 for hardware KVM images). */
#include <cpuid.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vm.h"

static void segment(struct kvm_segment *s, uint16_t sel, uint8_t type,
		    uint8_t dpl, uint8_t l, uint8_t db)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->limit = 0xffffffff;
	s->type = type;
	s->present = 1;
	s->dpl = dpl;
	s->s = 1;
	s->l = l;
	s->db = db;
	s->g = 1;
}

/*
 * The in-kernel local APIC gives the guest its TSC-deadline timer without
 * exits to this process. Only the local APIC (a split irqchip): the full
 * one adds an in-kernel PIC and IOAPIC the guest does not use, and their
 * teardown costs ~14 ms at process exit here, ten times the whole boot.
 * Kernels without the split irqchip get the full one (said with
 * --trace-boot).
 */
static void irqchip_create(struct vm *vm)
{
	struct kvm_enable_cap split = {
		.cap = KVM_CAP_SPLIT_IRQCHIP,
		.args = { 24 },	/* IOAPIC routes the (absent) userspace IOAPIC has */
	};

	if (ioctl(vm->fd, KVM_ENABLE_CAP, &split) == 0)
		return;
	trace(vm, "no split irqchip: full in-kernel irqchip");
	if (ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0)
		die_errno("KVM_CREATE_IRQCHIP");
}

/* CPUID features the guest is shown, where the host has them (Intel SDM
 * vol. 2A, CPUID): leaf 1 EDX FPU TSC MSR PAE CX8 APIC SEP PGE CMOV PAT
 * CLFSH MMX FXSR SSE SSE2, ECX SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1 SSE4.2 POPCNT
 * AES RDRAND; leaf 0x80000001 EDX SYSCALL NX LM, ECX LAHF. */
#define CPUID1_EDX_MASK 0x0789ab71u
#define CPUID1_ECX_MASK 0x42982203u
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID1_ECX_HYPERVISOR (1u << 31)
#define CPUID81_EDX_MASK 0x20100800u
#define CPUID81_ECX_MASK 0x00000001u
#define CPUID7_EBX_FSGSBASE 0x1u

static void cpuid_entry(struct kvm_cpuid_entry2 *e, uint32_t leaf)
{
	memset(e, 0, sizeof(*e));
	e->function = leaf;
	__cpuid_count(leaf, 0, e->eax, e->ebx, e->ecx, e->edx);
}

/*
 * The guest's CPUID: a short explicit table built from the host's own
 * CPUID, not KVM_GET_SUPPORTED_CPUID, which costs ~0.4 ms here, a quarter
 * of a boot. The in-kernel APIC provides the TSC-deadline timer whatever
 * the host says; the hypervisor bit tells the guest it is a VM. Leaves
 * beyond these read as zero.
 */
static void cpuid_set(struct vm *vm)
{
	struct {
		struct kvm_cpuid2 head;
		struct kvm_cpuid_entry2 entries[5];
	} cpuid = { .head.nent = 5 };
	struct kvm_cpuid_entry2 *e = cpuid.entries;

	cpuid_entry(&e[0], 0);
	e[0].eax = e[0].eax >= 7 ? 7 : 1;
	cpuid_entry(&e[1], 1);
	e[1].ebx &= 0x0000ffffu; /* APIC id 0, one logical CPU */
	e[1].ebx |= 1u << 16;
	e[1].ecx = (e[1].ecx & CPUID1_ECX_MASK) | CPUID1_ECX_TSC_DEADLINE |
		   CPUID1_ECX_HYPERVISOR;
	e[1].edx &= CPUID1_EDX_MASK;
	cpuid_entry(&e[2], 0x80000000);
	e[2].eax = 0x80000001;
	cpuid_entry(&e[3], 0x80000001);
	e[3].eax = e[3].ebx = 0;
	e[3].ecx &= CPUID81_ECX_MASK;
	e[3].edx &= CPUID81_EDX_MASK;
	/* Leaf 7: FSGSBASE only, so threads set their TLS base natively
	 * (wrfsbase at CPL3, with CR4.FSGSBASE). */
	cpuid_entry(&e[4], 7);
	e[4].flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX;
	e[4].eax = e[4].ecx = e[4].edx = 0;
	e[4].ebx = e[0].eax >= 7 ? e[4].ebx & CPUID7_EBX_FSGSBASE : 0;
	vm->fsgsbase = e[4].ebx != 0;
	if (ioctl(vm->vcpu, KVM_SET_CPUID2, &cpuid) < 0)
		die_errno("KVM_SET_CPUID2");
}

void vcpu_setup(struct vm *vm, const struct guest_layout *lay,
		       const struct elf_image *elf, const struct guest_image *image)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	int run_size;

	irqchip_create(vm);
	vm->vcpu = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu < 0)
		die_errno("KVM_CREATE_VCPU");
	run_size = ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	vm->run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED, vm->vcpu, 0);
	if (vm->run == MAP_FAILED)
		die_errno("mmap kvm_run");
	cpuid_set(vm);
	if (ioctl(vm->vcpu, KVM_GET_SREGS, &sregs) < 0)
		die_errno("KVM_GET_SREGS");
	/* Start directly in 64-bit mode at CPL3 (or CPL0, for images built
	 * for hardware KVM): no guest setup code needs emulating (kvm-pvm
	 * emulates CPL0 instruction by instruction). */
	if (elf->cpl0) {
		segment(&sregs.cs, SEL_KERNEL_CS, 11, 0, 1, 0);
		segment(&sregs.ss, SEL_KERNEL_SS, 3, 0, 0, 1);
		segment(&sregs.ds, SEL_KERNEL_SS, 3, 0, 0, 1);
	} else {
		segment(&sregs.cs, SEL_USER_CS, 11, 3, 1, 0);
		segment(&sregs.ss, SEL_USER_SS, 3, 3, 0, 1);
		segment(&sregs.ds, SEL_USER_SS, 3, 3, 0, 1);
	}
	sregs.es = sregs.fs = sregs.gs = sregs.ds;
	memset(&sregs.tr, 0, sizeof(sregs.tr));
	sregs.tr.selector = SEL_TSS;
	sregs.tr.base = lay->tss;
	sregs.tr.limit = 0x67;
	sregs.tr.type = 11;
	sregs.tr.present = 1;
	sregs.gdt.base = lay->gdt;
	sregs.gdt.limit = GUEST_GDT_LIMIT;
	sregs.idt.base = lay->idt;
	sregs.idt.limit = guest_layout_idt_limit(image);
	sregs.cr3 = lay->pml4;
	sregs.cr4 = GUEST_CR4 | (vm->fsgsbase ? GUEST_CR4_FSGSBASE : 0);
	sregs.cr0 = GUEST_CR0;
	sregs.efer = GUEST_EFER;
	if (ioctl(vm->vcpu, KVM_SET_SREGS, &sregs) < 0)
		die_errno("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = elf->entry;
	regs.rdi = lay->boot_info;
	regs.rflags = 0x202;	/* IF: the timer interrupts CPL3 code */
	if (ioctl(vm->vcpu, KVM_SET_REGS, &regs) < 0)
		die_errno("KVM_SET_REGS");
}

