/* SPDX-License-Identifier: BSD-3-Clause */
/* Kernel log: levels, library prefixes, the log.level option. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/console.h>

/* Longest line printed; longer messages are cut and end in "...". */
#define LINE_MAX_LEN 512

/* Written by the log.level option (before init) and tess_log_level_set. */
static enum tess_log_level log_level = CONFIG_TESS_DEBUG_DEFAULT_LEVEL;

static const char *const level_names[] = { "crit", "err", "warn", "info",
					   "debug" };

enum tess_log_level tess_log_level_get(void)
{
	return log_level;
}

void tess_log_level_set(enum tess_log_level level)
{
	if (level > TESS_LOG_DEBUG)
		level = TESS_LOG_DEBUG;
	log_level = level;
}

int tess_log_level_parse(const char *name)
{
	for (int i = 0; i <= TESS_LOG_DEBUG; i++) {
		if (strcmp(name, level_names[i]) == 0)
			return i;
	}
	if (name[0] >= '0' && name[0] <= '4' && name[1] == '\0')
		return name[0] - '0';
	return -EINVAL;
}

static int log_level_param(const char *value)
{
	int level = tess_log_level_parse(value);

	if (level < 0)
		return level;
	tess_log_level_set((enum tess_log_level)level);
	return 0;
}
TESS_PARAM(log_level, "log.level", log_level_param,
	   "crit, err, warn, info or debug (or 0-4)");

void tess_vprintk(enum tess_log_level level, const char *libname,
		  const char *fmt, va_list ap)
{
	char line[LINE_MAX_LEN];
	int len, n;

	if (level > log_level)
		return;
	len = snprintf(line, sizeof(line), "[%s] %s: ",
		       level_names[level <= TESS_LOG_DEBUG ? level : 4],
		       libname);
	if (len < 0 || len >= (int)sizeof(line) - 1)
		len = 0;
	n = vsnprintf(line + len, sizeof(line) - (size_t)len, fmt, ap);
	if (n < 0)
		n = 0;
	len += n;
	if (len > (int)sizeof(line) - 2) {
		len = (int)sizeof(line) - 2;
		line[len - 3] = line[len - 2] = line[len - 1] = '.';
	}
	line[len++] = '\n';
	tess_plat_console_write_err(line, (size_t)len);
}

void tess_printk(enum tess_log_level level, const char *libname,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tess_vprintk(level, libname, fmt, ap);
	va_end(ap);
}
