/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Init tables and library options.
 *
 * TESS_INIT(fn, PRIO) registers fn to run before main(); lib/boot runs the
 * registered functions in increasing priority (ties in link order). fn
 * returns 0 or a negative errno; a failure stops boot with a message naming
 * the function.
 *
 * TESS_PARAM(name, handler) registers a library option given on the left of
 * "--" on the command line as "name=value". Options are parsed before any
 * init function runs, so a handler may only store the value. An unknown
 * option, or one whose handler returns an error, stops boot with a clear
 * message.
 */
#ifndef TESS_INIT_H
#define TESS_INIT_H

#define TESS_INIT_EARLY 10	/* console and platform basics */
#define TESS_INIT_PLAT 20	/* platform memory map, clocks */
#define TESS_INIT_ALLOC 30	/* heaps */
#define TESS_INIT_LIB 40	/* ordinary libraries (random, ...) */
#define TESS_INIT_SCHED 50
#define TESS_INIT_BUS 60	/* buses and drivers */
#define TESS_INIT_FS 70
#define TESS_INIT_NET 80
#define TESS_INIT_APP 90	/* application constructors */

struct tess_init_entry {
	int (*fn)(void);
	const char *name;
	int priority;
};

struct tess_param {
	const char *name;
	int (*handler)(const char *value);
	const char *help;
};

#define TESS_INIT(fn, prio)                                                  \
	static const struct tess_init_entry tess_init_rec_##fn               \
		__attribute__((used, retain, section("tess_inittab"),        \
			       aligned(sizeof(void *)))) = { fn, #fn, prio }

#define TESS_PARAM(id, pname, phandler, phelp)                               \
	static const struct tess_param tess_param_rec_##id                   \
		__attribute__((used, retain, section("tess_params"),         \
			       aligned(sizeof(void *)))) = { pname, phandler, \
							     phelp }

/* TESS_EXIT(fn) registers void fn(void) to run when the image exits
 * normally (main returned or exit() was called), e.g. to flush stdio. */
struct tess_exit_entry {
	void (*fn)(void);
};
#define TESS_EXIT(fn)                                                        \
	static const struct tess_exit_entry tess_exit_rec_##fn               \
		__attribute__((used, retain, section("tess_exittab"),        \
			       aligned(sizeof(void *)))) = { fn }

/* Section bounds, provided by the linker; weak so an empty section links
 * (both bounds are then NULL). */
extern const struct tess_exit_entry __start_tess_exittab[] __attribute__((weak));
extern const struct tess_exit_entry __stop_tess_exittab[] __attribute__((weak));
extern const struct tess_init_entry __start_tess_inittab[] __attribute__((weak));
extern const struct tess_init_entry __stop_tess_inittab[] __attribute__((weak));
extern const struct tess_param __start_tess_params[] __attribute__((weak));
extern const struct tess_param __stop_tess_params[] __attribute__((weak));

/* Parses a size with an optional K/M/G suffix (powers of 1024) into *out;
 * returns 0 or -EINVAL (not a number, unknown suffix) / -ERANGE
 * (overflow). Shared by libraries that take size options. */
int tess_param_parse_size(const char *text, unsigned long *out);

#endif /* TESS_INIT_H */
