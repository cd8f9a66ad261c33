/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tess-vmm: the Tessera KVM monitor. Loads a validated ELF image, builds
 * the guest's page tables and descriptor tables, starts one vCPU at CPL3
 * and serves the guest's MMIO requests (console, exit, fault, trace).
 *
 * usage: tess-vmm [--mem SIZE] [--disk FILE[,ro]]... [--trace-boot]
 *                 [--net tap:IFNAME[,mac=M]]...
 *                 [--share HOSTDIR,tag=TAG[,ro]]... [--no-seccomp] IMAGE
 *                 [-- ARGS...]
 */
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

#include "disk_device.h"
#include "fs_device.h"
#include "net_device.h"
#include "seccomp.h"
#include "vm.h"
#include "../common/host_kvm.h"
#include "../common/host_parse.h"
#include "../common/host_image.h"

/* RAM must stay below the MMIO page. */
#define CMDLINE_MAX TESS_KVM_CMDLINE_MAX

#define TESS_STR_(x) #x
#define TESS_STR(x) TESS_STR_(x)
static __attribute__((noreturn)) void usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "tess run: %s\n", msg);
	fprintf(stderr, "usage: tess run IMAGE [--mem SIZE] [--disk FILE[,ro]]... [--net tap:IFNAME[,mac=M]]... [--share HOSTDIR,tag=TAG[,ro]]... [--initrd FILE] [--trace-boot] [--no-seccomp] [-- ARGS...]\n");
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

/*
 * --initrd FILE: the archive goes to the top of guest RAM, read-only for
 * the guest, below which the layout puts its tables (guest_image's
 * module_start); the guest unpacks it (lib/initrd). A file that is
 * missing or no regular file is the device-missing status, one too big
 * for --mem the too-large one.
 */
static void initrd_load(struct vm *vm, const char *path,
			struct guest_image *guest)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint64_t pages;
	struct stat st;
	size_t done = 0;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "tess run: --initrd %s: %s\n", path,
			fd < 0 ? strerror(errno) : "not a regular file");
		exit(TESS_KVM_STATUS_DEVICE_MISSING);
	}
	pages = ((uint64_t)st.st_size + 4095) & ~4095ULL;
	if (st.st_size == 0 || pages >= vm->mem_size / 2) {
		fprintf(stderr,
			"tess run: --initrd %s: %lld bytes %s\n", path,
			(long long)st.st_size,
			st.st_size ? "do not fit in half of --mem (raise --mem)"
				   : "(an empty archive)");
		exit(st.st_size ? TESS_KVM_STATUS_TOO_LARGE
				: TESS_KVM_STATUS_DEVICE_MISSING);
	}
	vm->initrd_base = RAM_BASE + vm->mem_size - pages;
	vm->initrd_size = (uint64_t)st.st_size;
	while (done < (size_t)st.st_size) {
		ssize_t n = pread(fd, guest_ptr(vm, vm->initrd_base) + done,
				  (size_t)st.st_size - done, (off_t)done);

		if (n <= 0) {
			fprintf(stderr, "tess run: --initrd %s: %s\n", path,
				n < 0 ? strerror(errno) : "shorter than its size");
			exit(TESS_KVM_STATUS_DEVICE_MISSING);
		}
		done += (size_t)n;
	}
	close(fd);
	guest->module_start = vm->initrd_base;
}

void die_errno(const char *what)
{
	fprintf(stderr, "tess run: %s: %s\n", what, strerror(errno));
	exit(TESS_KVM_STATUS_NO_KVM);
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
		.initrd_base = vm->initrd_base,
		.initrd_size = vm->initrd_size,
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
	info.console_in_line = vm->has_console_in ? vm->console_in.line
						  : TESS_KVM_CONSOLE_IN_NONE;
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
	case TESS_KVM_MMIO_CONSOLE_IN:
		if (!vm->has_console_in) {
			((volatile struct tess_kvm_boot_info *)guest_ptr(
				 vm, vm->boot_info))
				->console_in_result = 0;
			return -1;
		}
		return console_in_request(vm, value) ?: -1;
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
	vmm_devices_drain(&vm->devices);
	if (vm->trace_boot)
		vmm_devices_report(&vm->devices);
	return t.status;
}

int main(int argc, char *argv[])
{
	/* Static: the device models it holds live until the process ends
	 * (the device threads use them to the last). */
	static struct vm vm;
	const char *image_path = NULL, *initrd = NULL;
	char cmdline[CMDLINE_MAX], why[512];
	char *disks[TESS_KVM_DEVICE_MAX];
	const char *nets[TESS_KVM_DEVICE_MAX];
	char *shares[TESS_KVM_DEVICE_MAX];
	unsigned int ndisks = 0, nnets = 0, nshares = 0;
	unsigned long spin_us = 0;
	bool spin_set = false;
	size_t cmdline_len = 0, image_size;
	struct elf_image image;
	struct guest_layout layout;
	struct guest_image guest;
	enum guest_layout_error lerr;
	enum elf_load_error err;
	bool mem_given = false;
	void *file;
	int i;

	vm = (struct vm){.mem_size = TESS_KVM_MEM_DEFAULT, .start_ns = now_ns(),
			 .seccomp = true, .ioeventfd = true};
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "--mem") == 0) {
			if (++i == argc || tess_size_parse(argv[i], &vm.mem_size))
				usage("--mem needs a size such as 512K or 64M");
			mem_given = true;
		} else if (strcmp(argv[i], "--disk") == 0) {
			if (++i == argc)
				usage("--disk needs FILE or FILE,ro");
			if (ndisks + nnets + nshares == TESS_KVM_DEVICE_MAX)
				usage("too many devices (at most " TESS_STR(TESS_KVM_DEVICE_MAX) ")");
			disks[ndisks++] = argv[i];
		} else if (strcmp(argv[i], "--net") == 0) {
			if (++i == argc)
				usage("--net needs tap:IFNAME[,mac=XX:XX:XX:XX:XX:XX]");
			if (ndisks + nnets + nshares == TESS_KVM_DEVICE_MAX)
				usage("too many devices (at most " TESS_STR(TESS_KVM_DEVICE_MAX) ")");
			nets[nnets++] = argv[i];
		} else if (strcmp(argv[i], "--share") == 0) {
			if (++i == argc)
				usage("--share needs HOSTDIR,tag=TAG[,ro]");
			if (ndisks + nnets + nshares == TESS_KVM_DEVICE_MAX)
				usage("too many devices (at most " TESS_STR(TESS_KVM_DEVICE_MAX) ")");
			shares[nshares++] = argv[i];
		} else if (strcmp(argv[i], "--initrd") == 0) {
			if (++i == argc)
				usage("--initrd needs a cpio archive (newc)");
			initrd = argv[i];
		} else if (strcmp(argv[i], "--irq") == 0) {
			if (++i == argc || (strcmp(argv[i], "msi") != 0 &&
					    strcmp(argv[i], "irqfd") != 0))
				usage("--irq needs msi (KVM_SIGNAL_MSI, the default) or irqfd");
			vm.irqfd = strcmp(argv[i], "irqfd") == 0;
		} else if (strcmp(argv[i], "--doorbell") == 0) {
			if (++i == argc || (strcmp(argv[i], "mmio") != 0 &&
					    strcmp(argv[i], "ioeventfd") != 0))
				usage("--doorbell needs ioeventfd (the default) or mmio");
			vm.ioeventfd = strcmp(argv[i], "ioeventfd") == 0;
		} else if (strcmp(argv[i], "--device-spin-us") == 0) {
			char *end;

			if (++i == argc || (spin_us = strtoul(argv[i], &end, 10), *end) ||
			    spin_us > 1000000)
				usage("--device-spin-us needs microseconds (0-1000000)");
			spin_set = true;
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
	if (mem_given && !tess_kvm_mem_valid(vm.mem_size))
		usage("--mem must be a multiple of 4K between 64K and 3G");
	cmdline[0] = '\0';
	if (tess_cmdline_append(cmdline, sizeof(cmdline), &cmdline_len, image_path) < 0)
		usage("command line too long");
	for (; i < argc; i++) {
		if (tess_cmdline_append(cmdline, sizeof(cmdline), &cmdline_len, argv[i]) < 0)
			usage("guest command line too long (limit " TESS_STR(TESS_KVM_CMDLINE_MAX) " bytes)");
	}

	file = read_image(image_path, &image_size);
	/* Without --mem, the memory the image asks for (its note), else the
	 * small default. */
	if (!mem_given &&
	    tess_image_mem(file, image_size, &vm.mem_size) < 0) {
		fprintf(stderr, "tess run: %s: its memory note (TESS_KVM_NOTE_MEM) is malformed or asks for a size tess-vmm cannot give (64K-3G in 4K pages)\n",
			image_path);
		return TESS_KVM_STATUS_BAD_IMAGE;
	}
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
	if (initrd)
		initrd_load(&vm, initrd, &guest);
	lerr = guest_layout_build(vm.mem, RAM_BASE, RAM_BASE + vm.mem_size,
				  &guest, &layout);
	if (lerr) {
		fprintf(stderr,
			"tess run: image (%#llx bytes up to %#llx)%s and the monitor's %llu KiB of tables do not fit in %llu KiB of guest memory (raise --mem)\n",
			(unsigned long long)(image.highest - image.lowest),
			(unsigned long long)image.highest,
			initrd ? ", the initrd" : "",
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
	vm.devices.irqfd = vm.irqfd;
	if (spin_set)
		vm.devices.spin_ns = spin_us * 1000;
	vm.devices.ioeventfd = vm.ioeventfd;
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
	for (unsigned int f = 0; f < nshares; f++) {
		int status = fs_device_attach(&vm.devices, shares[f], why,
					      sizeof(why));

		if (status) {
			fprintf(stderr, "tess run: %s\n", why);
			return status;
		}
	}
	/* Console input on the next free line (shared once all are taken). */
	vm.has_console_in = console_in_init(&vm.console_in,
					    vm.devices.count % TESS_KVM_DEVICE_LINES);
	vcpu_setup(&vm, &layout, &image, &guest);
	boot_info_write(&vm, &layout, cmdline, cmdline_len);
	/* The guest's console output is flushed at every write anyway; an
	 * unbuffered stdout also never asks, at its first write, whether it
	 * is a terminal (an ioctl the seccomp filter does not allow). */
	fflush(stdout);
	setvbuf(stdout, NULL, _IONBF, 0);
	signals_block();
	if (vm.devices.count) {
		int err = vmm_devices_start(&vm.devices, vm.seccomp);

		if (err) {
			fprintf(stderr, "tess run: cannot start the device threads: %s\n",
				strerror(-err));
			return TESS_KVM_STATUS_BAD_EXIT;
		}
		trace(&vm, "devices started");
	}
	if (vm.has_console_in && console_in_start(&vm) < 0)
		vm.has_console_in = false; /* the guest sees the end of input */
	trace(&vm, "vCPU ready");
	return vcpu_run(&vm);
}
