/* SPDX-License-Identifier: BSD-3-Clause */
/* Resource limits: kept and reported (getrlimit, setrlimit, prlimit64). */
#include <errno.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>

#define RLIMIT_STACK  3
#define RLIMIT_NOFILE 7

/* Written by setrlimit/prlimit64 on the calling thread; a one-process
 * system has no one else to race with but threads, which libcs serialise
 * around these calls anyway. */
#define UNLIMITED                                                              \
	{                                                                      \
		TESS_RLIM_INFINITY, TESS_RLIM_INFINITY                         \
	}
static struct tess_rlimit limits[TESS_RLIMIT_COUNT] = {
	UNLIMITED,
	UNLIMITED,
	UNLIMITED,
	/* RLIMIT_STACK: what Linux gives by default. */
	{8 << 20, TESS_RLIM_INFINITY},
	UNLIMITED,
	UNLIMITED,
	UNLIMITED,
	/* RLIMIT_NOFILE: Linux's default; the descriptors that exist (the
	 * console's 0-2) are far below it. */
	{1024, 4096},
	UNLIMITED,
	UNLIMITED,
	UNLIMITED,
	UNLIMITED,
	UNLIMITED,
	UNLIMITED,
	UNLIMITED,
	UNLIMITED,
};

TESS_SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource,
		     const struct tess_rlimit *, new_limit,
		     struct tess_rlimit *, old_limit)
{
	if (pid != 0 && pid != TESS_POSIX_PID)
		return -ESRCH;
	if (resource >= TESS_RLIMIT_COUNT)
		return -EINVAL;
	if (new_limit && new_limit->cur > new_limit->max)
		return -EINVAL;
	/* Raising a hard limit needs privilege on Linux; we are root. */
	if (old_limit)
		*old_limit = limits[resource];
	if (new_limit)
		limits[resource] = *new_limit;
	return 0;
}

TESS_SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct tess_rlimit *,
		     limit)
{
	if (!limit)
		return -EFAULT;
	return tess_sys_prlimit64(0, resource, NULL, limit);
}

TESS_SYSCALL_DEFINE2(setrlimit, unsigned int, resource,
		     const struct tess_rlimit *, limit)
{
	if (!limit)
		return -EFAULT;
	return tess_sys_prlimit64(0, resource, limit, NULL);
}
