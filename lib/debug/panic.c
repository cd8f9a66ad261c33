/* SPDX-License-Identifier: BSD-3-Clause */
/* Panic and backtraces. */
#include <tess/arch.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>

#define BACKTRACE_DEPTH 32

static void backtrace_print_addrs(const uintptr_t *addrs, int n)
{
	for (int i = 0; i < n; i++)
		tess_printk(TESS_LOG_CRIT, "debug", "  #%d 0x%016lx", i,
			    (unsigned long)addrs[i]);
	if (n == 0)
		tess_printk(TESS_LOG_CRIT, "debug", "  (no frames)");
	tess_printk(TESS_LOG_CRIT, "debug",
		    "resolve with: addr2line -f -e <image>.dbg <address>");
}

/* Runs the TESS_DEBUG_REPORT functions, once per image. */
static void reports_run(void)
{
	/* Set by the first crash report; a second report skips them. */
	static volatile int reported;
	const struct tess_debug_report *r;

	if (reported++)
		return;
	for (r = __start_tess_debug_reports; r < __stop_tess_debug_reports;
	     r++)
		r->fn();
}

void tess_backtrace_print_from(unsigned long frame, unsigned long ip)
{
	uintptr_t addrs[BACKTRACE_DEPTH];
	int n;

	addrs[0] = ip;
	n = 1 + tess_arch_backtrace(frame, addrs + 1, BACKTRACE_DEPTH - 1);
	tess_printk(TESS_LOG_CRIT, "debug", "backtrace:");
	backtrace_print_addrs(addrs, n);
	reports_run();
}

__attribute__((noinline)) void tess_backtrace_print(void)
{
	uintptr_t addrs[BACKTRACE_DEPTH];
	int n = tess_arch_backtrace(tess_arch_frame_pointer(), addrs,
				    BACKTRACE_DEPTH);

	tess_printk(TESS_LOG_CRIT, "debug", "backtrace:");
	backtrace_print_addrs(addrs, n);
}

void tess_panic_at(const char *libname, const char *file, int line,
		   const char *fmt, ...)
{
	/* A panic while panicking (say, a fault in the backtrace) must not
	 * loop: the second one exits at once. */
	static volatile int panicking;
	va_list ap;

	tess_plat_irq_save();
	if (panicking++)
		tess_plat_exit(TESS_PANIC_STATUS);
	va_start(ap, fmt);
	tess_printk(TESS_LOG_CRIT, libname, "PANIC at %s:%d", file, line);
	tess_vprintk(TESS_LOG_CRIT, libname, fmt, ap);
	va_end(ap);
	tess_backtrace_print();
	reports_run();
	tess_plat_exit(TESS_PANIC_STATUS);
}
