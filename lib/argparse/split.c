/* SPDX-License-Identifier: BSD-3-Clause */
/* Splitting of a command line into arguments, in place. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <tess/argparse.h>

/*
 * Reads the line at "in" and, when store is true, writes the unquoted
 * arguments back at "out". Writing in place is safe because every
 * character written consumes at least one character read (quotes and
 * backslashes vanish, the NUL replaces the separator), so "out" never
 * passes "in".
 */
struct scanner {
	const char *in;
	char *out;
	bool store;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static void put(struct scanner *s, char c)
{
	if (s->store)
		*s->out++ = c;
}

/* After an opening ': everything up to the closing ' is literal. */
static int scan_single_quoted(struct scanner *s)
{
	for (; *s->in != '\''; s->in++) {
		if (*s->in == '\0')
			return -EINVAL;
		put(s, *s->in);
	}
	s->in++;
	return 0;
}

/* After an opening ": literal except \" and \\ up to the closing ". */
static int scan_double_quoted(struct scanner *s)
{
	for (; *s->in != '"'; s->in++) {
		if (*s->in == '\0')
			return -EINVAL;
		if (*s->in == '\\' && (s->in[1] == '"' || s->in[1] == '\\'))
			s->in++;
		put(s, *s->in);
	}
	s->in++;
	return 0;
}

/* One argument: quoted and unquoted parts up to whitespace or the end. */
static int scan_argument(struct scanner *s)
{
	int rc = 0;

	while (rc == 0 && *s->in != '\0' && !is_space(*s->in)) {
		char c = *s->in++;

		if (c == '\'') {
			rc = scan_single_quoted(s);
		} else if (c == '"') {
			rc = scan_double_quoted(s);
		} else if (c != '\\') {
			put(s, c);
		} else if (*s->in == '\0') {
			rc = -EINVAL; /* backslash at the end of the line */
		} else {
			put(s, *s->in);
			s->in++;
		}
	}
	return rc;
}

/*
 * Counts the arguments of line into *count and, when argv is not NULL,
 * also rewrites line and fills argv. Only syntax errors are detected, and
 * tess_argparse_split() finds them in a first pass with argv NULL, before
 * anything is written.
 */
static int scan_line(char *line, char **argv, size_t *count)
{
	struct scanner s = {line, line, argv != NULL};
	size_t n = 0;
	int rc;

	for (;;) {
		while (is_space(*s.in))
			s.in++;
		if (*s.in == '\0')
			break;
		if (argv != NULL)
			argv[n] = s.out;
		n++;
		rc = scan_argument(&s);
		if (rc < 0)
			return rc;
		/* Step over the separator before the NUL may overwrite it. */
		if (*s.in != '\0')
			s.in++;
		put(&s, '\0');
	}
	*count = n;
	return 0;
}

int tess_argparse_split(char *line, char **argv, int max_args, int *argc)
{
	size_t count;
	int rc;

	if (line == NULL || argv == NULL || argc == NULL || max_args < 0)
		return -EINVAL;

	rc = scan_line(line, NULL, &count);
	if (rc < 0)
		return rc;
	if (count > (size_t)max_args)
		return -E2BIG;

	scan_line(line, argv, &count);
	argv[count] = NULL;
	*argc = (int)count;
	return 0;
}
