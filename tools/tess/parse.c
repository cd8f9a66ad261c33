/* SPDX-License-Identifier: BSD-3-Clause */
/* Pure parsing of user input: application names (sizes and command lines:
 * tools/common/host_parse.c); crash-report backtrace lines; -v volumes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tess.h"

/*
 * An application name becomes a folder, an image file name and a C
 * string in the template, so it is kept to [a-z0-9_-], at most 64
 * characters, not starting with '-' (it would read as an option).
 * Returns NULL when valid, else what is wrong with it.
 */
const char *tess_app_name_problem(const char *name)
{
	size_t n = strlen(name);

	if (n == 0)
		return "is empty";
	if (n > TESS_APP_NAME_MAX)
		return "is longer than 64 characters";
	if (name[0] == '-')
		return "starts with '-'";
	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
		return "may contain only a-z, 0-9, '_' and '-'";
	return NULL;
}

/*
 * A backtrace line of a crash report, as lib/debug prints it: a log
 * prefix ending in "debug:", blanks, "#N 0xADDRESS" and nothing more.
 * Stores N and the address; returns 0, or -1 for any other line.
 */
int tess_backtrace_line_parse(const char *line, unsigned int *frame,
			      uint64_t *addr)
{
	const char *p = strstr(line, "debug:");
	char *end;
	unsigned long n;

	if (!p)
		return -1;
	p += strlen("debug:");
	p += strspn(p, " ");
	if (*p != '#' || p[1] < '0' || p[1] > '9')
		return -1;
	n = strtoul(p + 1, &end, 10);
	if (end[0] != ' ' || end[1] != '0' || end[2] != 'x' ||
	    !strchr("0123456789abcdefABCDEF", end[3]) || !end[3])
		return -1;
	*addr = strtoull(end + 3, &end, 16);
	if (*end != '\0' && *end != '\n')
		return -1;
	*frame = (unsigned int)n;
	return 0;
}

/*
 * tess run -v HOSTDIR:GUESTDIR[:ro]: the last ':' ends HOSTDIR (which may
 * hold ':'), after a final ":ro" is taken off; GUESTDIR must be absolute.
 * Returns 0, or -1 with why saying what is wrong.
 */
int tess_volume_parse(const char *spec, struct tess_volume *v, char *why,
		      size_t why_size)
{
	size_t len = strlen(spec);
	const char *colon;

	memset(v, 0, sizeof(*v));
	v->read_only = len > 3 && strcmp(spec + len - 3, ":ro") == 0;
	if (v->read_only)
		len -= 3;
	colon = memrchr(spec, ':', len);
	if (!colon || colon == spec || colon + 1 == spec + len) {
		snprintf(why, why_size, "-v %s: needs HOSTDIR:GUESTDIR[:ro]",
			 spec);
		return -1;
	}
	if (colon[1] != '/') {
		snprintf(why, why_size,
			 "-v %s: the guest's folder must be absolute (/...)",
			 spec);
		return -1;
	}
	if ((size_t)(colon - spec) >= sizeof(v->host) ||
	    (size_t)(spec + len - colon - 1) >= sizeof(v->guest)) {
		snprintf(why, why_size, "-v: a path is too long");
		return -1;
	}
	memcpy(v->host, spec, (size_t)(colon - spec));
	memcpy(v->guest, colon + 1, (size_t)(spec + len - colon - 1));
	return 0;
}
