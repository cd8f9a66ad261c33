/* SPDX-License-Identifier: BSD-3-Clause */
/* Pure parsing of user input: application names (sizes and command lines: tools/common/host_parse.c). */
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
