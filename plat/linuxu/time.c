/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu clocks and the one-shot timer (a POSIX timer raising SIGALRM). */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/plat/time.h>

#include "linuxu.h"

/* Host CLOCK_MONOTONIC at entry, so the image's clock starts near zero.
 * Written once by linuxu_clock_init before any other code runs. */
static uint64_t boot_host_ns;
/* Kernel timer id; -1 until first armed. Only touched by the boot thread. */
static int host_timer = -1;

/* The host's vDSO clock_gettime, or NULL: then the system call. Written
 * once by linuxu_clock_init. */
static int (*vdso_clock_gettime)(int clock, struct linux_timespec *ts);

static uint64_t host_clock_ns(int clock)
{
	struct linux_timespec ts = { 0, 0 };

	if (!vdso_clock_gettime || vdso_clock_gettime(clock, &ts) != 0)
		linuxu_syscall(SYS_clock_gettime, clock, &ts, 0);
	return (uint64_t)ts.tv_sec * TESS_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

void linuxu_clock_init(uintptr_t vdso_base)
{
	vdso_clock_gettime = linuxu_vdso_find(vdso_base, "__vdso_clock_gettime");
	boot_host_ns = host_clock_ns(LINUX_CLOCK_MONOTONIC);
}

uint64_t tess_plat_monotonic_ns(void)
{
	return host_clock_ns(LINUX_CLOCK_MONOTONIC) - boot_host_ns;
}

uint64_t tess_plat_wall_ns(void)
{
	return host_clock_ns(LINUX_CLOCK_REALTIME);
}

struct linux_sigevent {
	int value;
	int pad;
	int signo;
	int notify;
	int pad2[12];
};

struct linux_itimerspec {
	struct linux_timespec interval;
	struct linux_timespec value;
};

static int timer_program(uint64_t host_deadline_ns)
{
	struct linux_itimerspec its = { 0 };
	long ret;

	if (host_timer < 0) {
		struct linux_sigevent ev = { .signo = LINUX_SIGALRM,
					     .notify = LINUX_SIGEV_SIGNAL };
		int id = -1;

		ret = linuxu_syscall(SYS_timer_create, LINUX_CLOCK_MONOTONIC,
				     &ev, &id);
		if (ret < 0)
			return (int)ret;
		host_timer = id;
	}
	its.value.tv_sec = (long)(host_deadline_ns / TESS_NSEC_PER_SEC);
	its.value.tv_nsec = (long)(host_deadline_ns % TESS_NSEC_PER_SEC);
	ret = linuxu_syscall6(SYS_timer_settime, host_timer,
			      host_deadline_ns ? LINUX_TIMER_ABSTIME : 0,
			      (long)&its, 0, 0, 0);
	return (int)ret;
}

int tess_plat_timer_set(uint64_t deadline_ns)
{
	/* An all-zero it_value disarms: keep past deadlines at >= 1 ns. */
	uint64_t host = deadline_ns + boot_host_ns;

	return timer_program(host ? host : 1);
}

void tess_plat_timer_cancel(void)
{
	if (host_timer >= 0)
		timer_program(0);
}
