/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The x86_64 guest layout: page tables, GDT, IDT, TSS, CPL0 stacks and the
 * boot page, at the top of guest RAM, out of the guest's reach
 * (supervisor-only pages) except the boot page, which is read-only.
 *
 * One builder for both entries into the kvm platform: the monitor
 * (tools/vmm) runs it on the host over the guest's memory before the vCPU
 * starts; the PVH entry (pvh.c) runs it inside the guest, at CPL0, under
 * QEMU and other PVH loaders. It uses no library: plain C over a buffer,
 * general registers only (built with -mgeneral-regs-only in the guest,
 * where kvm-pvm cannot run SSE at CPL0).
 */
#ifndef TESS_PLAT_KVM_GUEST_LAYOUT_H
#define TESS_PLAT_KVM_GUEST_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define GUEST_PAGE_SIZE 4096ULL
/* Selectors (Linux layout, so that SYSRET's STAR arithmetic works). */
#define SEL_KERNEL_CS 0x10
#define SEL_KERNEL_SS 0x18
#define SEL_USER_CS32 0x23
#define SEL_USER_SS 0x2b
#define SEL_USER_CS 0x33
#define SEL_TSS 0x38
#define GUEST_GDT_LIMIT (9 * 8 - 1)
#define GUEST_CR0 0x80050033ULL	/* PG, AM, WP, NE, ET, MP, PE */
#define GUEST_CR4 0x620ULL	/* PAE, OSFXSR, OSXMMEXCPT */
#define GUEST_EFER 0xd01ULL	/* NXE, LMA, LME, SCE */

/* A software-available PTE bit marking the guest's free RAM: the only
 * pages whose presence the guest may change (KVM_PRIV_PAGE_PROTECT). */
#define GUEST_PTE_FREE_RAM 0x200ULL
/* CR4.FSGSBASE, set when the CPU has it: rd/wrfsbase at CPL3 (TLS). */
#define GUEST_CR4_FSGSBASE 0x10000ULL

#define GUEST_SEGMENT_MAX 16
#define GUEST_DEVICE_PAGES_MAX 8
/* The IOAPICs (QEMU's machines; microvm's second), mapped CPL0-only. */
#define GUEST_IOAPIC_BASE  0xfec00000ULL
#define GUEST_IOAPIC2_BASE 0xfec10000ULL
#define GUEST_SEG_W 0x1
#define GUEST_SEG_X 0x2

/* A loaded part of the image, at its identity-mapped address. */
struct guest_segment {
	uint64_t addr;
	uint64_t size;
	uint32_t flags;		/* GUEST_SEG_W | GUEST_SEG_X; readable always */
};

struct guest_image {
	unsigned int segment_count;
	struct guest_segment segments[GUEST_SEGMENT_MAX];
	uint64_t lowest;	/* first byte of the lowest segment */
	uint64_t highest;	/* one past the last byte of any segment */
	uint64_t trap_vectors;	/* entry stubs (kvm_abi.h); 0 when absent */
	/* Device register pages a PVH loader announced (user, uncached),
	 * and whether to map the IOAPICs (CPL0 only) to route them. */
	unsigned int device_page_count;
	uint64_t device_pages[GUEST_DEVICE_PAGES_MAX];
	bool ioapics;
	/* A boot module (the initrd) at the top of RAM, from this address
	 * to the end: mapped read-only for the guest, below it the layout's
	 * tables as usual; 0 when there is none. Page-aligned. */
	uint64_t module_start;
};

struct guest_layout {
	uint64_t ram_start, ram_end;	/* guest RAM: [ram_start, ram_end) */
	uint64_t tables_start;	/* first byte of the layout's area */
	uint64_t pml4;		/* CR3 */
	uint64_t gdt, idt, tss;
	uint64_t boot_info;	/* page holding boot info and command line */
	uint64_t kernel_stack_top;	/* RSP0 and IST stacks (each a page) */
	uint64_t free_start, free_end;	/* RAM the guest may use */
};

enum guest_layout_error {
	GUEST_LAYOUT_OK = 0,
	GUEST_LAYOUT_NO_ROOM,	/* image and tables do not fit in RAM */
	GUEST_LAYOUT_BAD_RAM,	/* RAM not page-aligned, or image outside it */
};

/* Bytes the layout needs at the top of RAM of ram_size bytes for image. */
uint64_t guest_layout_size(uint64_t ram_size, const struct guest_image *image);

/* IDT limit to load: covers TESS_KVM_TRAP_VECTOR_COUNT vectors when the
 * image has trap stubs, else 0 (any exception is a triple fault). */
uint16_t guest_layout_idt_limit(const struct guest_image *image);

/*
 * Writes the layout for image into guest RAM [ram_start, ram_end), which
 * the caller reaches at ram (the host's mapping, or ram_start itself
 * inside the guest). Maps RAM identity: page 0 never; image pages by
 * segment (text R+X, rodata R, data R+W+NX), holes between segments not at
 * all (guard pages); free RAM R+W+NX user; the layout's own pages
 * supervisor-only, the boot page user read-only; the MMIO page user; the
 * local APIC supervisor-only, uncached.
 */
enum guest_layout_error guest_layout_build(uint8_t *ram, uint64_t ram_start,
					   uint64_t ram_end,
					   const struct guest_image *image,
					   struct guest_layout *out);

#endif /* TESS_PLAT_KVM_GUEST_LAYOUT_H */
