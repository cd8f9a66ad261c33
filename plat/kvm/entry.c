/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm C entry: checks and copies the boot info, splits the command line. */
#include <errno.h>
#include <string.h>
#include <tess/argparse.h>
#include <tess/boot.h>
#include <tess/debug.h>

#include "kvm.h"

#define ARGS_MAX 64
#define CMDLINE_MAX 4096

struct tess_kvm_boot_info kvm_boot_info;
/* The boot page itself, for what the monitor writes later (the host
 * signal counts). Read-only to the guest. */
const volatile struct tess_kvm_boot_info *kvm_boot_page;
/* The command line, split in place into argv; kept for the whole run. */
static char cmdline[CMDLINE_MAX];
static char *argv[ARGS_MAX + 1];

/* Runs before the stack-protector canary is set, so it has none itself. */
__attribute__((no_stack_protector, noreturn, used)) void
tess_kvm_entry(const struct tess_kvm_boot_info *info)
{
	int argc = 0, err;

	if (info->magic != TESS_KVM_BOOT_MAGIC ||
	    info->abi_version != TESS_KVM_ABI_VERSION)
		kvm_monitor_write(TESS_KVM_MMIO_EXIT, TESS_KVM_STATUS_BAD_EXIT);
	kvm_boot_info = *info;
	kvm_boot_page = info;
	tess_ssp_seed(info->entropy[0]);
	kvm_clock_init();
	if (kvm_boot_info.cmdline_len >= CMDLINE_MAX) {
		tess_pr_crit("command line of %llu bytes is longer than %d",
			     (unsigned long long)kvm_boot_info.cmdline_len,
			     CMDLINE_MAX - 1);
		tess_boot_exit(TESS_BOOT_STATUS_USAGE);
	}
	memcpy(cmdline, (const char *)(uintptr_t)kvm_boot_info.cmdline,
	       kvm_boot_info.cmdline_len);
	cmdline[kvm_boot_info.cmdline_len] = '\0';
	err = tess_argparse_split(cmdline, argv, ARGS_MAX, &argc);
	if (err) {
		tess_pr_crit("cannot split the command line: %s",
			     err == -E2BIG ? "more than 64 arguments" :
					     "unterminated quote");
		tess_boot_exit(TESS_BOOT_STATUS_USAGE);
	}
	tess_boot_start(argc, argv);
}
