/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tess-vmm: the Tessera KVM monitor. Loads a validated ELF image, builds
 * the guest's page tables and descriptor tables, starts one vCPU at CPL3
 * and serves the guest's MMIO requests (console, exit, fault, trace).
 *
 * usage: tess-vmm [--mem SIZE] [--disk FILE[,ro]]... [--trace-boot]
 *                 [--net tap:IFNAME[,mac=M]]... [--no-seccomp] IMAGE
 *                 [-- ARGS...]
 */
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include "devices.h"
#include "disk_device.h"
#include "net_device.h"
#include "elf_loader.h"
#include "seccomp.h"
#include "../common/host_kvm.h"
#include "../common/host_parse.h"
#include "../../plat/kvm/guest_layout.h"
#include "../../plat/kvm/include/tess/kvm_abi.h"

#define TESS_STR_(x) #x
#define TESS_STR(x) TESS_STR_(x)
/* Guest RAM starts where kvm images are linked (1 MiB, where PVH loaders
 * put them too): below it the guest has nothing to keep, so --mem is all
 * usable memory. */
#define RAM_BASE (1ULL << 20)
/* RAM must stay below the MMIO page. */
#define CMDLINE_MAX TESS_KVM_CMDLINE_MAX

struct vm {
	int kvm, fd, vcpu;
	struct kvm_run *run;
	uint8_t *mem;
	uint64_t mem_size;	/* guest RAM: [RAM_BASE, RAM_BASE + mem_size) */
	bool trace_boot;
	bool fsgsbase;		/* the guest's CPUID has FSGSBASE, CR4 enables it */
	bool takes_signals;	/* the guest asked for TESS_KVM_MMIO_SIGNALS */
	bool seccomp;		/* confine the guest-serving threads */
	bool seccomp_selftest;	/* make a forbidden call once confined */
	uint64_t boot_info;	/* guest address of the boot info */
	double start_ns;
	struct vmm_devices devices;
};

/* The host address of guest RAM address addr (checked by the caller). */
static uint8_t *guest_ptr(struct vm *vm, uint64_t addr)
{
	return vm->mem + (addr - RAM_BASE);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void trace(struct vm *vm, const char *what)
{
	if (vm->trace_boot)
		fprintf(stderr, "tess run: %9.3f ms  %s\n",
			(now_ns() - vm->start_ns) / 1e6, what);
}

static __attribute__((noreturn)) void usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "tess run: %s\n", msg);
	fprintf(stderr, "usage: tess run IMAGE [--mem SIZE] [--disk FILE[,ro]]... [--net tap:IFNAME[,mac=M]]... [--trace-boot] [--no-seccomp] [-- ARGS...]\n");
	exit(TESS_KVM_STATUS_USAGE);
}

static void *read_image(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	void *p;

	if (fd < 0) {
		fprintf(stderr, "tess run: cannot open image %s: %s\n", path,
			strerror(errno));
		exit(TESS_KVM_STATUS_BAD_IMAGE);
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		fprintf(stderr, "tess run: %s is not a regular, non-empty file\n",
			path);
		exit(TESS_KVM_STATUS_BAD_IMAGE);
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "tess run: cannot map %s: %s\n", path,
			strerror(errno));
		exit(TESS_KVM_STATUS_BAD_IMAGE);
	}
	*size = (size_t)st.st_size;
	return p;
}

static void kvm_open(struct vm *vm)
{
	char reason[512];

	vm->kvm = host_kvm_open(reason, sizeof(reason));
	if (vm->kvm < 0) {
		fprintf(stderr, "tess run: cannot use KVM: %s\n", reason);
		exit(TESS_KVM_STATUS_NO_KVM);
	}
	vm->fd = ioctl(vm->kvm, KVM_CREATE_VM, 0);
	if (vm->fd < 0) {
		fprintf(stderr, "tess run: KVM_CREATE_VM: %s\n", strerror(errno));
		exit(TESS_KVM_STATUS_NO_KVM);
	}
}

static void die_errno(const char *what)
{
	fprintf(stderr, "tess run: %s: %s\n", what, strerror(errno));
	exit(TESS_KVM_STATUS_NO_KVM);
}

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

static void vcpu_setup(struct vm *vm, const struct guest_layout *lay,
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

/* What the layout builder needs to know of the validated image. */
_Static_assert(ELF_LOADER_MAX_SEGMENTS <= GUEST_SEGMENT_MAX,
	       "every validated segment fits the layout's image");

static void guest_image_from_elf(const struct elf_image *elf,
				 struct guest_image *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < elf->segment_count; i++) {
		const struct elf_segment *s = &elf->segments[i];

		out->segments[i].addr = s->guest_addr;
		out->segments[i].size = s->mem_size;
		out->segments[i].flags = (s->flags & PF_W ? GUEST_SEG_W : 0) |
					 (s->flags & PF_X ? GUEST_SEG_X : 0);
	}
	out->segment_count = elf->segment_count;
	out->lowest = elf->lowest;
	out->highest = elf->highest;
	out->trap_vectors = elf->trap_vectors;
}

static void boot_info_write(struct vm *vm, const struct guest_layout *lay,
			    const char *cmdline, size_t cmdline_len)
{
	struct tess_kvm_boot_info info = {
		.magic = TESS_KVM_BOOT_MAGIC,
		.abi_version = TESS_KVM_ABI_VERSION,
		.mem_size = vm->mem_size,
		.free_start = lay->free_start,
		.free_end = lay->free_end,
		.cmdline = lay->boot_info + sizeof(info),
		.cmdline_len = cmdline_len,
		.flags = vm->trace_boot ? TESS_KVM_BOOT_TRACE : 0,
	};
	struct timespec wall;
	int tsc_khz = ioctl(vm->vcpu, KVM_GET_TSC_KHZ, 0);

	info.tsc_khz = tsc_khz > 0 ? (uint64_t)tsc_khz : 0;
	/* Which of our streams are terminals: the guest's look the same. */
	{
		static const uint32_t tty_flag[3] = {TESS_KVM_BOOT_STDIN_TTY,
						     TESS_KVM_BOOT_STDOUT_TTY,
						     TESS_KVM_BOOT_STDERR_TTY};
		struct winsize ws;

		for (int fd = 2; fd >= 0; fd--) {
			if (ioctl(fd, TIOCGWINSZ, &ws) != 0)
				continue;
			info.flags |= tty_flag[fd];
			info.tty_rows = ws.ws_row;
			info.tty_cols = ws.ws_col;
		}
	}
	if (getrandom(info.entropy, sizeof(info.entropy), 0) !=
	    (ssize_t)sizeof(info.entropy))
		die_errno("getrandom");
	clock_gettime(CLOCK_REALTIME, &wall);
	info.boot_tsc = __rdtsc();
	info.boot_wall_ns = (uint64_t)wall.tv_sec * 1000000000ULL +
			    (uint64_t)wall.tv_nsec;
	vmm_devices_describe(&vm->devices, &info);
	vm->boot_info = lay->boot_info;
	memcpy(guest_ptr(vm, lay->boot_info), &info, sizeof(info));
	memcpy(guest_ptr(vm, lay->boot_info + sizeof(info)), cmdline,
	       cmdline_len + 1);
}

static void print_registers(struct vm *vm)
{
	struct kvm_regs r;
	struct kvm_sregs s;

	if (ioctl(vm->vcpu, KVM_GET_REGS, &r) < 0 ||
	    ioctl(vm->vcpu, KVM_GET_SREGS, &s) < 0)
		return;
	fprintf(stderr,
		"  rip %016llx rsp %016llx rflags %016llx cs %04x cpl %d\n"
		"  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
		"  rsi %016llx rdi %016llx rbp %016llx cr2 %016llx\n",
		r.rip, r.rsp, r.rflags, s.cs.selector, s.cs.dpl, r.rax, r.rbx,
		r.rcx, r.rdx, r.rsi, r.rdi, r.rbp, s.cr2);
}

static bool guest_range_ok(struct vm *vm, uint64_t addr, uint64_t len)
{
	return addr >= RAM_BASE && addr - RAM_BASE < vm->mem_size &&
	       len <= vm->mem_size - (addr - RAM_BASE);
}

static const char *const vector_names[32] = {
	"divide error (#DE)", "debug (#DB)", "NMI", "breakpoint (#BP)",
	"overflow (#OF)", "bound range (#BR)", "invalid opcode (#UD)",
	"device not available (#NM)", "double fault (#DF)", "coprocessor",
	"invalid TSS (#TS)", "segment not present (#NP)",
	"stack fault (#SS)", "general protection (#GP)", "page fault (#PF)",
	"reserved", "x87 error (#MF)", "alignment check (#AC)",
	"machine check (#MC)", "SIMD error (#XM)", "virtualization (#VE)",
	"control protection (#CP)",
};

static int guest_fault(struct vm *vm, uint64_t addr)
{
	struct tess_kvm_fault f;

	if (!guest_range_ok(vm, addr, sizeof(f))) {
		fprintf(stderr, "tess run: guest reported a fault at a bad address %#llx\n",
			(unsigned long long)addr);
		return TESS_KVM_STATUS_BAD_EXIT;
	}
	memcpy(&f, guest_ptr(vm, addr), sizeof(f));
	fprintf(stderr, "tess run: guest exception %llu %s, error code %#llx, address %#llx\n",
		(unsigned long long)f.vector,
		f.vector < 32 && vector_names[f.vector] ? vector_names[f.vector] : "",
		(unsigned long long)f.error_code, (unsigned long long)f.cr2);
	fprintf(stderr, "  rip %016llx rsp %016llx rflags %016llx cs %04llx\n",
		(unsigned long long)f.rip, (unsigned long long)f.rsp,
		(unsigned long long)f.rflags, (unsigned long long)f.cs);
	return TESS_KVM_STATUS_GUEST_FAULT;
}

/* Handles one MMIO access; returns -1 to go on, else the exit status. */
static int mmio(struct vm *vm)
{
	uint64_t addr = vm->run->mmio.phys_addr;
	uint64_t value = 0;

	if (vm->run->mmio.len <= 8) {
		memcpy(&value, vm->run->mmio.data, vm->run->mmio.len);
		if (vmm_devices_mmio(&vm->devices, addr, vm->run->mmio.is_write,
				     vm->run->mmio.len, &value)) {
			if (!vm->run->mmio.is_write)
				memcpy(vm->run->mmio.data, &value,
				       vm->run->mmio.len);
			return -1;
		}
		value = 0;
	}
	if (addr < TESS_KVM_MMIO_BASE || addr >= TESS_KVM_MMIO_BASE + 4096 ||
	    !vm->run->mmio.is_write || vm->run->mmio.len != 8) {
		fprintf(stderr, "tess run: guest %s of %u bytes at unbacked address %#llx\n",
			vm->run->mmio.is_write ? "write" : "read",
			vm->run->mmio.len, (unsigned long long)addr);
		print_registers(vm);
		return TESS_KVM_STATUS_GUEST_FAULT;
	}
	memcpy(&value, vm->run->mmio.data, 8);
	switch (addr - TESS_KVM_MMIO_BASE) {
	case TESS_KVM_MMIO_CONSOLE:
	case TESS_KVM_MMIO_CONSOLE_ERR: {
		uint64_t len = value >> 48, buf = value & ((1ULL << 48) - 1);
		FILE *out = addr - TESS_KVM_MMIO_BASE == TESS_KVM_MMIO_CONSOLE
				    ? stdout
				    : stderr;

		if (!guest_range_ok(vm, buf, len)) {
			fprintf(stderr, "tess run: guest console write outside its memory (%#llx, %llu bytes)\n",
				(unsigned long long)buf, (unsigned long long)len);
			return TESS_KVM_STATUS_BAD_EXIT;
		}
		/* Each stream in order; stdout first, as a Linux process's
		 * unbuffered writes would land. */
		if (out == stderr)
			fflush(stdout);
		fwrite(guest_ptr(vm, buf), 1, len, out);
		fflush(out);
		return -1;
	}
	case TESS_KVM_MMIO_EXIT:
		trace(vm, "guest exit");
		return (int)(value & 0xff);
	case TESS_KVM_MMIO_FAULT:
		return guest_fault(vm, value);
	case TESS_KVM_MMIO_SIGNALS:
		vm->takes_signals = value == 1;
		return -1;
	case TESS_KVM_MMIO_TRACE: {
		char what[80];

		snprintf(what, sizeof(what),
			 "guest at main: %.1f us after its first instruction",
			 (double)value / 1e3);
		trace(vm, what);
		return -1;
	}
	default:
		fprintf(stderr, "tess run: guest wrote unknown monitor register %#llx\n",
			(unsigned long long)(addr - TESS_KVM_MMIO_BASE));
		return TESS_KVM_STATUS_BAD_EXIT;
	}
}

/*
 * SIGHUP, SIGINT and SIGTERM (tess stop, ^C, a hang-up) reach the guest.
 * The handler sets kvm_run's immediate_exit, so a signal that lands
 * between two runs still ends the next at once (KVM_RUN fails with EINTR,
 * as it does for one that lands inside). (Blocking them outside KVM_RUN
 * with KVM_SET_SIGNAL_MASK instead made every KVM_RUN on kvm-pvm fail
 * with EINTR.) A guest that takes them (posix-process
 * registers for them: TESS_KVM_MMIO_SIGNALS) gets each counted in its
 * boot info and an interrupt at TESS_KVM_VECTOR_HOST; its handler runs,
 * stdio is flushed, and it exits when it chooses (tess stop kills us
 * after its --timeout). A guest that does not ends as the monitor would
 * without this: killed by the signal.
 */
static const int passed_signals[] = TESS_KVM_HOST_SIGNALS;
_Static_assert(SIGHUP == 1 && SIGINT == 2 && SIGTERM == 15,
	       "TESS_KVM_HOST_SIGNALS are the host's own numbers");
static volatile sig_atomic_t signals_caught; /* bit i: passed_signals[i] */
static struct kvm_run *volatile signals_run; /* the vCPU's, once set up */

static void signal_caught(int sig)
{
	for (int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++)
		if (passed_signals[i] == sig)
			signals_caught |= 1 << i;
	if (signals_run)
		signals_run->immediate_exit = 1;
}

/* The signals reach the vCPU thread only (a KVM_RUN in progress ends
 * only for a signal to its own thread): every other thread of the
 * monitor blocks them, from before the first is created. */
static void signals_mask(int how)
{
	sigset_t set;

	sigemptyset(&set);
	for (int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++)
		sigaddset(&set, passed_signals[i]);
	pthread_sigmask(how, &set, NULL);
}

static void signals_setup(struct vm *vm)
{
	struct sigaction sa = {.sa_handler = signal_caught};

	signals_run = vm->run;
	for (int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++)
		sigaction(passed_signals[i], &sa, NULL);
	signals_mask(SIG_UNBLOCK);
}

/* Passes the caught signals on, or ends as killed by the first. */
static void signals_pass(struct vm *vm)
{
	int caught;
	struct tess_kvm_boot_info *info = (struct tess_kvm_boot_info *)
		guest_ptr(vm, vm->boot_info);
	struct kvm_msi msi = {.address_lo = TESS_KVM_APIC_BASE,
			      .data = TESS_KVM_VECTOR_HOST};

	/* Cleared first: a signal after the exchange sets both again and
	 * ends the next run at once. */
	vm->run->immediate_exit = 0;
	caught = __atomic_exchange_n(&signals_caught, 0, __ATOMIC_SEQ_CST);
	for (int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++) {
		if (!(caught & (1 << i)))
			continue;
		if (!vm->takes_signals) {
			signal(passed_signals[i], SIG_DFL);
			raise(passed_signals[i]);
		}
		__atomic_add_fetch(&info->host_signal_count[i], 1,
				   __ATOMIC_RELEASE);
	}
	if (caught && ioctl(vm->fd, KVM_SIGNAL_MSI, &msi) < 0)
		die_errno("KVM_SIGNAL_MSI");
}

static int vcpu_loop(struct vm *vm)
{
	bool first = true;

	signals_setup(vm);
	if (vm->seccomp) {
		int err = vmm_seccomp_confine();

		if (err) {
			fprintf(stderr, "tess run: cannot install the seccomp "
					"filter: %s (--no-seccomp runs "
					"without it)\n",
				strerror(-err));
			return TESS_KVM_STATUS_BAD_EXIT;
		}
		if (vm->seccomp_selftest)
			vmm_seccomp_selftest();
	}
	for (;;) {
		int status;

		if (ioctl(vm->vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR) {
				signals_pass(vm);
				continue;
			}
			die_errno("KVM_RUN");
		}
		if (first) {
			trace(vm, "first VM exit");
			first = false;
		}
		switch (vm->run->exit_reason) {
		case KVM_EXIT_MMIO:
			status = mmio(vm);
			if (status >= 0)
				return status;
			break;
		case KVM_EXIT_SHUTDOWN:
			fprintf(stderr, "tess run: guest triple fault (an exception with no usable handler)\n");
			print_registers(vm);
			return TESS_KVM_STATUS_GUEST_FAULT;
		case KVM_EXIT_HLT:
			fprintf(stderr, "tess run: guest halted without an exit status\n");
			print_registers(vm);
			return TESS_KVM_STATUS_BAD_EXIT;
		case KVM_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "tess run: KVM internal error (suberror %u)\n",
				vm->run->internal.suberror);
			print_registers(vm);
			return TESS_KVM_STATUS_BAD_EXIT;
		case KVM_EXIT_FAIL_ENTRY:
			fprintf(stderr, "tess run: VM entry failed (reason %#llx)\n",
				(unsigned long long)vm->run->fail_entry.hardware_entry_failure_reason);
			return TESS_KVM_STATUS_BAD_EXIT;
		default:
			fprintf(stderr, "tess run: unhandled VM exit %u\n",
				vm->run->exit_reason);
			print_registers(vm);
			return TESS_KVM_STATUS_BAD_EXIT;
		}
	}
}

struct vcpu_thread {
	struct vm *vm;
	int status;
};

static void *vcpu_thread(void *arg)
{
	struct vcpu_thread *t = arg;

	t->status = vcpu_loop(t->vm);
	return NULL;
}

/* Runs the vCPU in a thread of its own, which confines itself (the main
 * thread waits, unconfined, for the cleanup after the guest). */
static int vcpu_run(struct vm *vm)
{
	struct vcpu_thread t = {.vm = vm};
	pthread_t thread;
	int err = pthread_create(&thread, NULL, vcpu_thread, &t);

	if (err) {
		fprintf(stderr, "tess run: cannot start the vCPU thread: %s\n",
			strerror(err));
		return TESS_KVM_STATUS_BAD_EXIT;
	}
	pthread_join(thread, NULL);
	if (vm->trace_boot)
		vmm_devices_report(&vm->devices);
	return t.status;
}

int main(int argc, char *argv[])
{
	/* Static: the device models it holds live until the process ends
	 * (the device threads use them to the last). */
	static struct vm vm;
	const char *image_path = NULL;
	char cmdline[CMDLINE_MAX], why[512];
	char *disks[TESS_KVM_DEVICE_MAX];
	const char *nets[TESS_KVM_DEVICE_MAX];
	unsigned int ndisks = 0, nnets = 0;
	size_t cmdline_len = 0, image_size;
	struct elf_image image;
	struct guest_layout layout;
	struct guest_image guest;
	enum guest_layout_error lerr;
	enum elf_load_error err;
	void *file;
	int i;

	vm = (struct vm){.mem_size = TESS_KVM_MEM_DEFAULT, .start_ns = now_ns(),
			 .seccomp = true};
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "--mem") == 0) {
			if (++i == argc || tess_size_parse(argv[i], &vm.mem_size))
				usage("--mem needs a size such as 512K or 64M");
		} else if (strcmp(argv[i], "--disk") == 0) {
			if (++i == argc)
				usage("--disk needs FILE or FILE,ro");
			if (ndisks + nnets == TESS_KVM_DEVICE_MAX)
				usage("too many devices (at most " TESS_STR(TESS_KVM_DEVICE_MAX) ")");
			disks[ndisks++] = argv[i];
		} else if (strcmp(argv[i], "--net") == 0) {
			if (++i == argc)
				usage("--net needs tap:IFNAME[,mac=XX:XX:XX:XX:XX:XX]");
			if (ndisks + nnets == TESS_KVM_DEVICE_MAX)
				usage("too many devices (at most " TESS_STR(TESS_KVM_DEVICE_MAX) ")");
			nets[nnets++] = argv[i];
		} else if (strcmp(argv[i], "--no-seccomp") == 0) {
			vm.seccomp = false;
		} else if (strcmp(argv[i], "--seccomp-selftest") == 0) {
			vm.seccomp_selftest = true;
		} else if (strcmp(argv[i], "--trace-boot") == 0) {
			vm.trace_boot = true;
		} else if (argv[i][0] == '-') {
			usage("unknown option");
		} else if (image_path == NULL) {
			image_path = argv[i];
		} else {
			usage("arguments for the guest go after --");
		}
	}
	if (image_path == NULL)
		usage("no image given");
	if (!tess_kvm_mem_valid(vm.mem_size))
		usage("--mem must be a multiple of 4K between 64K and 3G");
	cmdline[0] = '\0';
	if (tess_cmdline_append(cmdline, sizeof(cmdline), &cmdline_len, image_path) < 0)
		usage("command line too long");
	for (; i < argc; i++) {
		if (tess_cmdline_append(cmdline, sizeof(cmdline), &cmdline_len, argv[i]) < 0)
			usage("guest command line too long (limit " TESS_STR(TESS_KVM_CMDLINE_MAX) " bytes)");
	}

	file = read_image(image_path, &image_size);
	err = elf_validate(file, image_size, RAM_BASE, RAM_BASE + vm.mem_size,
			   &image);
	if (err) {
		fprintf(stderr, "tess run: %s: %s\n", image_path, elf_error_text(err));
		return err == ELF_ERR_TOO_LARGE ? TESS_KVM_STATUS_TOO_LARGE :
						  TESS_KVM_STATUS_BAD_IMAGE;
	}
	if (image.cpl0 && host_kvm_is_pvm()) {
		fprintf(stderr, "tess run: %s runs at CPL0 (CONFIG_TESS_PLAT_KVM_CPL0, for hardware KVM); this host's KVM is kvm-pvm, which emulates CPL0 code and cannot run SSE there: build the default CPL3 variant\n",
			image_path);
		return TESS_KVM_STATUS_NO_KVM;
	}
	kvm_open(&vm);
	trace(&vm, "VM created");
	vm.mem = mmap(NULL, vm.mem_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE,
		      -1, 0);
	if (vm.mem == MAP_FAILED)
		die_errno("mmap guest memory");
	trace(&vm, "guest RAM mapped");
	elf_load(file, &image, vm.mem, RAM_BASE);
	guest_image_from_elf(&image, &guest);
	lerr = guest_layout_build(vm.mem, RAM_BASE, RAM_BASE + vm.mem_size,
				  &guest, &layout);
	if (lerr) {
		fprintf(stderr,
			"tess run: image (%#llx bytes up to %#llx) and the monitor's %llu KiB of tables do not fit in %llu KiB of guest memory (raise --mem)\n",
			(unsigned long long)(image.highest - image.lowest),
			(unsigned long long)image.highest,
			(unsigned long long)(guest_layout_size(vm.mem_size, &guest) >> 10),
			(unsigned long long)(vm.mem_size >> 10));
		return TESS_KVM_STATUS_TOO_LARGE;
	}
	{
		struct kvm_userspace_memory_region region = {
			.slot = 0,
			.guest_phys_addr = RAM_BASE,
			.memory_size = vm.mem_size,
			.userspace_addr = (uint64_t)(uintptr_t)vm.mem,
		};

		if (ioctl(vm.fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
			die_errno("KVM_SET_USER_MEMORY_REGION");
	}
	trace(&vm, "image loaded, page tables built");
	vmm_devices_init(&vm.devices, vm.fd, vm.mem, RAM_BASE, vm.mem_size);
	for (unsigned int d = 0; d < ndisks; d++) {
		int status = disk_device_attach(&vm.devices, disks[d], why,
						sizeof(why));

		if (status) {
			fprintf(stderr, "tess run: %s\n", why);
			return status;
		}
	}
	for (unsigned int n = 0; n < nnets; n++) {
		int status = net_device_attach(&vm.devices, nets[n], n, why,
					       sizeof(why));

		if (status) {
			fprintf(stderr, "tess run: %s\n", why);
			return status;
		}
	}
	vcpu_setup(&vm, &layout, &image, &guest);
	boot_info_write(&vm, &layout, cmdline, cmdline_len);
	/* The guest's console output is flushed at every write anyway; an
	 * unbuffered stdout also never asks, at its first write, whether it
	 * is a terminal (an ioctl the seccomp filter does not allow). */
	fflush(stdout);
	setvbuf(stdout, NULL, _IONBF, 0);
	signals_mask(SIG_BLOCK);
	if (vm.devices.count) {
		int err = vmm_devices_start(&vm.devices, vm.seccomp);

		if (err) {
			fprintf(stderr, "tess run: cannot start the device threads: %s\n",
				strerror(-err));
			return TESS_KVM_STATUS_BAD_EXIT;
		}
		trace(&vm, "devices started");
	}
	trace(&vm, "vCPU ready");
	return vcpu_run(&vm);
}
