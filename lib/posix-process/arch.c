/* SPDX-License-Identifier: BSD-3-Clause */
/* arch_prctl (the FS base, where a libc keeps its TLS) and getrandom. */
#include <errno.h>
#include <tess/debug.h>
#include <tess/posix-process.h>
#include <tess/random.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#define ARCH_SET_GS   0x1001
#define ARCH_SET_FS   0x1002
#define ARCH_GET_FS   0x1003
#define ARCH_GET_GS   0x1004
#define GRND_NONBLOCK 1
#define GRND_RANDOM   2
#define GRND_INSECURE 4

static long not_supported(const char *what)
{
	static bool logged;

	if (!logged) {
		logged = true;
		tess_pr_warn("arch_prctl: %s is not supported (-ENOSYS)", what);
	}
	return -ENOSYS;
}

TESS_SYSCALL_DEFINE2(arch_prctl, int, code, unsigned long, addr)
{
	switch (code) {
	/* Each thread's FS base is lib/sched's, switched with it. */
	case ARCH_SET_FS: return tess_sched_tls_set(addr);
	case ARCH_GET_FS:
		if (!addr)
			return -EFAULT;
		*(unsigned long *)addr = tess_sched_tls_get();
		return 0;
	case ARCH_SET_GS:
	case ARCH_GET_GS: return not_supported("the GS base");
	default: return -EINVAL;
	}
}

TESS_SYSCALL_DEFINE3(getrandom, void *, buf, size_t, len, unsigned int, flags)
{
	if (flags &
	    ~(unsigned int)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > 0x7fffffff)
		len = 0x7fffffff;
	if (len && !buf)
		return -EFAULT;
	/* lib/random's generator, seeded at boot from the platform: it
	 * never runs dry, as Linux's pool does not once seeded. */
	tess_random_bytes(buf, len);
	return (long)len;
}
