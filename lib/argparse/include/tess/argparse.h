/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command-line tokenizer.
 *
 * Provides splitting of a command line into arguments with a small,
 * shell-like quoting syntax, finding the "--" that separates library
 * options from the application's arguments, and splitting "name=value".
 * Everything works in place on the caller's buffer. Needs only string.h
 * and errno.h.
 *
 * Quoting, as in a POSIX shell without expansions:
 *  - arguments are separated by runs of whitespace (space, \t, \n, \v,
 *    \f, \r);
 *  - '...' is literal: no character is special until the closing ';
 *  - "..." is literal except that \" stands for " and \\ for \ (any
 *    other backslash stays as it is: "a\nb" is a, \, n, b);
 *  - outside quotes, a backslash makes the next character literal
 *    (\ followed by a space, a quote or a backslash);
 *  - quoted and unquoted parts that touch form one argument (a'b c'd is
 *    "ab cd"), and "" or '' on its own is an empty argument.
 * Quoting is removed: a quoted "--" is "--" afterwards.
 *
 * Promises: no allocation and no state, so safe from any thread and from
 * interrupt context as long as the caller owns the buffers. Linear time
 * in the length of the line, whatever it contains. On error nothing is
 * written: the line, argv and *argc are as they were.
 */
#ifndef TESS_ARGPARSE_H
#define TESS_ARGPARSE_H

/*
 * Splits line in place into at most max_args arguments: quotes and
 * escapes are removed, each argument is NUL-terminated inside line, and
 * argv[0 .. *argc - 1] point to them. argv must have max_args + 1
 * elements: argv[*argc] is set to NULL, as for main().
 *
 * Returns 0; -EINVAL for an unterminated quote, a backslash at the end of
 * the line, a NULL pointer or a negative max_args; -E2BIG when the line
 * holds more than max_args arguments (syntax errors are reported first).
 */
int tess_argparse_split(char *line, char **argv, int max_args, int *argc);

/* Returns the index of the first argument that is exactly "--", or -1
 * when there is none (NULL elements are skipped). */
int tess_argparse_find_separator(int argc, char **argv);

/*
 * Splits "name=value" in place at the first '=' (overwritten with a NUL):
 * *key points to "name", *value to "value" (which may be empty and may
 * contain more '='). Returns 0, or -EINVAL (arg, key and value untouched)
 * when arg has no '=' or the name is empty.
 */
int tess_argparse_keyval(char *arg, char **key, char **value);

#endif /* TESS_ARGPARSE_H */
