/* SPDX-License-Identifier: BSD-3-Clause */
/* The system call table: filled from the records at boot, -ENOSYS for the rest. */
#include <errno.h>
#include <stdbool.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/syscall_trap.h>
#include <tess/syscall.h>

/* Written once, by syscall_table_fill at TESS_INIT_EARLY; read after. */
tess_syscall_fn tess_syscall_table[TESS_SYSCALL_MAX];

static const char *const syscall_names[TESS_SYSCALL_MAX] = {
#define TESS_SYSCALL_NAME(nr, name) [nr] = name,
#include <tess/syscall_nr.h>
#undef TESS_SYSCALL_NAME
};

/* One bit per number already reported missing. */
static unsigned long missing_logged[TESS_SYSCALL_MAX / (8 * sizeof(long))];

const char *tess_syscall_name(long nr)
{
	return (unsigned long)nr < TESS_SYSCALL_MAX ? syscall_names[nr] : NULL;
}

long tess_syscall_missing(long nr)
{
	const char *name = tess_syscall_name(nr);

	if ((unsigned long)nr >= TESS_SYSCALL_MAX) {
		tess_pr_warn("system call %ld is out of range: -ENOSYS", nr);
		return -ENOSYS;
	}
	if (!(missing_logged[nr / (8 * sizeof(long))] &
	      (1UL << (nr % (8 * sizeof(long)))))) {
		missing_logged[nr / (8 * sizeof(long))] |=
			1UL << (nr % (8 * sizeof(long)));
		tess_pr_warn("system call %s (%ld) is not implemented: -ENOSYS",
			     name ? name : "unknown to Linux", nr);
	}
	return -ENOSYS;
}

static int syscall_table_fill(void)
{
	int err;

	for (const struct tess_syscall_record *r = __start_tess_syscalls;
	     r && r < __stop_tess_syscalls; r++) {
		if ((unsigned long)r->nr >= TESS_SYSCALL_MAX) {
			tess_pr_crit("system call %s has number %ld, beyond "
				     "the table",
				     r->name, r->nr);
			return -EINVAL;
		}
		if (tess_syscall_table[r->nr]) {
			tess_pr_crit("system call %s (%ld) is defined twice",
				     r->name, r->nr);
			return -EEXIST;
		}
		tess_syscall_table[r->nr] = r->fn;
	}
	/* Unmodified binaries' syscall instructions come here too, where
	 * the platform can trap them. */
	err = tess_plat_syscall_trap_set(tess_syscall);
	return err == -ENOSYS ? 0 : err;
}
TESS_INIT(syscall_table_fill, TESS_INIT_EARLY);
