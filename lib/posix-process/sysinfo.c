/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sysinfo: what musl's sysconf(_SC_PHYS_PAGES / _SC_AVPHYS_PAGES) and
 * programs that size their caches (redis's INFO) read. The memory is the
 * default heap's, where the program's malloc and mmap take theirs from;
 * the load averages are 0 (one process, no run queue to average). And
 * the CPU affinity of a machine with one CPU.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/plat/time.h>
#include <tess/posix-process.h>
#include <tess/sched.h>
#include <tess/syscall.h>

/* Linux's struct sysinfo on x86_64. */
struct tess_sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram;
	unsigned long totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char reserved[4];
};
_Static_assert(sizeof(struct tess_sysinfo) == 112, "Linux's struct sysinfo");

TESS_SYSCALL_DEFINE1(sysinfo, struct tess_sysinfo *, info)
{
	struct tess_alloc_stats heap = {0};
	struct tess_alloc *a = tess_alloc_default();
	unsigned long threads = tess_sched_threads_live();

	if (!info)
		return -EFAULT;
	if (a)
		tess_alloc_stats_get(a, &heap);
	memset(info, 0, sizeof(*info));
	info->uptime = (long)(tess_plat_monotonic_ns() / 1000000000ULL);
	info->totalram = heap.heap_bytes;
	info->freeram = heap.free_bytes;
	info->procs = (unsigned short)(threads > 0xffff ? 0xffff : threads);
	info->mem_unit = 1;
	return 0;
}

/* pid: 0 (the caller), the process or one of its threads. */
static bool task_exists(int pid)
{
	return pid == 0 || pid == TESS_POSIX_PID ||
	       (pid > 0 && tess_sched_thread_find((unsigned long)pid));
}

/* One CPU, number 0: the image's vCPU (musl's
 * sysconf(_SC_NPROCESSORS_ONLN) counts this mask's bits). Linux writes
 * the bytes of its CPU mask, a long's worth here, and returns how many. */
TESS_SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned long, len,
		     unsigned long *, mask)
{
	if (!task_exists(pid))
		return -ESRCH;
	if (len < sizeof(*mask) || (len & (sizeof(*mask) - 1)))
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	*mask = 1;
	return sizeof(*mask);
}

/* A mask without CPU 0 names only CPUs there are not: EINVAL, as Linux. */
TESS_SYSCALL_DEFINE3(sched_setaffinity, int, pid, unsigned long, len,
		     const unsigned long *, mask)
{
	if (!task_exists(pid))
		return -ESRCH;
	if (!mask || len == 0)
		return len == 0 ? -EINVAL : -EFAULT;
	return (*(const unsigned char *)mask & 1) ? 0 : -EINVAL;
}
