/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dirs: mkdir/rmdir, directory listings, rename and renameat2, link and
 * unlink, unlinkat, chdir/fchdir/getcwd, "." and ".." and trailing
 * slashes. Usage: dirs DIR (works in a fresh folder under DIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include <sys/syscall.h>

#ifndef SYS_getdents64
#define SYS_getdents64 217 /* x86_64 */
#endif
#ifndef SYS_renameat2
#define SYS_renameat2 316 /* x86_64 */
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE	 2
#endif

/* The names in a folder, sorted, with their d_type as a letter (u when
 * the file system does not say), on one line; "." and ".." left out. */
static void list(const char *path, const char *want)
{
	char got[1024] = "", what[64];

	char *names[400];
	int n = 0;
	DIR *d = opendir(path);
	struct dirent *e;

	snprintf(what, sizeof(what), "list %s", path);
	if (!d) {
		pt_str(what, errname(errno), want);
		return;
	}
	while ((e = readdir(d)) && n < 400) {
		char *s;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		s = malloc(strlen(e->d_name) + 3);
		sprintf(s, "%s:%c", e->d_name,
			e->d_type == DT_REG	  ? 'f'
			: e->d_type == DT_DIR	  ? 'd'
			: e->d_type == DT_LNK	  ? 'l'
			: e->d_type == DT_UNKNOWN ? 'u'
						  : '?');
		names[n++] = s;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), pt_strcmp);
	for (int i = 0; i < n; i++) {
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 i ? " " : "", names[i]);
		free(names[i]);
	}
	pt_str(what, got, want);
}

static nlink_t links_of(const char *path)
{
	struct stat st;

	return lstat(path, &st) < 0 ? 0 : st.st_nlink;
}

static void make_remove(void)
{
	char longname[300];
	DIR *d;
	int seen_dot = 0, seen_dotdot = 0, count = 0;
	struct dirent *e;

	SAY("-- mkdir, rmdir, readdir");
	OK(mkdir("d", 0755));
	ERR(mkdir("d", 0755), EEXIST);
	ERR(mkdir("x/y", 0755), ENOENT);
	OK(put_file("f", "file"));
	ERR(mkdir("f", 0755), EEXIST);
	ERR(mkdir("f/y", 0755), ENOTDIR);
	OK(mkdir("d/e/", 0755)); /* a trailing slash is fine */
	OK(mkdir("d/e/g", 0755));
	OK(put_file("d/a", "a"));
	OK(put_file("d/b", "b"));
	list("d", "a:f b:f e:d");
	list("d/e", "g:d");
	list("d/e/g", "");
	ERR(rmdir("d"), ENOTEMPTY);
	ERR(rmdir("f"), ENOTDIR);
	ERR(rmdir("missing"), ENOENT);
	ERR(rmdir("d/."), EINVAL);
	ERR(rmdir("."), EINVAL);
	ERR(rmdir("d/e/g/.."), ENOTEMPTY);
	ERR(unlink("d"), EISDIR);
	OK(rmdir("d/e/g/"));
	OK(rmdir("d/e"));
	ERR(rmdir("d/e"), ENOENT);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	ERR(mkdir(longname, 0755), ENAMETOOLONG);
	ERR(open(longname, O_RDONLY), ENAMETOOLONG);
	longname[255] = 0;
	OK(mkdir(longname, 0755)); /* NAME_MAX is fine */
	OK(rmdir(longname));
	/* readdir sees "." and "..", and many names across several reads */
	for (int i = 0; i < 300; i++) {
		char name[32];

		snprintf(name, sizeof(name), "d/many-%03d", i);
		count += put_file(name, "") == 0;
	}
	EQ(count, 300);
	count = 0;
	d = POK(opendir("d"));
	while (d && (e = readdir(d))) {
		seen_dot += strcmp(e->d_name, ".") == 0;
		seen_dotdot += strcmp(e->d_name, "..") == 0;
		count++;
	}
	TRUE("readdir returned . once", seen_dot == 1);
	TRUE("readdir returned .. once", seen_dotdot == 1);
	EQ(count, 304);
	if (d) {
		rewinddir(d);
		count = 0;
		while (readdir(d))
			count++;
		EQ(count, 304);
		OK(closedir(d));
	}
	for (int i = 0; i < 300; i++) {
		char name[32];

		snprintf(name, sizeof(name), "d/many-%03d", i);
		count -= unlink(name) == 0;
	}
	EQ(count, 4);
	list("d", "a:f b:f");
	PERR(opendir("f"), ENOTDIR);
	PERR(opendir("missing"), ENOENT);
	OK(unlink("d/a"));
	OK(unlink("d/b"));
	list("d", "");
	OK(rmdir("d"));
	OK(unlink("f"));
}

static void renames(void)
{
	char buf[32];

	SAY("-- rename, renameat2");
	OK(put_file("a", "A"));
	OK(put_file("b", "B"));
	OK(rename("a", "c"));
	ERR(rename("a", "c"), ENOENT);
	OK(rename("c", "b")); /* over an existing file */
	get_file("b", buf, sizeof(buf));
	STR("b now holds", buf, "A");
	OK(rename("b", "b")); /* the same name: nothing happens */
	OK(mkdir("d1", 0755));
	OK(mkdir("d2", 0755));
	OK(put_file("d1/x", "x"));
	OK(rename("d1", "d3"));
	ERR(rename("d3", "d3/sub"), EINVAL); /* into itself */
	OK(mkdir("d3/in", 0755));
	ERR(rename("d3", "d3/in/deeper"), EINVAL);
	ERR(rename("d2", "d3"), ENOTEMPTY); /* over a non-empty folder */
	OK(rename("d3", "d2"));		    /* over an empty one */
	list(".", "b:f d2:d");
	list("d2", "in:d x:f");
	ERR(rename("b", "d2"), EISDIR);
	ERR(rename("d2", "b"), ENOTDIR);
	ERR(rename("b", "nodir/b"), ENOENT);
	ERR(rename("b", "b/"), ENOTDIR);
	ERR(rename("b/", "c"), ENOTDIR);
	OK(rename("d2/", "d4/"));   /* trailing slashes on folders are fine */
	OK(rename("b", "d4/in/b")); /* across folders */
	OK(rename("d4/in/b", "b"));
	ERR(rename(".", "x"), EBUSY);
	ERR(rename("d4/..", "x"), EBUSY);
	OK(link("b", "b2"));
	OK(rename("b", "b2")); /* two names of one file: nothing happens */
	TRUE("both names remain",
	     access("b", F_OK) == 0 && access("b2", F_OK) == 0);
	OK(unlink("b2"));
	/* renameat2 */
	OK(put_file("c", "C"));
	ERR(syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "c",
		    RENAME_NOREPLACE),
	    EEXIST);
	OK(syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "e",
		   RENAME_NOREPLACE));
	OK(syscall(SYS_renameat2, AT_FDCWD, "e", AT_FDCWD, "c",
		   RENAME_EXCHANGE));
	get_file("c", buf, sizeof(buf));
	STR("c after the exchange", buf, "A");
	get_file("e", buf, sizeof(buf));
	STR("e after the exchange", buf, "C");
	OK(syscall(SYS_renameat2, AT_FDCWD, "e", AT_FDCWD, "d4",
		   RENAME_EXCHANGE));
	TRUE("d4 is now the file",
	     access("d4/in", F_OK) < 0 && access("e/in", F_OK) == 0);
	ERR(syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "nothere",
		    RENAME_EXCHANGE),
	    ENOENT);
	ERR(syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "d4",
		    RENAME_EXCHANGE | RENAME_NOREPLACE),
	    EINVAL);
	list(".", "c:f d4:f e:d");
	OK(unlink("c"));
	OK(unlink("d4"));
	OK(unlinkat(AT_FDCWD, "e/x", 0));
	OK(unlinkat(AT_FDCWD, "e/in", AT_REMOVEDIR));
	OK(rmdir("e"));
}

static void links_unlink(void)
{
	char buf[32] = {0};
	struct stat st;
	int fd, dfd;

	SAY("-- link, unlink, unlinkat");
	OK(put_file("f", "one"));
	EQ(links_of("f"), 1);
	OK(link("f", "g"));
	EQ(links_of("f"), 2);
	EQ(links_of("g"), 2);
	fd = OK(open("g", O_WRONLY | O_APPEND));
	EQ(write(fd, "two", 3), 3);
	OK(close(fd));
	get_file("f", buf, sizeof(buf));
	STR("f through g", buf, "onetwo");
	ERR(link("f", "g"), EEXIST);
	ERR(link("missing", "h"), ENOENT);
	OK(mkdir("d", 0755));
	ERR(link("d", "d2"), EPERM);
	ERR(link("f", "nodir/h"), ENOENT);
	ERR(link("f/", "h"), ENOTDIR);
	fd = OK(open("f", O_RDONLY));
	OK(unlink("f"));
	ERR(unlink("f"), ENOENT);
	EQ(links_of("g"), 1);
	OK(unlink("g"));
	OK(fstat(fd, &st));
	EQ(st.st_nlink, 0); /* still open, no name left */
	memset(buf, 0, sizeof(buf));
	EQ(read(fd, buf, sizeof(buf) - 1), 6);
	STR("read after the last unlink", buf, "onetwo");
	OK(close(fd));
	/* unlinkat */
	OK(put_file("d/f", "x"));
	dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	ERR(unlinkat(dfd, "f", AT_REMOVEDIR), ENOTDIR);
	OK(mkdir("d/sub", 0755));
	ERR(unlinkat(dfd, "sub", 0), EISDIR);
	ERR(unlinkat(dfd, "f", 0x4242), EINVAL);
	OK(unlinkat(dfd, "f", 0));
	OK(unlinkat(dfd, "sub", AT_REMOVEDIR));
	list("d", "");
	ERR(unlinkat(-1, "x", 0), EBADF);
	OK(close(dfd));
	ERR(unlink("d/../d/./../e"), ENOENT);
	OK(rmdir("d"));
}

static void during_listing(void)
{
	char buf[8], names[3][NAME_MAX + 1] = {{0}},
					 again[3][NAME_MAX + 1] = {{0}};
	struct stat a, b;
	struct dirent *e;
	long pos;
	DIR *d;
	int seen = 0, removed = 0, dfd, fd;

	SAY("-- readdir while unlinking, telldir/seekdir, renamed folders");
	OK(mkdir("d", 0755));
	for (int i = 0; i < 300; i++) {
		char name[32];

		snprintf(name, sizeof(name), "d/f%03d", i);
		put_file(name, "");
	}
	/* rm -r does this: every entry still shows up once */
	dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	d = POK(fdopendir(dfd));
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		seen++;
		removed += unlinkat(dfd, e->d_name, 0) == 0;
	}
	EQ(seen, 300);
	EQ(removed, 300);
	list("d", "");
	if (d)
		OK(closedir(d));
	/* telldir/seekdir come back to the same place */
	for (int i = 0; i < 20; i++) {
		char name[32];

		snprintf(name, sizeof(name), "d/g%02d", i);
		put_file(name, "");
	}
	d = POK(opendir("d"));
	for (int i = 0; d && i < 7; i++)
		readdir(d);
	pos = d ? telldir(d) : -1;
	for (int i = 0; d && i < 3 && (e = readdir(d)); i++)
		snprintf(names[i], sizeof(names[i]), "%s", e->d_name);
	if (d)
		seekdir(d, pos);
	for (int i = 0; d && i < 3 && (e = readdir(d)); i++)
		snprintf(again[i], sizeof(again[i]), "%s", e->d_name);
	TRUE("seekdir(telldir()) lists the same three names again",
	     names[2][0] && memcmp(names, again, sizeof(names)) == 0);
	if (d)
		OK(closedir(d));
	for (int i = 0; i < 20; i++) {
		char name[32];

		snprintf(name, sizeof(name), "d/g%02d", i);
		unlink(name);
	}
	ERR(syscall(SYS_getdents64, dfd, buf, sizeof(buf)),
	    EBADF); /* closed by closedir */
	fd = OK(open("d", O_RDONLY | O_DIRECTORY));
	ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)),
	    EINVAL); /* too small for one entry */
	OK(close(fd));
	OK(put_file("plain", "x"));
	fd = OK(open("plain", O_RDONLY));
	ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR);
	OK(close(fd));
	OK(unlink("plain"));
	/* a folder moved elsewhere: its ".." follows, open descriptors too */
	OK(mkdir("d/sub", 0755));
	OK(put_file("d/sub/f", "f"));
	OK(mkdir("e", 0755));
	fd = OK(open("d/sub", O_RDONLY | O_DIRECTORY));
	OK(rename("d/sub", "e/moved"));
	OK(stat("e/moved/..", &a));
	OK(stat("e", &b));
	TRUE("e/moved/.. is e", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	OK(fstatat(fd, "..", &a, 0));
	TRUE("the descriptor's .. is e too", a.st_ino == b.st_ino);
	OK(faccessat(fd, "f", F_OK, 0));
	OK(fchdir(fd));
	STR("cwd after fchdir to the moved folder", relcwd(), "/e/moved");
	OK(chdir(pt_top));
	OK(close(fd));
	OK(unlink("e/moved/f"));
	OK(rmdir("e/moved"));
	OK(rmdir("e"));
	OK(rmdir("d"));
}

static void cwd(void)
{
	char small[2], *p;
	struct stat a, b;
	int dfd, ffd;

	SAY("-- chdir, fchdir, getcwd, . and ..");
	STR("cwd", relcwd(), "/");
	OK(mkdir("s", 0755));
	OK(mkdir("s/t", 0755));
	OK(put_file("s/t/f", "deep"));
	OK(chdir("s/t"));
	STR("cwd", relcwd(), "/s/t");
	OK(access("f", F_OK));
	OK(access("../t/./f", F_OK));
	OK(access("./../../s/t//f", F_OK));
	OK(chdir(".."));
	STR("cwd", relcwd(), "/s");
	OK(chdir("./t/../../s/t/"));
	STR("cwd", relcwd(), "/s/t");
	ERR(chdir("f"), ENOTDIR);
	ERR(chdir("missing"), ENOENT);
	ERR(chdir(""), ENOENT);
	STR("cwd after the errors", relcwd(), "/s/t");
	PERR(getcwd(small, sizeof(small)), ERANGE);
	ffd = OK(open("f", O_RDONLY));
	ERR(fchdir(ffd), ENOTDIR);
	OK(close(ffd));
	ERR(fchdir(ffd), EBADF);
	OK(chdir("/"));
	OK(stat("/..", &a));
	OK(stat("/", &b));
	TRUE("/.. is /", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	OK(chdir(".."));
	p = getcwd(NULL, 0); /* glibc and musl: allocated */
	STR("getcwd(NULL, 0) after chdir(\"..\") at /", p, "/");
	free(p);
	OK(chdir(pt_top));
	dfd = OK(open("s", O_RDONLY | O_DIRECTORY));
	OK(fchdir(dfd));
	STR("cwd after fchdir", relcwd(), "/s");
	OK(close(dfd));
	/* the current folder removed under us */
	OK(chdir("t"));
	OK(unlink("f"));
	OK(rmdir("../t"));
	STR("cwd once removed", relcwd(), "ENOENT");
	ERR(open("new", O_RDWR | O_CREAT, 0644), ENOENT);
	ERR(mkdir("new", 0755), ENOENT);
	OK(stat(".", &a));
	EQ(a.st_nlink, 0);
	OK(chdir(".."));
	STR("cwd", relcwd(), "/s");
	OK(chdir(".."));
	OK(rmdir("s"));
}

int main(int argc, char **argv)
{
	pt_start("dirs", argc, argv);
	make_remove();
	renames();
	links_unlink();
	during_listing();
	cwd();
	return pt_finish();
}
