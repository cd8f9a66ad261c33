/* SPDX-License-Identifier: BSD-3-Clause */
/* The "--" separator and "name=value" arguments. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <tess/argparse.h>

int tess_argparse_find_separator(int argc, char **argv)
{
	int i;

	if (argv == NULL)
		return -1;
	for (i = 0; i < argc; i++)
		if (argv[i] != NULL && strcmp(argv[i], "--") == 0)
			return i;
	return -1;
}

int tess_argparse_keyval(char *arg, char **key, char **value)
{
	char *equals;

	if (arg == NULL || key == NULL || value == NULL)
		return -EINVAL;
	equals = strchr(arg, '=');
	if (equals == NULL || equals == arg)
		return -EINVAL;
	*equals = '\0';
	*key = arg;
	*value = equals + 1;
	return 0;
}
