/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw KVM floor for bench/boot: the least a monitor can do. Creates a
 * VM with one page of memory, runs real-mode code that does one `out` and
 * exits. Written for the benchmark; no Tessera code involved.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	/* mov $0x2a, %al; out %al, $0x10; hlt */
	static const uint8_t code[] = { 0xb0, 0x2a, 0xe6, 0x10, 0xf4 };
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int vm, vcpu;
	uint8_t *mem;
	struct kvm_run *run;
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = 0, .rflags = 2 };

	if (kvm < 0 || (vm = ioctl(kvm, KVM_CREATE_VM, 0)) < 0)
		return perror("kvm"), 2;
	mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memcpy(mem, code, sizeof(code));
	struct kvm_userspace_memory_region region = {
		.memory_size = 4096, .userspace_addr = (uint64_t)mem,
		.guest_phys_addr = 0x1000 };
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0 ||
	    (vcpu = ioctl(vm, KVM_CREATE_VCPU, 0)) < 0)
		return perror("vm setup"), 2;
	run = mmap(NULL, (size_t)ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0),
		   PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	ioctl(vcpu, KVM_GET_SREGS, &sregs);
	sregs.cs.base = 0x1000;
	sregs.cs.selector = 0x100;
	ioctl(vcpu, KVM_SET_SREGS, &sregs);
	ioctl(vcpu, KVM_SET_REGS, &regs);
	if (ioctl(vcpu, KVM_RUN, 0) < 0 || run->exit_reason != KVM_EXIT_IO)
		return fprintf(stderr, "unexpected exit %u\n", run->exit_reason), 1;
	return 0;
}
