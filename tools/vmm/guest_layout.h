/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guest memory layout built by the monitor: page tables, descriptor
 * tables and boot data at the top of guest RAM, out of the guest's reach
 * (supervisor-only pages) except the boot info, which is read-only.
 */
#ifndef TESS_VMM_GUEST_LAYOUT_H
#define TESS_VMM_GUEST_LAYOUT_H

#include <stdint.h>

#include "elf_loader.h"

#define GUEST_PAGE_SIZE 4096ULL
/* Selectors (Linux layout, so that SYSRET's STAR arithmetic works). */
#define SEL_KERNEL_CS 0x10
#define SEL_KERNEL_SS 0x18
#define SEL_USER_CS32 0x23
#define SEL_USER_SS 0x2b
#define SEL_USER_CS 0x33
#define SEL_TSS 0x38

struct guest_layout {
	uint64_t mem_size;
	uint64_t monitor_area;	/* first byte of the monitor's area */
	uint64_t pml4;		/* CR3 */
	uint64_t gdt, idt, tss;
	uint64_t boot_info;	/* page holding boot info and command line */
	uint64_t kernel_stack_top;	/* RSP0 and IST stacks (each a page) */
	uint64_t free_start, free_end;
};

/*
 * Lays out and writes the monitor's structures into guest memory mem
 * (mem_size bytes) for the loaded image; returns 0, or -1 when the image
 * leaves no room for them (message on stderr).
 */
/* IDT limit to load: covers TESS_KVM_TRAP_VECTOR_COUNT vectors when the
 * image has trap stubs, else 0 (any exception is a triple fault). */
uint16_t guest_layout_idt_limit(const struct elf_image *image);

int guest_layout_build(uint8_t *mem, uint64_t mem_size,
		       const struct elf_image *image,
		       struct guest_layout *out);

#endif /* TESS_VMM_GUEST_LAYOUT_H */
