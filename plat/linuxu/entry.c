/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu C entry: reads the initial process stack and starts boot. */
#include <tess/boot.h>
#include <tess/compiler.h>
#include <tess/debug.h>

#include "linuxu.h"

#define AT_NULL 0
#define AT_SYSINFO_EHDR 33
#define AT_RANDOM 25

/*
 * Runs before the stack-protector canary is set, so it must not have a
 * canary itself; everything it calls sees the final canary.
 */
__attribute__((no_stack_protector, noreturn, used)) void
tess_linuxu_entry(long *initial_stack)
{
	int argc = (int)initial_stack[0];
	char **argv = (char **)&initial_stack[1];
	char **envp = argv + argc + 1;
	unsigned long *auxv;
	uintptr_t vdso = 0;

	while (*envp != NULL)
		envp++;
	for (auxv = (unsigned long *)(envp + 1); auxv[0] != AT_NULL; auxv += 2) {
		/* The kernel's 16 random bytes (any alignment): the
		 * canary's seed. */
		if (auxv[0] == AT_RANDOM) {
			uint64_t seed;

			__builtin_memcpy(&seed, (const void *)auxv[1],
					 sizeof(seed));
			tess_ssp_seed(seed);
		}
		if (auxv[0] == AT_SYSINFO_EHDR)
			vdso = auxv[1];
	}
	linuxu_clock_init(vdso);
	linuxu_fault_init();
	tess_boot_start(argc, argv);
}
