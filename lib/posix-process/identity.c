/* SPDX-License-Identifier: BSD-3-Clause */
/* Process identity, uname and exit_group: one process, pid 1, root. */
#include <errno.h>
#include <string.h>
#include <tess/boot.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>

TESS_SYSCALL_DEFINE0(getpid)
{
	return TESS_POSIX_PID;
}

TESS_SYSCALL_DEFINE0(getppid)
{
	return 0;
}

TESS_SYSCALL_DEFINE0(getuid)
{
	return 0;
}

TESS_SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

TESS_SYSCALL_DEFINE0(getgid)
{
	return 0;
}

TESS_SYSCALL_DEFINE0(getegid)
{
	return 0;
}

static void field_set(char *field, const char *value)
{
	strncpy(field, value, 64);
	field[64] = '\0';
}

TESS_SYSCALL_DEFINE1(uname, struct tess_utsname *, buf)
{
	if (!buf)
		return -EFAULT;
	memset(buf, 0, sizeof(*buf));
	field_set(buf->sysname, "Tessera");
	field_set(buf->nodename, "tessera");
	/* Programs parse the release as a Linux version: say which ABI the
	 * system calls follow. */
	field_set(buf->release, "6.1.0-tessera");
	field_set(buf->version, "#1 Tessera unikernel");
	field_set(buf->machine, "x86_64");
	field_set(buf->domainname, "(none)");
	return 0;
}

TESS_SYSCALL_DEFINE1(exit_group, int, status)
{
	tess_boot_exit(status & 0xff);
}
