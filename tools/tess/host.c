/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tess host: what this host offers the images, one "key: value" line each,
 * from the same probes tess run uses. The tests read it to tell "Tessera is
 * wrong" from "a third-party tool cannot run here".
 */
#include <cpuid.h>
#include <stdio.h>
#include <string.h>

#include "tess.h"

/* The CPU's vendor string from CPUID leaf 0 ("GenuineIntel", ...). */
static void cpu_vendor(char vendor[13])
{
	unsigned int eax, ebx = 0, ecx = 0, edx = 0;

	__get_cpuid(0, &eax, &ebx, &ecx, &edx);
	memcpy(vendor, &ebx, 4);
	memcpy(vendor + 4, &edx, 4);
	memcpy(vendor + 8, &ecx, 4);
	vendor[12] = '\0';
}

int tess_host(const struct tess_cmd *cmd, int argc, char **argv)
{
	const struct tess_opt opts[] = {{NULL}};
	char reason[512], qemu[TESS_PATH_MAX], cpu[64], vendor[13];
	struct tess_args args;
	bool kvm;

	tess_args_parse(cmd, argc, argv, opts, 0, false, &args);
	cpu_vendor(vendor);
	printf("cpu-vendor: %s\n", vendor);
	printf("tsc-khz: %llu\n", (unsigned long long)tess_host_tsc_khz());
	kvm = host_kvm_usable(reason, sizeof(reason));
	if (kvm)
		printf("kvm: %s\n", host_kvm_device());
	else
		printf("kvm: unusable: %s\n", reason);
	printf("kvm-pvm: %s\n", host_kvm_is_pvm() ? "yes" : "no");
	if (!tess_find_program("qemu-system-x86_64", qemu, sizeof(qemu))) {
		printf("qemu: not found (Debian package qemu-system-x86)\n");
		printf("qemu-kvm: unusable: no QEMU\n");
		return 0;
	}
	printf("qemu: %s\n", qemu);
	if (!kvm)
		printf("qemu-kvm: unusable: no usable KVM\n");
	else if (host_qemu_kvm_cpu(qemu, cpu, sizeof(cpu), reason,
				   sizeof(reason)) == 0)
		printf("qemu-kvm: -cpu %s\n", cpu);
	else
		printf("qemu-kvm: unusable: %s\n", reason);
	return 0;
}
