/* SPDX-License-Identifier: BSD-3-Clause */
/* Boot sequence: options, init table in priority order, main, exit. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/boot.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/console.h>
#include <tess/plat/irq.h>

/* Init entries are few (one or two per library); a bound keeps the sort
 * on the stack and catches a runaway section. */
#define INIT_MAX 256

static const struct tess_param *param_find(const char *name, size_t len)
{
	const struct tess_param *p;

	for (p = __start_tess_params; p < __stop_tess_params; p++) {
		if (strlen(p->name) == len && memcmp(p->name, name, len) == 0)
			return p;
	}
	return NULL;
}

#define HELP_WIDTH  78 /* columns of "help" output */
#define HELP_INDENT 19 /* where each option's text starts */

static void console_puts(const char *s, size_t len)
{
	tess_plat_console_write(s, len);
}

/* Writes text from column HELP_INDENT, wrapped at blanks to HELP_WIDTH,
 * continuation lines indented; every word whole, however long. */
static void help_text(const char *text)
{
	static const char indent[HELP_INDENT + 1] = "                   ";
	size_t col = HELP_INDENT;

	while (*text) {
		size_t word = strcspn(text, " ");

		if (col > HELP_INDENT && col + 1 + word > HELP_WIDTH) {
			console_puts("\n", 1);
			console_puts(indent, HELP_INDENT);
			col = HELP_INDENT;
		} else if (col > HELP_INDENT) {
			console_puts(" ", 1);
			col++;
		}
		console_puts(text, word);
		col += word;
		text += word;
		text += strspn(text, " ");
	}
	console_puts("\n", 1);
}

/* "help" output goes to the console whatever the log level. */
static void params_list(void)
{
	const struct tess_param *p;
	char name[HELP_INDENT + 1];
	int n;

	console_puts("library options (before \"--\", as name=value):\n",
		     strlen("library options (before \"--\", as name=value):\n"));
	for (p = __start_tess_params; p < __stop_tess_params; p++) {
		n = snprintf(name, sizeof(name), "  %-16s ", p->name);
		if (n >= (int)sizeof(name)) {
			/* A name longer than its column: on a line of its
			 * own, its text below. */
			console_puts("  ", 2);
			console_puts(p->name, strlen(p->name));
			console_puts("\n", 1);
			console_puts("                   ", HELP_INDENT);
		} else {
			console_puts(name, (size_t)n);
		}
		help_text(p->help);
	}
}

/* Applies "name=value" options; returns 0 or stops the image. */
static void params_apply(int count, char *const options[])
{
	for (int i = 0; i < count; i++) {
		const char *arg = options[i];
		const char *eq = strchr(arg, '=');
		const struct tess_param *p;
		int err;

		if (strcmp(arg, "help") == 0) {
			params_list();
			tess_boot_exit(0);
		}
		if (eq == NULL || eq == arg) {
			tess_pr_err("library option '%s' is not of the form name=value (application arguments go after \"--\")",
				    arg);
			tess_plat_exit(TESS_BOOT_STATUS_USAGE);
		}
		p = param_find(arg, (size_t)(eq - arg));
		if (p == NULL) {
			tess_pr_err("unknown library option '%.*s' (\"help\" lists them)",
				    (int)(eq - arg), arg);
			tess_plat_exit(TESS_BOOT_STATUS_USAGE);
		}
		err = p->handler(eq + 1);
		if (err) {
			tess_pr_err("bad value for library option '%s': %s",
				    arg, tess_errno_text(err));
			tess_plat_exit(TESS_BOOT_STATUS_USAGE);
		}
	}
}

/* Runs the init table ordered by priority; equal priorities keep link
 * order (stable insertion sort). */
static void init_run(void)
{
	const struct tess_init_entry *sorted[INIT_MAX] = { NULL };
	const struct tess_init_entry *e;
	int n = 0;

	for (e = __start_tess_inittab; e < __stop_tess_inittab; e++) {
		int j = n++;

		if (n > INIT_MAX)
			tess_panic("more than %d init functions", INIT_MAX);
		while (j > 0 && sorted[j - 1]->priority > e->priority) {
			sorted[j] = sorted[j - 1];
			j--;
		}
		sorted[j] = e;
	}
	for (int i = 0; i < n; i++) {
		int err = sorted[i]->fn();

		if (err) {
			tess_pr_crit("init function %s (priority %d) failed: %s",
				     sorted[i]->name, sorted[i]->priority,
				     tess_errno_text(err));
			tess_plat_exit(TESS_BOOT_STATUS_INIT);
		}
	}
}

void tess_boot_start(int argc, char *argv[])
{
	int sep = 0;
	int app_argc = argc;
	char **app_argv = argv;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			sep = i;
			break;
		}
	}
	if (sep > 0) {
		params_apply(sep - 1, argv + 1);
		/* The application sees argv[0] followed by what came after
		 * "--": reuse the separator's slot for argv[0]. */
		argv[sep] = argv[0];
		app_argv = argv + sep;
		app_argc = argc - sep;
	}
	init_run();
	tess_boot_exit(tess_boot_libc_main(app_argc, app_argv));
}

void tess_boot_exit(int status)
{
	/* exit() from an exit hook must not run the hooks again. */
	static bool exiting;
	const struct tess_exit_entry *e;

	if (!exiting) {
		exiting = true;
		for (e = __start_tess_exittab; e < __stop_tess_exittab; e++)
			e->fn();
	}
	tess_plat_exit(status);
}
