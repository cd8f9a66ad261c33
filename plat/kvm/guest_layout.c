/* SPDX-License-Identifier: BSD-3-Clause */
/* Builds the guest's page tables, GDT, IDT, TSS and boot page at the top of RAM. */
#include <stdbool.h>

#include "guest_layout.h"
#include "include/tess/kvm_abi.h"

#define PTE_P	 0x1ULL
#define PTE_W	 0x2ULL
#define PTE_U	 0x4ULL
#define PTE_PWT	 0x8ULL
#define PTE_PCD	 0x10ULL
#define PTE_A	 0x20ULL
#define PTE_D	 0x40ULL
#define PTE_NX	 (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL
/* RSP0, IST1 (#DF), IST2 (NMI), IST3 (#PF/#MC), IST4 (timer) */
#define STACK_PAGES 5
/* GDT, IDT, TSS and boot page, then the stacks, then the page tables. */
#define FIXED_PAGES (4 + STACK_PAGES)

struct table_alloc {
	uint8_t *ram; /* where ram_start is reachable */
	uint64_t ram_start;
	uint64_t next; /* next free page (guest address) */
	uint64_t end;
	bool overflow; /* a table did not fit (never, if sized right) */
};

static void *gpa(const struct table_alloc *ta, uint64_t addr)
{
	return ta->ram + (addr - ta->ram_start);
}

/* Plain loops, not memset: this also runs at CPL0 inside the guest, where
 * no library code may run. */
static void zero(void *p, uint64_t len)
{
	uint64_t *q = p;

	for (uint64_t i = 0; i < len / 8; i++)
		q[i] = 0;
}

/* A zeroed page for a table, or 0 when the area is exhausted. */
static uint64_t table_new(struct table_alloc *ta)
{
	uint64_t page = ta->next;

	if (ta->end - ta->next < GUEST_PAGE_SIZE) {
		ta->overflow = true;
		return 0;
	}
	ta->next += GUEST_PAGE_SIZE;
	zero(gpa(ta, page), GUEST_PAGE_SIZE);
	return page;
}

/* Maps one 4 KiB page addr -> addr with the given leaf flags. Intermediate
 * entries are P|W|U: permissions are decided by the leaf. Accessed and
 * dirty are set up front: under shadow paging (kvm-pvm) the first access
 * to a page would otherwise trap for the hypervisor to set them, about a
 * third of the guest's time from its first instruction to main. */
static void map_page(struct table_alloc *ta, uint64_t pml4, uint64_t addr,
		     uint64_t flags)
{
	uint64_t table = pml4;

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *entry =
			(uint64_t *)gpa(ta, table) + ((addr >> shift) & 511);

		if (!(*entry & PTE_P)) {
			uint64_t next = table_new(ta);

			if (!next)
				return;
			*entry = next | PTE_P | PTE_W | PTE_U | PTE_A;
		}
		table = *entry & PTE_ADDR;
	}
	((uint64_t *)gpa(ta, table))[(addr >> 12) & 511] =
		addr | flags | PTE_A | PTE_D;
}

/* Leaf flags for an image page: the union of the segments covering it
 * (the linker script page-aligns sections, so normally just one); 0 when
 * no segment covers it. */
static uint64_t segment_flags(const struct guest_image *image, uint64_t page)
{
	bool covered = false, writable = false, executable = false;

	for (unsigned int i = 0; i < image->segment_count; i++) {
		const struct guest_segment *s = &image->segments[i];
		uint64_t first = s->addr & ~(GUEST_PAGE_SIZE - 1);

		if (page < first || page >= s->addr + s->size)
			continue;
		covered = true;
		writable |= (s->flags & GUEST_SEG_W) != 0;
		executable |= (s->flags & GUEST_SEG_X) != 0;
	}
	if (!covered)
		return 0;
	return PTE_P | PTE_U | (writable ? PTE_W : 0) |
	       (executable ? 0 : PTE_NX);
}

/* The device pages share the monitor page's page table, which
 * guest_layout_size() counts. */
_Static_assert(TESS_KVM_MMIO_BASE % (2ULL << 20) == 0 &&
		       TESS_KVM_DEVICE_PAGE(TESS_KVM_DEVICE_MAX) <=
			       TESS_KVM_MMIO_BASE + (2ULL << 20),
	       "device pages in the MMIO page's 2 MiB");

uint64_t guest_layout_size(uint64_t ram_size, const struct guest_image *image)
{
	/* A PT per 2 MiB region of announced device pages, and one for the
	 * IOAPICs: only for an image that has them. */
	uint64_t devices = image->ioapics ? 1 : 0;
	uint64_t pts = (ram_size + (2ULL << 20) - 1) >> 21;
	uint64_t pds = (ram_size + (1ULL << 30) - 1) >> 30;

	for (unsigned int i = 0; i < image->device_page_count &&
				 i < GUEST_DEVICE_PAGES_MAX;
	     i++) {
		bool region_seen = false;

		for (unsigned int k = 0; k < i; k++)
			region_seen |= image->device_pages[k] >> 21 ==
				       image->device_pages[i] >> 21;
		devices += !region_seen;
	}

	/* One more PT and PD each where RAM straddles a boundary, the PTs
	 * and PDs of the MMIO and APIC pages, the PDPT and the PML4. */
	return (pts + 1 + pds + 1 + 4 + 2 + devices + FIXED_PAGES) *
	       GUEST_PAGE_SIZE;
}

static void write_gdt(uint64_t *d, uint64_t tss)
{
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
 * DPL0 so software interrupts from CPL3 cannot reach them, except the
 * privileged-call gate; #DF, NMI, #PF and #MC on their own IST stacks, so
 * a stack overflow is reported, not a triple fault. */
static void write_idt(uint64_t *g, uint64_t vectors)
{
	for (unsigned int v = 0; v < TESS_KVM_TRAP_VECTOR_COUNT; v++) {
		uint64_t handler = vectors + v * TESS_KVM_TRAP_STUB_SIZE;
		uint64_t ist = v == 8			    ? 1
			       : v == 2			    ? 2
			       : (v == 14 || v == 18)	    ? 3
			       : (v == TESS_KVM_VECTOR_TIMER ||
				  v == TESS_KVM_VECTOR_HOST ||
				  (v >= TESS_KVM_VECTOR_DEVICE(0) &&
				   v < TESS_KVM_VECTOR_DEVICE(
					   TESS_KVM_DEVICE_LINES))) ? 4
							     : 0;
		uint64_t type = v == TESS_KVM_VECTOR_PRIVCALL ? 0xee : 0x8e;

		g[2 * v] = (handler & 0xffff) |
			   ((uint64_t)SEL_KERNEL_CS << 16) | (ist << 32) |
			   (type << 40) | (((handler >> 16) & 0xffff) << 48);
		g[2 * v + 1] = handler >> 32;
	}
}

uint16_t guest_layout_idt_limit(const struct guest_image *image)
{
	return image->trap_vectors ? TESS_KVM_TRAP_VECTOR_COUNT * 16 - 1 : 0;
}

/* The TSS's 8-byte fields are only 4-byte aligned. */
static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void write_tss(uint8_t *t, uint64_t stacks)
{
	put64(t + 4, stacks + GUEST_PAGE_SIZE); /* RSP0 */
	for (int i = 1; i <= 4; i++)		/* IST1-4 */
		put64(t + 0x24 + 8 * (i - 1),
		      stacks + (uint64_t)(i + 1) * GUEST_PAGE_SIZE);
	t[0x66] = 104; /* I/O bitmap base past the limit: no port access */
}

static uint64_t page_flags(const struct guest_image *image,
			   const struct guest_layout *out, uint64_t image_end,
			   uint64_t page)
{
	uint64_t flags = segment_flags(image, page);

	if (flags)
		return flags;
	/* Holes between the image's segments (guard pages) stay unmapped. */
	if (page >= image->lowest && page < image_end)
		return 0;
	if (page == out->boot_info)
		return PTE_P | PTE_U | PTE_NX;
	if (image->module_start && page >= image->module_start)
		return PTE_P | PTE_U | PTE_NX;
	if (page >= out->tables_start)
		return PTE_P | PTE_W | PTE_NX;
	return PTE_P | PTE_W | PTE_U | PTE_NX | GUEST_PTE_FREE_RAM;
}

enum guest_layout_error guest_layout_build(uint8_t *ram, uint64_t ram_start,
					   uint64_t ram_end,
					   const struct guest_image *image,
					   struct guest_layout *out)
{
	uint64_t need, image_end, stacks, top;
	struct table_alloc ta;

	zero(out, sizeof(*out));
	if (ram_start % GUEST_PAGE_SIZE || ram_end % GUEST_PAGE_SIZE ||
	    ram_end <= ram_start || image->lowest < ram_start ||
	    image->highest > ram_end)
		return GUEST_LAYOUT_BAD_RAM;
	need = guest_layout_size(ram_end - ram_start, image);
	image_end =
		(image->highest + GUEST_PAGE_SIZE - 1) & ~(GUEST_PAGE_SIZE - 1);
	top = image->module_start ? image->module_start : ram_end;
	if (top % GUEST_PAGE_SIZE || top > ram_end)
		return GUEST_LAYOUT_BAD_RAM;
	if (top < image_end || need > top - image_end)
		return GUEST_LAYOUT_NO_ROOM;
	out->ram_start = ram_start;
	out->ram_end = ram_end;
	out->tables_start = top - need;
	out->gdt = out->tables_start;
	out->idt = out->gdt + GUEST_PAGE_SIZE;
	out->tss = out->idt + GUEST_PAGE_SIZE;
	out->boot_info = out->tss + GUEST_PAGE_SIZE;
	stacks = out->boot_info + GUEST_PAGE_SIZE;
	out->kernel_stack_top = stacks + GUEST_PAGE_SIZE;
	out->free_start = image_end;
	out->free_end = out->tables_start;

	ta.ram = ram;
	ta.ram_start = ram_start;
	ta.next = out->tables_start;
	ta.end = ram_end;
	ta.overflow = false;
	zero(gpa(&ta, ta.next), FIXED_PAGES * GUEST_PAGE_SIZE);
	ta.next += FIXED_PAGES * GUEST_PAGE_SIZE;
	out->pml4 = table_new(&ta);
	/* Page 0 stays unmapped: NULL dereferences fault. */
	for (uint64_t page = ram_start ? ram_start : GUEST_PAGE_SIZE;
	     page < ram_end; page += GUEST_PAGE_SIZE) {
		uint64_t flags = page_flags(image, out, image_end, page);

		if (flags)
			map_page(&ta, out->pml4, page, flags);
	}
	map_page(&ta, out->pml4, TESS_KVM_MMIO_BASE,
		 PTE_P | PTE_W | PTE_U | PTE_NX);
	/* Device register pages: drivers run at CPL3; uncached, as device
	 * registers are (in the same page table as the monitor's page). */
	for (unsigned int i = 0; i < TESS_KVM_DEVICE_MAX; i++)
		map_page(&ta, out->pml4, TESS_KVM_DEVICE_PAGE(i),
			 PTE_P | PTE_W | PTE_U | PTE_NX | PTE_PCD | PTE_PWT);
	for (unsigned int i = 0; i < image->device_page_count &&
				 i < GUEST_DEVICE_PAGES_MAX;
	     i++)
		map_page(&ta, out->pml4, image->device_pages[i],
			 PTE_P | PTE_W | PTE_U | PTE_NX | PTE_PCD | PTE_PWT);
	if (image->ioapics) {
		map_page(&ta, out->pml4, GUEST_IOAPIC_BASE,
			 PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX);
		map_page(&ta, out->pml4, GUEST_IOAPIC2_BASE,
			 PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX);
	}
	/* Only the CPL0 layer touches the local APIC. */
	map_page(&ta, out->pml4, TESS_KVM_APIC_BASE,
		 PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX);
	/* guest_layout_size() counts every table map_page can need. */
	if (ta.overflow)
		return GUEST_LAYOUT_NO_ROOM;
	write_gdt(gpa(&ta, out->gdt), out->tss);
	if (image->trap_vectors)
		write_idt(gpa(&ta, out->idt), image->trap_vectors);
	write_tss(gpa(&ta, out->tss), stacks);
	return GUEST_LAYOUT_OK;
}
