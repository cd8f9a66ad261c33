/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the differential POSIX test programs in tests/posix:
 * plain C99/POSIX (with _GNU_SOURCE for the Linux extras), no Tessera
 * header. Each program is built natively (gcc, glibc) and as part of
 * apps/posixtest (musl on Tessera); tests/integration/posix-diff.sh runs
 * both and compares their output line by line.
 *
 * Every line printed is deterministic: results are printed as "ok", a
 * value, or the errno's name, never an address, a time, an inode
 * number, a pid or a descriptor number. A result other than the one
 * Linux gives (the expectation written in the program) is marked
 * "<-- expected ..." on the same line and counted; the program ends with
 * "NAME: N checks, M failed" and exits 1 when M > 0.
 *
 * Each program works in a fresh folder it creates under argv[1] (made
 * first when missing) and removes at the end; paths are relative to it.
 */
#ifndef POSIXTEST_COMMON_H
#define POSIXTEST_COMMON_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const char *pt_name;	   /* the program's name, for the summary */
static char pt_top[PATH_MAX];	   /* the folder it works in (absolute) */
static int pt_checks, pt_failures; /* checks made, results not as expected */

static inline const char *errname(int e)
{
	static char buf[32];

	switch (e) {
#define E(x)                                                                   \
	case x: return #x
		E(EPERM);
		E(ENOENT);
		E(ESRCH);
		E(EINTR);
		E(EIO);
		E(ENXIO);
		E(E2BIG);
		E(ENOEXEC);
		E(EBADF);
		E(ECHILD);
		E(EAGAIN);
		E(ENOMEM);
		E(EACCES);
		E(EFAULT);
		E(EBUSY);
		E(EEXIST);
		E(EXDEV);
		E(ENODEV);
		E(ENOTDIR);
		E(EISDIR);
		E(EINVAL);
		E(ENFILE);
		E(EMFILE);
		E(ENOTTY);
		E(ETXTBSY);
		E(EFBIG);
		E(ENOSPC);
		E(ESPIPE);
		E(EROFS);
		E(EMLINK);
		E(EPIPE);
		E(EDOM);
		E(ERANGE);
		E(EDEADLK);
		E(ENAMETOOLONG);
		E(ENOLCK);
		E(ENOSYS);
		E(ENOTEMPTY);
		E(ELOOP);
		E(ENOTSUP);
		E(EOVERFLOW);
		E(EBADFD);
		E(ENOTSOCK);
		E(ETIMEDOUT);
		E(ESTALE);
		E(ENOTCONN);
		E(ECONNREFUSED);
		E(EINPROGRESS);
		E(EADDRINUSE);
		E(EAFNOSUPPORT);
		E(EISCONN);
		E(EALREADY);
		E(ECONNRESET);
		E(EMSGSIZE);
		E(EPROTOTYPE);
		E(EPROTONOSUPPORT);
		E(ESOCKTNOSUPPORT);
		E(EDESTADDRREQ);
#undef E
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* How a result is printed: "ok" or a value on success, the errno's name
 * on failure. */
static inline void pt_print(const char *what, long r, int err, int show_value)
{
	if (r < 0)
		printf("%s: %s", what, errname(err));
	else if (show_value)
		printf("%s = %ld", what, r);
	else
		printf("%s: ok", what);
}

static inline void pt_verdict(int good, const char *expected)
{
	pt_checks++;
	if (!good) {
		pt_failures++;
		printf("    <-- expected %s", expected);
	}
	printf("\n");
}

/* The call succeeds (returns >= 0): "what: ok". */
static inline long pt_ok(const char *what, long r, int err)
{
	pt_print(what, r, err, 0);
	pt_verdict(r >= 0, "ok");
	return r;
}

/* The call fails with errno want: "what: ENAME". */
static inline long pt_err(const char *what, long r, int err, int want)
{
	char expected[64];

	snprintf(expected, sizeof(expected), "%s", errname(want));
	pt_print(what, r, err, 0);
	pt_verdict(r == -1 && err == want, expected);
	return r;
}

/* The call returns want: "what = N". */
static inline long pt_eq(const char *what, long r, int err, long want)
{
	char expected[64];

	snprintf(expected, sizeof(expected), "%ld", want);
	pt_print(what, r, err, 1);
	pt_verdict(r == want, expected);
	return r;
}

/* The call returns want, printed in octal (modes): "what = 0644". */
static inline long pt_oct(const char *what, long r, int err, long want)
{
	char expected[64];

	snprintf(expected, sizeof(expected), "%#lo", want);
	if (r < 0)
		printf("%s: %s", what, errname(err));
	else
		printf("%s = %#lo", what, r);
	pt_verdict(r == want, expected);
	return r;
}

/* The call returns want, a descriptor number that is not printed (it
 * depends on what the program inherited): "what: ok". */
static inline long pt_same(const char *what, long r, int err, long want)
{
	if (r < 0)
		printf("%s: %s", what, errname(err));
	else
		printf("%s: %s", what, r == want ? "ok" : "another number");
	pt_verdict(r == want, "ok");
	return r;
}

/* A character (a file type letter): "what = 'c'". */
static inline void pt_chr(const char *what, int got, int want)
{
	char expected[8];

	snprintf(expected, sizeof(expected), "'%c'", want);
	printf("%s = '%c'", what, got);
	pt_verdict(got == want, expected);
}

/* A condition that holds on Linux: "what: yes". */
static inline int pt_true(const char *what, int cond)
{
	printf("%s: %s", what, cond ? "yes" : "no");
	pt_verdict(cond, "yes");
	return cond;
}

/* A line formatted from results, which must read want. */
__attribute__((format(printf, 2, 3))) static inline void
pt_line(const char *want, const char *fmt, ...)
{
	char got[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	printf("%s", got);
	pt_verdict(strcmp(got, want) == 0, want);
}

/* A string: what: "got". */
static inline void pt_str(const char *what, const char *got, const char *want)
{
	printf("%s: \"%s\"", what, got ? got : "(null)");
	pt_verdict(got && strcmp(got, want) == 0, want);
}

#define OK(expr)                                                               \
	({                                                                     \
		errno = 0;                                                     \
		long r_ = (long)(expr);                                        \
		pt_ok(#expr, r_, errno);                                       \
	})
#define ERR(expr, e)                                                           \
	({                                                                     \
		errno = 0;                                                     \
		long r_ = (long)(expr);                                        \
		pt_err(#expr, r_, errno, e);                                   \
	})
#define EQ(expr, v)                                                            \
	({                                                                     \
		errno = 0;                                                     \
		long r_ = (long)(expr);                                        \
		pt_eq(#expr, r_, errno, (long)(v));                            \
	})
#define OCT(expr, v)                                                           \
	({                                                                     \
		errno = 0;                                                     \
		long r_ = (long)(expr);                                        \
		pt_oct(#expr, r_, errno, (long)(v));                           \
	})
/* Calls returning a pointer (NULL and errno on failure). */
#define POK(expr)                                                              \
	({                                                                     \
		errno = 0;                                                     \
		void *p_ = (void *)(expr);                                     \
		pt_ok(#expr, p_ ? 0 : -1, errno);                              \
		p_;                                                            \
	})
#define PERR(expr, e)                                                          \
	({                                                                     \
		errno = 0;                                                     \
		void *p_ = (void *)(expr);                                     \
		pt_err(#expr, p_ ? 0 : -1, errno, e);                          \
		p_;                                                            \
	})
#define SAMEFD(expr, v)                                                        \
	({                                                                     \
		errno = 0;                                                     \
		long r_ = (long)(expr);                                        \
		pt_same(#expr, r_, errno, (long)(v));                          \
	})
#define CHR(expr, c)	     pt_chr(#expr, (expr), c)
#define TRUE(what, cond)     pt_true(what, cond)
#define STR(what, got, want) pt_str(what, got, want)
#define LINE(want, ...)	     pt_line(want, __VA_ARGS__)
#define SAY(...)	     (printf(__VA_ARGS__), printf("\n"))

/* A file's type as a letter, as ls -l shows it. */
static inline char typechar(mode_t m)
{
	return S_ISREG(m)    ? '-'
	       : S_ISDIR(m)  ? 'd'
	       : S_ISLNK(m)  ? 'l'
	       : S_ISCHR(m)  ? 'c'
	       : S_ISBLK(m)  ? 'b'
	       : S_ISFIFO(m) ? 'p'
	       : S_ISSOCK(m) ? 's'
			     : '?';
}

/* Writes a whole string to a new file (0644); 0 or -1. */
static inline int put_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* Reads up to size-1 bytes of a file into buf, NUL-terminated; the
 * count or -1. */
static inline long get_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	return n;
}

/* The current directory relative to the program's folder ("/" for the
 * folder itself, "/sub" below it), or the errno's name. */
static inline const char *relcwd(void)
{
	static char buf[PATH_MAX];
	size_t n = strlen(pt_top);

	if (!getcwd(buf, sizeof(buf)))
		return errname(errno);
	if (strncmp(buf, pt_top, n) == 0 && (buf[n] == '/' || buf[n] == 0))
		return buf[n] ? buf + n : "/";
	return "(outside)";
}

/* Removes NAME (a tree) in the folder dirfd, quietly. */
static inline void remove_at(int dirfd, const char *name)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(dirfd, name, 0);
		return;
	}
	fchmodat(dirfd, name, 0700, 0);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY);
	d = fd < 0 ? NULL : fdopendir(fd);
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			remove_at(fd, e->d_name);
	}
	if (d)
		closedir(d);
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* Makes the program's folder under argv[1] and enters it; umask 022. */
static inline void pt_start(const char *name, int argc, char **argv)
{
	const char *base = argc > 1 ? argv[1] : "/tmp";
	char tmpl[PATH_MAX];

	pt_name = name;
	setvbuf(stdout, NULL, _IOLBF,
		0); /* what was printed survives a crash */
	umask(022);
	mkdir(base, 0777); /* a root file system may have no /tmp */
	snprintf(tmpl, sizeof(tmpl), "%s/%s.XXXXXX", base, name);
	if (!mkdtemp(tmpl) || chdir(tmpl) < 0 ||
	    !getcwd(pt_top, sizeof(pt_top))) {
		printf("%s: cannot make and enter a folder in %s: %s\n", name,
		       base, errname(errno));
		exit(2);
	}
	printf("== %s\n", name);
}

/* Leaves and removes the folder; prints the summary; the exit status. */
static inline int pt_finish(void)
{
	struct stat st;

	if (chdir(pt_top) == 0 && chdir("..") == 0) {
		remove_at(AT_FDCWD, pt_top);
		pt_true("the program's folder is gone", lstat(pt_top, &st) < 0);
	} else {
		pt_true("the program's folder can be left", 0);
	}
	printf("%s: %d checks, %d failed\n", pt_name, pt_checks, pt_failures);
	fflush(stdout);
	return pt_failures ? 1 : 0;
}

/* Sorts a list of strings (the names a directory holds). */
static inline int pt_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

#endif
