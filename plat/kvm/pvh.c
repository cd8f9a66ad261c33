/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH boot, second step (CPL0, long mode, scratch identity map): reads the
 * loader's start info, builds the same layout tess-vmm builds (one builder,
 * guest_layout.c), fills the boot info and drops to CPL3 at _start.
 *
 * Runs before anything else and at CPL0, so it calls no library code, has
 * no stack protector and uses general registers only (this file and
 * guest_layout.c are built with -mgeneral-regs-only; kvm-pvm cannot run
 * SSE at CPL0). Failures print on COM1 and exit through isa-debug-exit.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest_layout.h"
#include "kvm.h"
#include "privcall.h"
#include "pvh_devices.h"

/* Xen's arch-x86/hvm/start_info.h, version 1. */
#define HVM_START_MAGIC 0x336ec578
#define HVM_MEMMAP_RAM	1
struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

/* RAM must end below the monitor register page and the APIC. */
#define RAM_LIMIT   TESS_KVM_MMIO_BASE
#define CMDLINE_MAX TESS_KVM_CMDLINE_MAX

/* Linker symbols (link.ld): the image's segments. */
extern const char __tess_image_start[], __tess_headers_end[];
extern const char __tess_text_start[], __tess_text_end[];
extern const char __tess_rodata_start[], __tess_rodata_end[];
extern const char __tess_data_start[], __tess_data_end[];
extern const char __tess_stack_start[], __tess_stack_end[];
extern const char kvm_trap_vectors[];
void _start(void);

#define NOSSP __attribute__((no_stack_protector))

static NOSSP void outb(uint16_t port, uint8_t value)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(value), "Nd"(port));
}

static NOSSP uint8_t inb(uint16_t port)
{
	uint8_t value;

	__asm__ __volatile__("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static NOSSP __attribute__((noreturn)) void pvh_fail(const char *why)
{
	for (const char *p = "tessera: PVH boot failed: "; *p; p++)
		outb(KVM_PORT_COM1, (uint8_t)*p);
	for (const char *p = why; *p; p++)
		outb(KVM_PORT_COM1, (uint8_t)*p);
	outb(KVM_PORT_COM1, '\n');
	outb(KVM_PORT_DEBUG_EXIT, TESS_KVM_STATUS_BAD_EXIT);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

static NOSSP void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c,
			uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(0));
}

static NOSSP void wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(msr), "a"((uint32_t)value),
			       "d"((uint32_t)(value >> 32))
			     : "memory");
}

/* KVM's paravirtual clock (Documentation/virt/kvm/x86/msr.rst): the
 * hypervisor keeps this structure current once its physical address is
 * written to the system-time MSR with bit 0 set. */
#define KVM_SIGNATURE_EBX	 0x4b4d564b /* "KVMK" */
#define KVM_SIGNATURE_ECX	 0x564b4d56 /* "VMKV" */
#define KVM_SIGNATURE_EDX	 0x0000004d /* "M\0\0\0" */
#define KVM_CPUID_FEATURES	 0x40000001
#define KVM_FEATURE_CLOCKSOURCE	 (1u << 0)
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)
#define MSR_KVM_SYSTEM_TIME	 0x12
#define MSR_KVM_SYSTEM_TIME_NEW	 0x4b564d01
struct pvclock_vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
};

/* Identity-mapped during the PVH entry: its address is its physical one. */
static struct pvclock_vcpu_time_info kvmclock __attribute__((aligned(64)));

/*
 * The TSC frequency from kvmclock: ns = (tsc << shift) * mul >> 32 (a
 * right shift for a negative shift), so kHz = (10^6 << 32) / mul, shifted
 * the other way. The clock is switched off again at once: its page is
 * ordinary memory once the image runs. 0 when this is not KVM or it has
 * no kvmclock.
 */
static NOSSP uint64_t tsc_khz_from_kvmclock(uint32_t hv_max, uint32_t b,
					    uint32_t c, uint32_t d)
{
	volatile struct pvclock_vcpu_time_info *clock = &kvmclock;
	uint32_t features, unused, version, mul, msr;
	uint64_t khz;
	int8_t shift;

	if (b != KVM_SIGNATURE_EBX || c != KVM_SIGNATURE_ECX ||
	    d != KVM_SIGNATURE_EDX || hv_max < KVM_CPUID_FEATURES)
		return 0;
	cpuid(KVM_CPUID_FEATURES, &features, &unused, &unused, &unused);
	if (features & KVM_FEATURE_CLOCKSOURCE2)
		msr = MSR_KVM_SYSTEM_TIME_NEW;
	else if (features & KVM_FEATURE_CLOCKSOURCE)
		msr = MSR_KVM_SYSTEM_TIME;
	else
		return 0;
	wrmsr(msr, (uint64_t)(uintptr_t)&kvmclock | 1);
	/* An odd version is an update in progress. */
	do {
		version = clock->version;
		__asm__ __volatile__("" ::: "memory");
		mul = clock->tsc_to_system_mul;
		shift = clock->tsc_shift;
		__asm__ __volatile__("" ::: "memory");
	} while ((version & 1) || version != clock->version);
	wrmsr(msr, 0);
	if (mul == 0 || shift < -31 || shift > 31)
		return 0;
	khz = (1000000ULL << 32) / mul;
	return shift >= 0 ? khz >> shift : khz << -shift;
}

/*
 * The TSC frequency, from CPUID: leaf 0x15 (TSC/crystal ratio and crystal
 * frequency), else the hypervisor timing leaf 0x40000010 (kHz; some VMMs),
 * else KVM's kvmclock (QEMU with KVM and other KVM VMMs), else leaf 0x16
 * (base MHz, nominal). 0 when none tells.
 */
static NOSSP uint64_t tsc_khz_from_cpuid(void)
{
	uint32_t a, b, c, d, max, hv_max, unused;
	uint64_t khz;

	cpuid(0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, &a, &b, &c, &d);
		if (a && b && c)
			return (uint64_t)c * b / a / 1000;
	}
	cpuid(1, &a, &b, &c, &d);
	if (c & (1u << 31)) { /* running under a hypervisor */
		cpuid(0x40000000, &hv_max, &b, &c, &d);
		if (hv_max >= 0x40000010 && hv_max < 0x40010000) {
			cpuid(0x40000010, &a, &unused, &unused, &unused);
			if (a)
				return a;
		}
		khz = tsc_khz_from_kvmclock(hv_max, b, c, d);
		if (khz)
			return khz;
	}
	if (max >= 0x16) {
		cpuid(0x16, &a, &b, &c, &d);
		if (a & 0xffff)
			return (uint64_t)(a & 0xffff) * 1000;
	}
	return 0;
}

static NOSSP unsigned int cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static NOSSP unsigned int bcd(unsigned int v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 15);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (y >= 1970). */
static NOSSP uint64_t days_from_civil(unsigned int y, unsigned int m,
				      unsigned int d)
{
	uint64_t era, yoe, doy;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* Wall clock from the CMOS RTC (seconds resolution), 0 when it reads as
 * nonsense (no RTC). */
static NOSSP uint64_t rtc_wall_ns(void)
{
	unsigned int sec, min, hour, day, mon, year, status_b;
	bool binary;

	for (int tries = 0; tries < 100000 && (cmos_read(0x0a) & 0x80); tries++)
		; /* update in progress: the next read is consistent */
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	status_b = cmos_read(0x0b);
	binary = status_b & 0x04;
	sec = bcd(sec, binary);
	min = bcd(min, binary);
	hour = bcd(hour & 0x7f, binary) +
	       (!(status_b & 0x02) && (hour & 0x80) ? 12 : 0);
	day = bcd(day, binary);
	mon = bcd(mon, binary);
	year = bcd(year, binary) + 2000;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 24 ||
	    min > 59 || sec > 60)
		return 0;
	return ((days_from_civil(year, mon, day) * 24 + hour % 24) * 3600 +
		min * 60 + sec) *
	       1000000000ULL;
}

static NOSSP uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Hardware random words if RDRAND exists; else timing noise, flagged. */
static NOSSP void entropy_fill(struct tess_kvm_boot_info *info)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	for (int i = 0; i < 4; i++) {
		uint64_t word = 0;
		unsigned char ok = 0;

		for (int tries = 0; (c & (1u << 30)) && !ok && tries < 10;
		     tries++)
			__asm__ __volatile__("rdrand %0; setc %1"
					     : "=r"(word), "=qm"(ok));
		if (!ok) {
			word = rdtsc() * 0x9e3779b97f4a7c15ULL;
			info->flags |= TESS_KVM_BOOT_WEAK_ENTROPY;
		}
		info->entropy[i] = word;
	}
}

static NOSSP void image_describe(struct guest_image *img)
{
	static const struct {
		const char *start, *end;
		uint32_t flags;
	} parts[] = {
		{__tess_image_start, __tess_headers_end, 0},
		{__tess_text_start, __tess_text_end, GUEST_SEG_X},
		{__tess_rodata_start, __tess_rodata_end, 0},
		{__tess_data_start, __tess_data_end, GUEST_SEG_W},
		{__tess_stack_start, __tess_stack_end, GUEST_SEG_W},
	};

	img->segment_count = 0;
	for (unsigned int i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		struct guest_segment *s = &img->segments[img->segment_count];

		if (parts[i].end == parts[i].start)
			continue;
		s->addr = (uintptr_t)parts[i].start;
		s->size = (uintptr_t)parts[i].end - (uintptr_t)parts[i].start;
		s->flags = parts[i].flags;
		img->segment_count++;
	}
	img->lowest = (uintptr_t)__tess_image_start;
	img->highest = (uintptr_t)__tess_stack_end;
	img->trap_vectors = (uintptr_t)kvm_trap_vectors;
}

/*
 * The loader's first module is the initrd (QEMU -initrd puts it near the
 * top of RAM): from its page to the end of RAM is kept read-only for the
 * guest, the layout's tables go below it. One below the image, or outside
 * RAM, cannot be kept and stops the boot.
 */
static NOSSP void initrd_find(const struct hvm_start_info *si,
			      uint64_t ram_end, struct guest_image *img,
			      uint64_t *base, uint64_t *size)
{
	const struct hvm_modlist_entry *mod;

	*base = *size = 0;
	if (si->nr_modules == 0 || !si->modlist_paddr)
		return;
	mod = (const struct hvm_modlist_entry *)(uintptr_t)si->modlist_paddr;
	if (mod->size == 0)
		return;
	if (mod->paddr < img->highest || mod->paddr > ram_end ||
	    mod->size > ram_end - mod->paddr)
		pvh_fail("the initrd is not above the image in RAM");
	img->module_start = mod->paddr & ~(GUEST_PAGE_SIZE - 1);
	*base = mod->paddr;
	*size = mod->size;
}

/* The RAM entry of the memory map that holds the image. */
static NOSSP void ram_find(const struct hvm_start_info *si, uint64_t *start,
			   uint64_t *end)
{
	const struct hvm_memmap_entry *map;
	uint64_t image = (uintptr_t)__tess_image_start;

	if (si->version < 1 || si->memmap_entries == 0)
		pvh_fail("the loader gave no memory map");
	map = (const struct hvm_memmap_entry *)(uintptr_t)si->memmap_paddr;
	for (uint32_t i = 0; i < si->memmap_entries && i < 128; i++) {
		if (map[i].type != HVM_MEMMAP_RAM || map[i].addr > image ||
		    map[i].size <= image - map[i].addr)
			continue;
		*start = (map[i].addr + GUEST_PAGE_SIZE - 1) &
			 ~(GUEST_PAGE_SIZE - 1);
		*end = map[i].addr + map[i].size;
		if (*end > RAM_LIMIT)
			*end = RAM_LIMIT;
		*end &= ~(GUEST_PAGE_SIZE - 1);
		return;
	}
	pvh_fail("no RAM region holds the image");
}

#ifdef CONFIG_TESS_PLAT_KVM_CPL0
#define ENTRY_CS SEL_KERNEL_CS
#define ENTRY_SS SEL_KERNEL_SS
#else
#define ENTRY_CS SEL_USER_CS
#define ENTRY_SS SEL_USER_SS
#endif

/* Loads the layout's descriptor tables and page tables, then "returns" to
 * _start at CPL3 (CPL0 with CONFIG_TESS_PLAT_KVM_CPL0) with the boot info
 * in %rdi. */
static NOSSP __attribute__((noreturn)) void
enter_cpl3(const struct guest_layout *lay)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdt = {GUEST_GDT_LIMIT, lay->gdt},
	  idt = {TESS_KVM_TRAP_VECTOR_COUNT * 16 - 1, lay->idt};
	uint32_t lo, hi, a, b, c, d;
	uint64_t cr4 = GUEST_CR4;

	/* FSGSBASE where the CPU has it, as tess-vmm does (TLS at CPL3). */
	cpuid(0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, &a, &b, &c, &d);
		if (b & 1)
			cr4 |= GUEST_CR4_FSGSBASE;
	}
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080));
	lo |= (uint32_t)GUEST_EFER & ~0x400u; /* LMA is the CPU's to set */
	__asm__ __volatile__("wrmsr" : : "a"(lo), "d"(hi), "c"(0xc0000080));
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(cr4));
	__asm__ __volatile__("lgdt %0" : : "m"(gdt));
	__asm__ __volatile__("lidt %0" : : "m"(idt));
	__asm__ __volatile__("ltr %w0" : : "r"(SEL_TSS));
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(lay->pml4) : "memory");
	__asm__ __volatile__("mov %0, %%cr0" : : "r"(GUEST_CR0));
	__asm__ __volatile__(
		"movl %[ds], %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"pushq %[ss]\n\t"
		"pushq $0\n\t"	   /* rsp: _start sets its own */
		"pushq $0x202\n\t" /* rflags: IF */
		"pushq %[cs]\n\t"
		"pushq %[rip]\n\t"
		"iretq"
		:
		: [ds] "i"(ENTRY_SS), [ss] "i"(ENTRY_SS), [cs] "i"(ENTRY_CS),
		  [rip] "r"((uint64_t)(uintptr_t)_start), "D"(lay->boot_info)
		: "rax", "memory");
	__builtin_unreachable();
}

/*
 * Masks every line of the legacy 8259 interrupt controllers a PC machine
 * has (QEMU -M pc; -M microvm and tess-vmm have none, and the writes go
 * nowhere). The firmware leaves the timer's line (the PIT, 18.2 Hz) open
 * at vector 8, which our IDT takes for a double fault: a guest that ran
 * longer than one tick with interrupts enabled (at CPL3 they always are;
 * the mask is a software flag) crashed. Interrupts come from the local
 * APIC only.
 */
static NOSSP void legacy_pic_mask(void)
{
	outb(0x21, 0xff); /* master 8259, interrupt mask register */
	outb(0xa1, 0xff); /* slave */
}

__attribute__((used, noreturn)) NOSSP void
tess_kvm_pvh_setup(uint32_t start_info)
{
	const struct hvm_start_info *si =
		(const struct hvm_start_info *)(uintptr_t)start_info;
	static struct guest_image img;
	static char cmdline[CMDLINE_MAX];
	static struct pvh_devices devices;
	struct tess_kvm_boot_info *info;
	uint64_t initrd_base, initrd_size;
	struct guest_layout lay;
	uint64_t ram_start = 0, ram_end = 0, len = 0;
	const char *src;
	char *dst;

	if (si->magic != HVM_START_MAGIC)
		pvh_fail("bad start info magic");
	legacy_pic_mask();
	/* Copied before the layout may overwrite the loader's data. */
	src = (const char *)(uintptr_t)si->cmdline_paddr;
	while (src && src[len] && len < CMDLINE_MAX - 1) {
		cmdline[len] = src[len];
		len++;
	}
	cmdline[len] = '\0';
	pvh_devices_take(cmdline, &len, &devices);
	ram_find(si, &ram_start, &ram_end);
	image_describe(&img);
	pvh_devices_pages(&devices, &img);
	initrd_find(si, ram_end, &img, &initrd_base, &initrd_size);
	switch (guest_layout_build((uint8_t *)(uintptr_t)ram_start, ram_start,
				   ram_end, &img, &lay)) {
	case GUEST_LAYOUT_OK: break;
	case GUEST_LAYOUT_NO_ROOM:
		pvh_fail("the image and its tables do not fit in RAM (give the "
			 "VM more memory)");
	default: pvh_fail("the RAM region is unusable");
	}
	info = (struct tess_kvm_boot_info *)(uintptr_t)lay.boot_info;
	info->magic = TESS_KVM_BOOT_MAGIC;
	info->abi_version = TESS_KVM_ABI_VERSION;
	info->flags = TESS_KVM_BOOT_PVH;
	info->mem_size = ram_end - ram_start;
	info->free_start = lay.free_start;
	info->free_end = lay.free_end;
	/* 0 when CPUID does not tell: then plat.tsc_khz must (time.c). */
	info->tsc_khz = tsc_khz_from_cpuid();
	entropy_fill(info);
	info->boot_tsc = rdtsc();
	info->boot_wall_ns = rtc_wall_ns();
	info->cmdline = lay.boot_info + sizeof(*info);
	info->cmdline_len = len;
	dst = (char *)(uintptr_t)info->cmdline;
	for (uint64_t i = 0; i <= len; i++)
		dst[i] = cmdline[i];
	info->initrd_base = initrd_base;
	info->initrd_size = initrd_size;
	info->device_count = devices.count;
	for (unsigned int i = 0; i < devices.count; i++)
		info->devices[i] = devices.devices[i];
	pvh_devices_route(&devices);
	enter_cpl3(&lay);
}
