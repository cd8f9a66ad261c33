/* SPDX-License-Identifier: BSD-3-Clause */
/* arch_prctl (the FS base, where a libc keeps its TLS) and getrandom. */
#include <errno.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/tls.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>
#ifdef CONFIG_TESS_SCHED
#include <tess/sched.h>
#endif
#ifdef CONFIG_TESS_RANDOM
#include <tess/random.h>
#endif

#define ARCH_SET_GS   0x1001
#define ARCH_SET_FS   0x1002
#define ARCH_GET_FS   0x1003
#define ARCH_GET_GS   0x1004
#define GRND_NONBLOCK 1
#define GRND_RANDOM   2
#define GRND_INSECURE 4

#ifndef CONFIG_TESS_SCHED
/* The FS base last set; with a scheduler each thread keeps its own in
 * lib/sched. */
static uintptr_t fs_base;
#endif

static int fs_base_set(uintptr_t base)
{
#ifdef CONFIG_TESS_SCHED
	return tess_sched_tls_set(base);
#else
	int err = tess_plat_tls_set(base);

	if (!err)
		fs_base = base;
	return err;
#endif
}

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
	case ARCH_SET_FS: return fs_base_set(addr);
	case ARCH_GET_FS:
		if (!addr)
			return -EFAULT;
#ifdef CONFIG_TESS_SCHED
		*(unsigned long *)addr = tess_sched_tls_get();
#else
		*(unsigned long *)addr = fs_base;
#endif
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
#ifdef CONFIG_TESS_RANDOM
	tess_random_bytes(buf, len);
#else
	{
		int err = tess_plat_entropy(buf, len);

		if (err)
			return err;
	}
#endif
	return (long)len;
}
