/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel log, assertions, panic and hexdump.
 *
 * Every message carries its level and the name of the library that
 * printed it (TESS_LIBNAME, set by the build for each library), e.g.
 * "[warn] alloc: heap of 4096 bytes too small". Messages above the
 * run-time level (command-line option "log.level=err|warn|info|debug",
 * default from Kconfig) are dropped; messages above the compile-time
 * ceiling CONFIG_TESS_DEBUG_MAX_LEVEL are not even compiled in.
 *
 * Output goes to the platform console (tess/plat/console.h). printk
 * formats into a bounded stack buffer (no allocation), so it may be used
 * from allocators and interrupt handlers; long lines are truncated.
 */
#ifndef TESS_DEBUG_H
#define TESS_DEBUG_H

#include <stdarg.h>
#include <stddef.h>

#ifndef TESS_LIBNAME
#define TESS_LIBNAME "app"
#endif

#ifndef CONFIG_TESS_DEBUG_MAX_LEVEL
#define CONFIG_TESS_DEBUG_MAX_LEVEL 4
#endif

enum tess_log_level {
	TESS_LOG_CRIT = 0,
	TESS_LOG_ERR = 1,
	TESS_LOG_WARN = 2,
	TESS_LOG_INFO = 3,
	TESS_LOG_DEBUG = 4,
};

/* Current run-time level; messages with a level above it are dropped. */
enum tess_log_level tess_log_level_get(void);
void tess_log_level_set(enum tess_log_level level);
/* Parses "crit", "err", "warn", "info", "debug" or a digit 0-4;
 * returns the level or -EINVAL. */
int tess_log_level_parse(const char *name);

void tess_printk(enum tess_log_level level, const char *libname,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tess_vprintk(enum tess_log_level level, const char *libname,
		  const char *fmt, va_list ap);

#define tess_pr_(lvl, ...)                                                   \
	do {                                                                 \
		if ((lvl) <= CONFIG_TESS_DEBUG_MAX_LEVEL)                    \
			tess_printk((lvl), TESS_LIBNAME, __VA_ARGS__);       \
	} while (0)
#define tess_pr_crit(...) tess_pr_(TESS_LOG_CRIT, __VA_ARGS__)
#define tess_pr_err(...) tess_pr_(TESS_LOG_ERR, __VA_ARGS__)
#define tess_pr_warn(...) tess_pr_(TESS_LOG_WARN, __VA_ARGS__)
#define tess_pr_info(...) tess_pr_(TESS_LOG_INFO, __VA_ARGS__)
#define tess_pr_debug(...) tess_pr_(TESS_LOG_DEBUG, __VA_ARGS__)

/* Prints the message, the caller's backtrace and stops the image with
 * exit status TESS_PANIC_STATUS. Never returns. */
#define TESS_PANIC_STATUS 134
void tess_panic_at(const char *libname, const char *file, int line,
		   const char *fmt, ...) __attribute__((noreturn, format(printf, 4, 5)));
#define tess_panic(...)                                                      \
	tess_panic_at(TESS_LIBNAME, __FILE__, __LINE__, __VA_ARGS__)

/* Assertions are compiled in when CONFIG_TESS_DEBUG_ASSERT is set. */
#ifdef CONFIG_TESS_DEBUG_ASSERT
#define TESS_ASSERT(cond)                                                    \
	do {                                                                 \
		if (__builtin_expect(!(cond), 0))                            \
			tess_panic("assertion failed: %s", #cond);           \
	} while (0)
#else
#define TESS_ASSERT(cond) ((void)sizeof(!(cond)))
#endif

/* Prints a backtrace of the calling context (frame-pointer walk). */
void tess_backtrace_print(void);
/* Prints a backtrace of another context: its instruction pointer first,
 * then the return addresses found from its frame pointer, then the
 * TESS_DEBUG_REPORT additions (fault reports). */
void tess_backtrace_print_from(unsigned long frame, unsigned long ip);

/*
 * TESS_DEBUG_REPORT(fn) registers void fn(void) to add to crash reports:
 * tess_panic and the platforms' fault reports (through
 * tess_backtrace_print_from) run every registered fn once, after the
 * backtrace, e.g. lib/sched's thread list. fn runs with interrupts
 * masked in a broken system: it must only read and print.
 */
struct tess_debug_report {
	void (*fn)(void);
};
#define TESS_DEBUG_REPORT(fn)                                                \
	static const struct tess_debug_report tess_debug_report_rec_##fn     \
		__attribute__((used, retain, section("tess_debug_reports"),  \
			       aligned(sizeof(void *)))) = { fn }
extern const struct tess_debug_report __start_tess_debug_reports[]
	__attribute__((weak));
extern const struct tess_debug_report __stop_tess_debug_reports[]
	__attribute__((weak));

/* Stack protector: sets the canary. Only for platform entry code that runs
 * before any function with a canary is on the stack. */
void tess_ssp_seed(unsigned long long seed);

/* An errno's text (either sign), usable before the C library is set up
 * (unlike a libc's strerror): "Unknown error" for a rare one. */
const char *tess_errno_text(int err);

/* Prints len bytes at data as "offset: 16 hex bytes |ascii|" lines at
 * the given level, prefixed with the library name. */
void tess_hexdump(enum tess_log_level level, const char *libname,
		  const void *data, size_t len);

#endif /* TESS_DEBUG_H */
