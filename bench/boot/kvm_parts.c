/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What single KVM set-up steps cost, for bench/boot: the choices tess-vmm
 * made are measured here, in the same run as the boots.
 *   kvm_parts vm split|full   create a VM with a split (local APIC only)
 *                             or full in-kernel irqchip and one vCPU, exit
 *                             (timed from outside: teardown included)
 *   kvm_parts cpuid N         N times KVM_GET_SUPPORTED_CPUID: prints
 *                             "min median" in microseconds
 * Written for the benchmark; no Tessera code involved.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char *argv[])
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (kvm < 0 || argc < 3)
		return fprintf(stderr, "usage: kvm_parts vm split|full | cpuid N (needs /dev/kvm)\n"), 2;
	if (strcmp(argv[1], "vm") == 0) {
		int vm = ioctl(kvm, KVM_CREATE_VM, 0);
		struct kvm_enable_cap split = { .cap = KVM_CAP_SPLIT_IRQCHIP,
						.args = { 24 } };

		if (vm < 0)
			return perror("KVM_CREATE_VM"), 1;
		if (strcmp(argv[2], "split") == 0 ?
			    ioctl(vm, KVM_ENABLE_CAP, &split) < 0 :
			    ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0)
			return perror("irqchip"), 1;
		if (ioctl(vm, KVM_CREATE_VCPU, 0) < 0)
			return perror("KVM_CREATE_VCPU"), 1;
		return 0; /* the teardown happens at exit */
	}
	if (strcmp(argv[1], "cpuid") == 0) {
		int n = atoi(argv[2]);
		double *t = calloc((size_t)(n > 0 ? n : 1), sizeof(*t));

		if (!t)
			return perror("calloc"), 1;
		for (int i = 0; i < n; i++) {
			struct {
				struct kvm_cpuid2 head;
				struct kvm_cpuid_entry2 e[128];
			} c = { .head.nent = 128 };
			double a = now_us();

			if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, &c) < 0) {
				perror("KVM_GET_SUPPORTED_CPUID");
				free(t);
				return 1;
			}
			t[i] = now_us() - a;
		}
		qsort(t, (size_t)n, sizeof(*t), compare);
		printf("%.0f %.0f\n", t[0], t[n / 2]);
		free(t);
		return 0;
	}
	return 2;
}
