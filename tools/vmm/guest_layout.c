/* SPDX-License-Identifier: BSD-3-Clause */
/* Builds the guest's page tables, GDT, TSS and boot page at the top of RAM. */
#include <elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "guest_layout.h"
#include "../../plat/kvm/include/tess/kvm_abi.h"

#define PTE_P 0x1ULL
#define PTE_W 0x2ULL
#define PTE_U 0x4ULL
#define PTE_PWT 0x8ULL
#define PTE_PCD 0x10ULL
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL
#define STACK_PAGES 4	/* RSP0, IST1 (#DF), IST2 (NMI), IST3 (#PF/#MC) */

struct table_alloc {
	uint8_t *mem;
	uint64_t next;	/* next free page (guest address) */
	uint64_t end;
};

static uint64_t table_new(struct table_alloc *ta)
{
	uint64_t page = ta->next;

	ta->next += GUEST_PAGE_SIZE;
	memset(ta->mem + page, 0, GUEST_PAGE_SIZE);
	return page;
}

/* Maps one 4 KiB page gpa -> gpa with the given leaf flags. Intermediate
 * entries are P|W|U: permissions are decided by the leaf. */
static void map_page(struct table_alloc *ta, uint64_t pml4, uint64_t gpa,
		     uint64_t flags)
{
	uint64_t table = pml4;

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *entry = (uint64_t *)(ta->mem + table) +
				  ((gpa >> shift) & 511);

		if (!(*entry & PTE_P))
			*entry = table_new(ta) | PTE_P | PTE_W | PTE_U;
		table = *entry & PTE_ADDR;
	}
	((uint64_t *)(ta->mem + table))[(gpa >> 12) & 511] = gpa | flags;
}

/* Leaf flags for an image page: the union of the segments covering it
 * (the linker script page-aligns sections, so normally just one); 0 when
 * no segment covers it. */
static uint64_t segment_flags(const struct elf_image *image, uint64_t page)
{
	bool covered = false, writable = false, executable = false;

	for (unsigned int i = 0; i < image->segment_count; i++) {
		const struct elf_segment *s = &image->segments[i];
		uint64_t first = s->guest_addr & ~(GUEST_PAGE_SIZE - 1);

		if (page < first || page >= s->guest_addr + s->mem_size)
			continue;
		covered = true;
		writable |= (s->flags & PF_W) != 0;
		executable |= (s->flags & PF_X) != 0;
	}
	if (!covered)
		return 0;
	return PTE_P | PTE_U | (writable ? PTE_W : 0) |
	       (executable ? 0 : PTE_NX);
}

static uint64_t pages_needed(uint64_t mem_size)
{
	uint64_t pts = (mem_size + (2ULL << 20) - 1) >> 21;
	uint64_t pds = (mem_size + (1ULL << 30) - 1) >> 30;

	/* + the PTs and PDs of the MMIO and APIC pages, the PDPT, the PML4,
	 * then GDT, IDT, TSS, boot page and stacks. */
	return pts + pds + 4 + 2 + 4 + STACK_PAGES;
}

static void write_gdt(uint8_t *mem, uint64_t gdt, uint64_t tss)
{
	uint64_t *d = (uint64_t *)(mem + gdt);

	d[SEL_KERNEL_CS >> 3] = 0x00af9a000000ffffULL;
	d[SEL_KERNEL_SS >> 3] = 0x00cf92000000ffffULL;
	d[SEL_USER_CS32 >> 3] = 0x00cffa000000ffffULL;
	d[SEL_USER_SS >> 3] = 0x00cff2000000ffffULL;
	d[SEL_USER_CS >> 3] = 0x00affa000000ffffULL;
	/* 64-bit available TSS, limit 0x67 (Intel SDM vol. 3 §8.2.3). */
	d[SEL_TSS >> 3] = 0x67 | ((tss & 0xffffff) << 16) | (0x89ULL << 40) |
			  (((tss >> 24) & 0xff) << 56);
	d[(SEL_TSS >> 3) + 1] = tss >> 32;
}

/* 64-bit interrupt gates to the image's stubs (Intel SDM vol. 3 §6.14.1):
 * DPL0 so `int n` from CPL3 cannot reach them, except the privileged-call
 * gate; #DF, NMI, #PF and #MC on their own IST stacks, so a stack overflow
 * is reported, not a triple fault. */
static void write_idt(uint8_t *mem, uint64_t idt, uint64_t vectors)
{
	uint64_t *g = (uint64_t *)(mem + idt);

	for (unsigned int v = 0; v < TESS_KVM_TRAP_VECTOR_COUNT; v++) {
		uint64_t handler = vectors + v * TESS_KVM_TRAP_STUB_SIZE;
		uint64_t ist = v == 8 ? 1 : v == 2 ? 2 : (v == 14 || v == 18) ? 3 : 0;
		uint64_t type = v == TESS_KVM_VECTOR_PRIVCALL ? 0xee : 0x8e;

		g[2 * v] = (handler & 0xffff) | ((uint64_t)SEL_KERNEL_CS << 16) |
			   (ist << 32) | (type << 40) |
			   (((handler >> 16) & 0xffff) << 48);
		g[2 * v + 1] = handler >> 32;
	}
}

uint16_t guest_layout_idt_limit(const struct elf_image *image)
{
	return image->trap_vectors ?
		       TESS_KVM_TRAP_VECTOR_COUNT * 16 - 1 : 0;
}

static void write_tss(uint8_t *mem, uint64_t tss, uint64_t stacks)
{
	uint8_t *t = mem + tss;
	uint64_t rsp0 = stacks + 1 * GUEST_PAGE_SIZE;

	memcpy(t + 4, &rsp0, 8);
	for (int ist = 1; ist <= 3; ist++) {
		uint64_t top = stacks + (uint64_t)(ist + 1) * GUEST_PAGE_SIZE;

		memcpy(t + 0x24 + 8 * (ist - 1), &top, 8);
	}
	t[0x66] = 104; /* I/O bitmap base past the limit: no port access */
}

int guest_layout_build(uint8_t *mem, uint64_t mem_size,
		       const struct elf_image *image, struct guest_layout *out)
{
	uint64_t need = pages_needed(mem_size) * GUEST_PAGE_SIZE;
	uint64_t image_end = (image->highest + GUEST_PAGE_SIZE - 1) &
			     ~(GUEST_PAGE_SIZE - 1);
	struct table_alloc ta;
	uint64_t stacks;

	memset(out, 0, sizeof(*out));
	if (need > mem_size || mem_size - need < image_end) {
		fprintf(stderr,
			"tess run: image (%#llx bytes up to %#llx) and the monitor's %llu KiB of tables do not fit in %llu KiB of guest memory (raise --mem)\n",
			(unsigned long long)(image->highest - image->lowest),
			(unsigned long long)image->highest,
			(unsigned long long)(need >> 10),
			(unsigned long long)(mem_size >> 10));
		return -1;
	}
	out->mem_size = mem_size;
	out->monitor_area = mem_size - need;
	out->gdt = out->monitor_area;
	out->idt = out->gdt + GUEST_PAGE_SIZE;
	out->tss = out->idt + GUEST_PAGE_SIZE;
	out->boot_info = out->tss + GUEST_PAGE_SIZE;
	stacks = out->boot_info + GUEST_PAGE_SIZE;
	out->kernel_stack_top = stacks + GUEST_PAGE_SIZE;
	out->free_start = image_end;
	out->free_end = out->monitor_area;
	memset(mem + out->monitor_area, 0,
	       (4 + STACK_PAGES) * GUEST_PAGE_SIZE);

	ta.mem = mem;
	ta.next = stacks + STACK_PAGES * GUEST_PAGE_SIZE;
	ta.end = mem_size;
	out->pml4 = table_new(&ta);
	/* Page 0 stays unmapped: NULL dereferences fault. */
	for (uint64_t page = GUEST_PAGE_SIZE; page < mem_size;
	     page += GUEST_PAGE_SIZE) {
		uint64_t flags = segment_flags(image, page);

		/* Holes between the image's segments (guard pages) stay
		 * unmapped. */
		if (flags == 0 && page >= image->lowest && page < image_end)
			continue;
		if (flags == 0) {
			if (page >= out->monitor_area)
				flags = page == out->boot_info ?
						PTE_P | PTE_U | PTE_NX :
						PTE_P | PTE_W | PTE_NX;
			else
				flags = PTE_P | PTE_W | PTE_U | PTE_NX;
		}
		map_page(&ta, out->pml4, page, flags);
	}
	map_page(&ta, out->pml4, TESS_KVM_MMIO_BASE,
		 PTE_P | PTE_W | PTE_U | PTE_NX);
	/* Only the CPL0 layer touches the local APIC. */
	map_page(&ta, out->pml4, TESS_KVM_APIC_BASE,
		 PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX);
	if (ta.next > ta.end) {
		fprintf(stderr, "tess run: internal error: page tables overflow\n");
		return -1;
	}
	write_gdt(mem, out->gdt, out->tss);
	if (image->trap_vectors)
		write_idt(mem, out->idt, image->trap_vectors);
	write_tss(mem, out->tss, stacks);
	return 0;
}
