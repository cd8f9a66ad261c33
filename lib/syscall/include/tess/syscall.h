/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system call table: Linux x86_64 system calls as function calls.
 *
 * A library implements a call once, with TESS_SYSCALL_DEFINEn(name, ...):
 * that defines the C function tess_sys_<name>() (callable directly, with
 * its real parameter types) and a record that puts it in
 * tess_syscall_table[TESS_SYS_<name>] at boot (TESS_INIT_EARLY). Callers
 * without Tessera headers (a libc built for Tessera, the trapped `syscall`
 * instruction on kvm) go through the table with six long arguments, Linux
 * style: the result is the value or a negative errno. A number no library
 * implements (or out of range) goes to tess_syscall_missing(), which logs
 * the call's name once and returns -ENOSYS: never a silent success.
 *
 * The table is filled once at boot and only read afterwards. Whether a
 * call may be made from interrupt context is each call's own contract
 * (most may not: they block or allocate).
 */
#ifndef TESS_SYSCALL_H
#define TESS_SYSCALL_H

#include <errno.h>
#include <stdint.h>
#include <tess/syscall_nr.h>

#define TESS_SYSCALL_MAX 512

typedef long (*tess_syscall_fn)(long, long, long, long, long, long);

/* The table, indexed by Linux x86_64 system call number. */
extern tess_syscall_fn tess_syscall_table[TESS_SYSCALL_MAX];

/* Logs "system call <name> (<nr>) is not implemented" the first time nr is
 * asked for, and returns -ENOSYS. */
long tess_syscall_missing(long nr);

/* The call's name ("write"), or NULL for a number Linux does not have. */
const char *tess_syscall_name(long nr);

/*
 * A Linux struct timespec's fields (a timeout, a sleep) as nanoseconds in
 * *ns, for the calls that take one: -EINVAL for a negative time or nsec
 * out of [0, 10^9); a time too long for 64 bits of nanoseconds (~584
 * years) is UINT64_MAX, "forever".
 */
static inline long tess_syscall_timespec_ns(long sec, long nsec, uint64_t *ns)
{
	const uint64_t ns_per_s = 1000000000ULL;

	if (sec < 0 || nsec < 0 || nsec >= (long)ns_per_s)
		return -EINVAL;
	if ((uint64_t)sec > (UINT64_MAX - ns_per_s) / ns_per_s)
		*ns = UINT64_MAX;
	else
		*ns = (uint64_t)sec * ns_per_s + (uint64_t)nsec;
	return 0;
}

/* Calls system call nr through the table, as a libc built for Tessera
 * does: a bounds check, a load and an indirect call. */
static inline long tess_syscall(long nr, long a, long b, long c, long d, long e,
				long f)
{
	unsigned long slot = (unsigned long)nr;
	tess_syscall_fn fn;

	if (slot >= TESS_SYSCALL_MAX)
		return tess_syscall_missing(nr);
	fn = tess_syscall_table[slot];
	return fn ? fn(a, b, c, d, e, f) : tess_syscall_missing(nr);
}

struct tess_syscall_record {
	long nr;
	const char *name;
	tess_syscall_fn fn;
};

/* Section bounds, provided by the linker; weak so an image without any
 * system call links (both are then NULL). */
extern const struct tess_syscall_record __start_tess_syscalls[]
	__attribute__((weak));
extern const struct tess_syscall_record __stop_tess_syscalls[]
	__attribute__((weak));

/*
 * The record, and tess_syscall_nr_<number>: the six-long adapter under a
 * name derived from the call's number, which ext/musl calls directly when
 * the number is a compile-time constant (no table load, no indirect call;
 * its weak reference is null when no library implements the call). The
 * build keeps every tess_syscall_nr_* symbol global.
 */
#define TESS_SYSCALL_NR_SYM__(nr) tess_syscall_nr_##nr
#define TESS_SYSCALL_NR_SYM_(nr)  TESS_SYSCALL_NR_SYM__(nr)
#define TESS_SYSCALL_RECORD_(name)                                             \
	static const struct tess_syscall_record tess_syscall_rec_##name        \
		__attribute__((used, retain, section("tess_syscalls"),         \
			       aligned(sizeof(void *)))) = {                   \
			TESS_SYS_##name, #name, tess_sysent_##name};           \
	long TESS_SYSCALL_NR_SYM_(TESS_SYS_##name)(long, long, long, long,     \
						   long, long)                 \
		__attribute__((alias("tess_sysent_" #name)))

#define TESS_SYSCALL_DEFINE0(name)                                             \
	long tess_sys_##name(void);                                            \
	static long tess_sysent_##name(long a, long b, long c, long d, long e, \
				       long f)                                 \
	{                                                                      \
		(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;          \
		return tess_sys_##name();                                      \
	}                                                                      \
	TESS_SYSCALL_RECORD_(name);                                            \
	long tess_sys_##name(void)

#define TESS_SYSCALL_DEFINE1(name, t1, p1)                                     \
	long tess_sys_##name(t1 p1);                                           \
	static long tess_sysent_##name(long a, long b, long c, long d, long e, \
				       long f)                                 \
	{                                                                      \
		(void)b, (void)c, (void)d, (void)e, (void)f;                   \
		return tess_sys_##name((t1)a);                                 \
	}                                                                      \
	TESS_SYSCALL_RECORD_(name);                                            \
	long tess_sys_##name(t1 p1)

#define TESS_SYSCALL_DEFINE2(name, t1, p1, t2, p2)                             \
	long tess_sys_##name(t1 p1, t2 p2);                                    \
	static long tess_sysent_##name(long a, long b, long c, long d, long e, \
				       long f)                                 \
	{                                                                      \
		(void)c, (void)d, (void)e, (void)f;                            \
		return tess_sys_##name((t1)a, (t2)b);                          \
	}                                                                      \
	TESS_SYSCALL_RECORD_(name);                                            \
	long tess_sys_##name(t1 p1, t2 p2)

#define TESS_SYSCALL_DEFINE3(name, t1, p1, t2, p2, t3, p3)                     \
	long tess_sys_##name(t1 p1, t2 p2, t3 p3);                             \
	static long tess_sysent_##name(long a, long b, long c, long d, long e, \
				       long f)                                 \
	{                                                                      \
		(void)d, (void)e, (void)f;                                     \
		return tess_sys_##name((t1)a, (t2)b, (t3)c);                   \
	}                                                                      \
	TESS_SYSCALL_RECORD_(name);                                            \
	long tess_sys_##name(t1 p1, t2 p2, t3 p3)

#define TESS_SYSCALL_DEFINE4(name, t1, p1, t2, p2, t3, p3, t4, p4)             \
	long tess_sys_##name(t1 p1, t2 p2, t3 p3, t4 p4);                      \
	static long tess_sysent_##name(long a, long b, long c, long d, long e, \
				       long f)                                 \
	{                                                                      \
		(void)e, (void)f;                                              \
		return tess_sys_##name((t1)a, (t2)b, (t3)c, (t4)d);            \
	}                                                                      \
	TESS_SYSCALL_RECORD_(name);                                            \
	long tess_sys_##name(t1 p1, t2 p2, t3 p3, t4 p4)

#define TESS_SYSCALL_DEFINE5(name, t1, p1, t2, p2, t3, p3, t4, p4, t5, p5)     \
	long tess_sys_##name(t1 p1, t2 p2, t3 p3, t4 p4, t5 p5);               \
	static long tess_sysent_##name(long a, long b, long c, long d, long e, \
				       long f)                                 \
	{                                                                      \
		(void)f;                                                       \
		return tess_sys_##name((t1)a, (t2)b, (t3)c, (t4)d, (t5)e);     \
	}                                                                      \
	TESS_SYSCALL_RECORD_(name);                                            \
	long tess_sys_##name(t1 p1, t2 p2, t3 p3, t4 p4, t5 p5)

#define TESS_SYSCALL_DEFINE6(name, t1, p1, t2, p2, t3, p3, t4, p4, t5, p5, t6, \
			     p6)                                               \
	long tess_sys_##name(t1 p1, t2 p2, t3 p3, t4 p4, t5 p5, t6 p6);        \
	static long tess_sysent_##name(long a, long b, long c, long d, long e, \
				       long f)                                 \
	{                                                                      \
		return tess_sys_##name((t1)a, (t2)b, (t3)c, (t4)d, (t5)e,      \
				       (t6)f);                                 \
	}                                                                      \
	TESS_SYSCALL_RECORD_(name);                                            \
	long tess_sys_##name(t1 p1, t2 p2, t3 p3, t4 p4, t5 p5, t6 p6)

#endif /* TESS_SYSCALL_H */
