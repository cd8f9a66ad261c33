/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The contract between the Tessera monitor (tools/vmm) and a kvm guest.
 *
 * The monitor loads the ELF image at its physical addresses (identity
 * mapped), builds page tables, GDT, IDT and TSS, and starts the vCPU at the
 * ELF entry point at CPL3 with %rdi = guest address of struct
 * tess_kvm_boot_info. The guest talks to the monitor only by writing
 * 64-bit values to MMIO registers in an unbacked page: each write exits to
 * the monitor (no port I/O, which traps from CPL3 on kvm-pvm). Every value
 * the guest hands over is validated by the monitor.
 *
 * Shared by guest C, guest assembly (constants only) and host code.
 */
#ifndef TESS_KVM_ABI_H
#define TESS_KVM_ABI_H

#ifndef __ASSEMBLY__
#include <stdint.h>
#endif

#define TESS_KVM_BOOT_MAGIC 0x54657373426f6f74ULL /* "TessBoot" */
#define TESS_KVM_ABI_VERSION 5 /* 3: error console, ttys, host signals;
				* 4: device table; 5: initrd */

/* Guest-physical page of the MMIO registers; never backed by RAM. */
#define TESS_KVM_MMIO_BASE 0xd0000000ULL
/* Write (len << 48) | guest address: print len bytes (len < 65536). */
#define TESS_KVM_MMIO_CONSOLE 0x00
/* Write the exit status (0-255): the VM ends, the monitor exits with it. */
#define TESS_KVM_MMIO_EXIT 0x08
/* Write the guest address of a struct tess_kvm_fault: the monitor prints
 * it and exits with TESS_KVM_STATUS_GUEST_FAULT. */
#define TESS_KVM_MMIO_FAULT 0x10
/* Written once, when the boot info has TESS_KVM_BOOT_TRACE, by the last
 * init before main: the guest's own nanoseconds from its first instruction
 * to there. The monitor prints it with its own time. */
#define TESS_KVM_MMIO_TRACE 0x18
/* As TESS_KVM_MMIO_CONSOLE, for the guest's error stream: the monitor
 * writes it to its standard error (so `2>` separates them, as on Linux). */
#define TESS_KVM_MMIO_CONSOLE_ERR 0x20
/* Write 1 (version 3): the guest takes the monitor's SIGHUP, SIGINT and
 * SIGTERM: each counts in the boot info's host_signal_count and raises
 * TESS_KVM_VECTOR_HOST. Until then such a signal ends the monitor as it
 * would any process. */
#define TESS_KVM_MMIO_SIGNALS 0x28
/* Console input (version 5): write (len << 48) | guest address: the
 * monitor reads up to len bytes of its standard input into it if some is
 * there now, never waiting, and puts in the boot info's console_in_result
 * the count, 0 at the end of input, or -EAGAIN (11); len 0 asks only
 * whether a read would not wait (1) or -EAGAIN. After -EAGAIN the monitor
 * sends one MSI at TESS_KVM_VECTOR_DEVICE(console_in_line) when input
 * comes or ends. */
#define TESS_KVM_MMIO_CONSOLE_IN 0x30
/*
 * Devices (version 4): the boot info's device table lists each device the
 * monitor gives the guest, TESS_KVM_DEVICE_MAX at most. A virtio-mmio
 * device's registers are the page TESS_KVM_DEVICE_PAGE(i) (virtio 1.2,
 * 4.2.2, version 2), mapped user, uncached; every access exits to the
 * monitor. Its interrupt is an MSI at vector TESS_KVM_VECTOR_DEVICE(line)
 * (edge: no status read or acknowledgement is needed to rearm it).
 */
#define TESS_KVM_DEVICE_MAX 8
#define TESS_KVM_DEVICE_PAGE(i) (TESS_KVM_MMIO_BASE + 0x1000ULL * ((i) + 1))
#define TESS_KVM_DEVICE_VIRTIO_MMIO 1
/* A virtio-mmio device a PVH loader announced (QEMU microvm): its page
 * is wherever the loader put it, its interrupt an IOAPIC pin the PVH
 * entry routes to TESS_KVM_VECTOR_DEVICE(line); the driver acknowledges
 * each interrupt at the device. */
#define TESS_KVM_DEVICE_VIRTIO_MMIO_PIN 2
/* The signals passed on, in the order of host_signal_count: Linux's
 * SIGHUP, SIGINT and SIGTERM. */
#define TESS_KVM_HOST_SIGNAL_COUNT 3
#define TESS_KVM_HOST_SIGNALS {1, 2, 15}

/*
 * ELF note (owner "Tessera", type TESS_KVM_NOTE_TRAP_VECTORS, 8-byte
 * descriptor): guest address of the entry stubs, TESS_KVM_TRAP_VECTOR_COUNT
 * of TESS_KVM_TRAP_STUB_SIZE bytes each, all inside executable segments.
 * The monitor points IDT vectors 0..COUNT-1 at them; without the note the
 * IDT is empty and any exception is a triple fault.
 *
 * Vectors 0-31 are the CPU exceptions (DPL0 gates; #DF, NMI, #PF and #MC
 * on IST stacks). Above them:
 */
#define TESS_KVM_NOTE_OWNER "Tessera"
#define TESS_KVM_NOTE_TRAP_VECTORS 1
/* Note type TESS_KVM_NOTE_PRIVILEGE (4-byte descriptor): the privilege
 * level the image runs at, CPL3 (the default without the note, native on
 * kvm-pvm) or CPL0 (CONFIG_TESS_PLAT_KVM_CPL0, for hardware KVM). */
#define TESS_KVM_NOTE_PRIVILEGE 2
/* Note type TESS_KVM_NOTE_MEM (8-byte descriptor): the guest memory in
 * bytes the image asks for when the monitor is given none (--mem); whole
 * pages within TESS_KVM_MEM_MIN..MAX, or the image is refused
 * (CONFIG_TESS_PLAT_KVM_MEM_MIB). Without the note: TESS_KVM_MEM_DEFAULT. */
#define TESS_KVM_NOTE_MEM 3
#define TESS_KVM_PRIVILEGE_CPL3 3
#define TESS_KVM_PRIVILEGE_CPL0 0
#define TESS_KVM_TRAP_STUB_SIZE 16
#define TESS_KVM_TRAP_VECTOR_COUNT 48
/* The local APIC timer, on its own IST stack (IST4), so that at CPL0 the
 * CPU never pushes its frame into the interrupted code's red zone. */
#define TESS_KVM_VECTOR_TIMER 32
/* The local APIC's spurious-interrupt vector (no EOI). */
#define TESS_KVM_VECTOR_SPURIOUS 33
/* The monitor passes on a signal (TESS_KVM_MMIO_SIGNALS): an MSI to the
 * local APIC, on IST4 as the timer. */
#define TESS_KVM_VECTOR_HOST 34
/* Device interrupt lines 0..TESS_KVM_DEVICE_LINES-1 (version 4): MSIs
 * from the monitor's devices, on IST4 as the timer. */
#define TESS_KVM_VECTOR_DEVICE_FIRST 35
#define TESS_KVM_DEVICE_LINES 6
#define TESS_KVM_VECTOR_DEVICE(line) (TESS_KVM_VECTOR_DEVICE_FIRST + (line))
/* The privileged-call gate is the breakpoint vector, the only DPL3 gate:
 * kvm-pvm turns `int n` at CPL3 into #UD except for int3, so CPL3 code
 * reaches the thin CPL0 layer with int3 (ops in plat/kvm/privcall.h). */
#define TESS_KVM_VECTOR_PRIVCALL 3

/* Guest-physical address of the local APIC registers (xAPIC MMIO, the
 * architectural default). The monitor gives the VM an in-kernel APIC and
 * maps this page supervisor-only and uncached. */
#define TESS_KVM_APIC_BASE 0xfee00000ULL

/* Boot info flags. PVH: booted by a PVH loader (QEMU, other VMMs), not by
 * tess-vmm: console on COM1 and exit through isa-debug-exit, both by
 * privileged call, since there is no monitor register page. WEAK_ENTROPY:
 * no hardware random source was found; the entropy words are timing noise
 * only. */
#define TESS_KVM_BOOT_PVH 0x1
#define TESS_KVM_BOOT_WEAK_ENTROPY 0x2
/* The monitor traces the boot (--trace-boot): see TESS_KVM_MMIO_TRACE. */
#define TESS_KVM_BOOT_TRACE 0x4
/* The monitor's standard input / output / error is a terminal (version
 * 3): the guest's console streams then look like one (isatty), so a C
 * library line-buffers them as on Linux; tty_rows and tty_cols give its
 * size. */
#define TESS_KVM_BOOT_STDIN_TTY 0x8
#define TESS_KVM_BOOT_STDOUT_TTY 0x10
#define TESS_KVM_BOOT_STDERR_TTY 0x20

/* The command line follows the boot info in its page: at most this many
 * bytes, including the terminating NUL. */
#define TESS_KVM_CMDLINE_MAX 3584
/* Guest memory tess-vmm gives (--mem): whole 4 KiB pages, at least 64
 * KiB, and below the MMIO page (tess run checks it before starting, with
 * tess_kvm_mem_valid in tools/common/host_parse.h); 4 MiB by default. */
#define TESS_KVM_MEM_DEFAULT (4ULL << 20)
#define TESS_KVM_MEM_MIN (64ULL << 10)
#define TESS_KVM_MEM_MAX (3ULL << 30)

#ifndef __ASSEMBLY__
struct tess_kvm_boot_info {
	uint64_t magic;
	uint32_t abi_version;
	uint32_t flags;		/* TESS_KVM_BOOT_* */
	uint64_t mem_size;	/* bytes of guest RAM from address 0 */
	uint64_t free_start;	/* first free byte after image and stacks */
	uint64_t free_end;	/* end of RAM usable by the guest */
	uint64_t tsc_khz;	/* guest TSC frequency */
	uint64_t cmdline;	/* guest address of the NUL-terminated command line */
	uint64_t cmdline_len;	/* bytes, without the NUL */
	uint64_t entropy[4];	/* 32 random bytes from the host */
	uint64_t boot_tsc;	/* guest TSC when the monitor started */
	uint64_t boot_wall_ns;	/* host wall clock (Unix ns) at boot_tsc */
	uint16_t tty_rows, tty_cols; /* the terminal's size, 0 when none */
	/* How many of each of TESS_KVM_HOST_SIGNALS the monitor has passed
	 * on (TESS_KVM_MMIO_SIGNALS); written by the monitor only. */
	uint32_t host_signal_count[TESS_KVM_HOST_SIGNAL_COUNT];
	uint32_t device_count;	/* entries of devices[] in use (version 4) */
	struct tess_kvm_device {
		uint32_t kind;	/* TESS_KVM_DEVICE_* */
		uint32_t line;	/* its interrupt line (< TESS_KVM_DEVICE_LINES) */
		uint64_t base;	/* guest-physical address of its registers */
		uint64_t size;	/* bytes of its register region */
	} devices[TESS_KVM_DEVICE_MAX];
	/* The initial RAM disk (a cpio archive, tess run --initrd or a PVH
	 * loader's first module), read-only at the top of RAM; size 0 when
	 * there is none (version 5). */
	uint64_t initrd_base;
	uint64_t initrd_size;
	/* Console input (version 5): its interrupt line, or
	 * TESS_KVM_CONSOLE_IN_NONE (no input: the end at once), and the
	 * result of the last TESS_KVM_MMIO_CONSOLE_IN (monitor-written). */
	uint32_t console_in_line;
	uint32_t reserved;
	int64_t console_in_result;
};
#define TESS_KVM_CONSOLE_IN_NONE 0xffffffffu
_Static_assert(sizeof(struct tess_kvm_boot_info) + TESS_KVM_CMDLINE_MAX <= 4096,
	       "boot info and command line share one page");

struct tess_kvm_fault {
	uint64_t vector;
	uint64_t error_code;
	uint64_t cr2;
	uint64_t rip, cs, rflags, rsp, ss;
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};
#endif /* __ASSEMBLY__ */

/* Exit statuses of the monitor itself (the guest's own are 0-255 too:
 * the monitor's are chosen above what tests use, documented in tess run). */
#define TESS_KVM_STATUS_USAGE 64	/* bad command line */
#define TESS_KVM_STATUS_NO_KVM 65	/* no /dev/kvm or no permission */
#define TESS_KVM_STATUS_BAD_IMAGE 66	/* not an ELF / wrong arch / malformed */
#define TESS_KVM_STATUS_TOO_LARGE 67	/* image larger than --mem */
#define TESS_KVM_STATUS_GUEST_FAULT 68	/* guest exception or triple fault */
#define TESS_KVM_STATUS_BAD_EXIT 69	/* unhandled VM exit or bad request */
/* A device backend given on the command line (--disk, --net) is missing
 * (or not of the right kind), in use by another process, or refused. */
#define TESS_KVM_STATUS_DEVICE_MISSING 76
#define TESS_KVM_STATUS_DEVICE_BUSY 77
#define TESS_KVM_STATUS_DEVICE_DENIED 78
/* The monitor made a system call its seccomp filter forbids. */
#define TESS_KVM_STATUS_SECCOMP 79

#endif /* TESS_KVM_ABI_H */
