/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * links: symbolic links: symlink/readlink, dangling and relative and
 * absolute targets, links to folders, O_NOFOLLOW, lstat against stat,
 * loops and long chains, hard links to links, realpath.
 * Usage: links DIR (works in a fresh folder under DIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include <sys/syscall.h>

/* readlink as a printed string: "target" (N bytes) or the errno. */
static void show_link(const char *path, const char *want)
{
	char buf[PATH_MAX];
	char what[PATH_MAX + 32];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	snprintf(what, sizeof(what), "readlink(\"%s\")", path);
	if (n < 0) {
		pt_str(what, errname(errno), want);
		return;
	}
	buf[n] = 0;
	pt_str(what, buf, want);
}

/* lstat and stat of a path as "lstat l, stat -" (types). */
static void types(const char *path, const char *want)
{
	struct stat st;
	char got[64], what[PATH_MAX + 32];

	snprintf(what, sizeof(what), "types of \"%s\"", path);
	snprintf(got, sizeof(got), "lstat %s, stat %s",
		 lstat(path, &st) < 0 ? errname(errno)
				      : (char[]){typechar(st.st_mode), 0},
		 stat(path, &st) < 0 ? errname(errno)
				     : (char[]){typechar(st.st_mode), 0});
	pt_str(what, got, want);
}

static void basics(void)
{
	char buf[16] = {0};
	struct stat st;
	int fd;

	SAY("-- symlink, readlink, lstat, stat");
	OK(put_file("file", "content"));
	OK(symlink("file", "l"));
	show_link("l", "file");
	types("l", "lstat l, stat -");
	OK(lstat("l", &st));
	EQ(st.st_size, 4); /* the length of the target */
	OCT(st.st_mode & 07777, 0777);
	EQ(readlink("l", buf, 2), 2); /* truncated, not terminated */
	TRUE("truncated to \"fi\"", memcmp(buf, "fi\0", 3) == 0);
	get_file("l", buf, sizeof(buf));
	STR("read through l", buf, "content");
	ERR(symlink("other", "l"), EEXIST);
	ERR(symlink("other", "file"), EEXIST);
	ERR(symlink("", "empty"), ENOENT);
	ERR(symlink("x", "nodir/l"), ENOENT);
	ERR(readlink("file", buf, sizeof(buf)), EINVAL);
	ERR(readlink(".", buf, sizeof(buf)), EINVAL);
	ERR(readlink("missing", buf, sizeof(buf)), ENOENT);
	/* (musl's readlink() answers a size of 0 itself: ask Linux's call) */
	ERR(syscall(SYS_readlink, "l", buf, 0), EINVAL);
	ERR(open("l", O_RDONLY | O_NOFOLLOW), ELOOP);
	ERR(open("l", O_RDONLY | O_NOFOLLOW | O_DIRECTORY), ENOTDIR);
	fd = OK(open("l", O_PATH | O_NOFOLLOW));
	OK(fstat(fd, &st));
	TRUE("O_PATH|O_NOFOLLOW opens the link itself", S_ISLNK(st.st_mode));
	OK(close(fd));
	/* dangling links */
	OK(symlink("nothere", "dangling"));
	types("dangling", "lstat l, stat ENOENT");
	ERR(open("dangling", O_RDONLY), ENOENT);
	ERR(open("dangling", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	fd = OK(open("dangling", O_RDWR | O_CREAT,
		     0644)); /* makes the target */
	EQ(write(fd, "new", 3), 3);
	OK(close(fd));
	types("nothere", "lstat -, stat -");
	types("dangling", "lstat l, stat -");
	OK(unlink("dangling"));
	types("nothere", "lstat -, stat -");
	OK(unlink("nothere"));
	/* a hard link to a link is a link; linkat can follow it instead */
	OK(link("l", "hl"));
	types("hl", "lstat l, stat -");
	OK(linkat(AT_FDCWD, "l", AT_FDCWD, "hf", AT_SYMLINK_FOLLOW));
	types("hf", "lstat -, stat -");
	OK(lstat("file", &st));
	EQ(st.st_nlink, 2);
	OK(unlink("hl"));
	OK(unlink("hf"));
	/* rename moves the link, unlink removes only the link */
	OK(rename("l", "l2"));
	show_link("l2", "file");
	OK(unlink("l2"));
	types("file", "lstat -, stat -");
	OK(unlink("file"));
}

static void relative_and_dirs(void)
{
	char buf[64] = {0}, abs[PATH_MAX + 16], *rp;
	struct stat st;
	int fd;

	SAY("-- relative and absolute targets, links to folders");
	OK(mkdir("dir", 0755));
	OK(mkdir("dir/inner", 0755));
	OK(put_file("top", "top"));
	OK(put_file("dir/f", "in dir"));
	OK(put_file("dir/inner/g", "inner"));
	OK(symlink("../top", "dir/up")); /* relative to the link's folder */
	get_file("dir/up", buf, sizeof(buf));
	STR("dir/up", buf, "top");
	snprintf(abs, sizeof(abs), "%s/dir/f", pt_top);
	OK(symlink(abs, "abs"));
	get_file("abs", buf, sizeof(buf));
	STR("abs", buf, "in dir");
	OK(symlink("dir", "ld"));
	types("ld", "lstat l, stat d");
	types("ld/", "lstat d, stat d"); /* a trailing slash follows */
	types("ld/.", "lstat d, stat d");
	get_file("ld/f", buf, sizeof(buf));
	STR("ld/f", buf, "in dir");
	ERR(rmdir("ld"), ENOTDIR);
	ERR(unlink("ld/"), ENOTDIR); /* the link itself is no folder */
	ERR(mkdir("ld", 0755), EEXIST);
	fd = OK(open("ld/f",
		     O_RDONLY |
			     O_NOFOLLOW)); /* only the last component counts */
	OK(close(fd));
	/* ".." after a link goes up from where the link points */
	OK(symlink("dir/inner", "li"));
	get_file("li/../f", buf, sizeof(buf));
	STR("li/../f", buf, "in dir");
	ERR(access("li/../top", F_OK), ENOENT);
	OK(chdir("li"));
	STR("cwd after chdir through a link", relcwd(), "/dir/inner");
	OK(chdir("../.."));
	/* a chain of links to a folder */
	OK(symlink("li", "li2"));
	OK(symlink("li2/g", "lg"));
	get_file("lg", buf, sizeof(buf));
	STR("lg", buf, "inner");
	OK(stat("lg", &st));
	EQ(st.st_size, 5);
	/* realpath (musl 1.2.3 asks /proc/self/fd; glibc walks the path) */
	rp = realpath("li2/../f", NULL);
	STR("realpath(\"li2/../f\")",
	    rp && strncmp(rp, pt_top, strlen(pt_top)) == 0 ? rp + strlen(pt_top)
	    : rp					   ? rp
							   : errname(errno),
	    "/dir/f");
	free(rp);
	rp = realpath("dangling-nothing", NULL);
	STR("realpath(\"dangling-nothing\")", rp ? "found" : errname(errno),
	    "ENOENT");
	free(rp);
	OK(unlink("lg"));
	OK(unlink("li2"));
	OK(unlink("li"));
	OK(unlink("ld"));
	OK(unlink("abs"));
	OK(unlink("dir/up"));
	OK(unlink("dir/inner/g"));
	OK(rmdir("dir/inner"));
	OK(unlink("dir/f"));
	OK(rmdir("dir"));
	OK(unlink("top"));
}

static void loops(void)
{
	char name[32], target[32], buf[16] = {0};

	SAY("-- loops and chains");
	OK(symlink("self", "self"));
	ERR(open("self", O_RDONLY), ELOOP);
	ERR(stat("self", (struct stat[1]){}), ELOOP);
	types("self", "lstat l, stat ELOOP");
	OK(symlink("loop2", "loop1"));
	OK(symlink("loop1", "loop2"));
	ERR(open("loop1", O_RDONLY), ELOOP);
	ERR(open("loop1/x", O_RDONLY), ELOOP);
	ERR(open("loop1", O_RDWR | O_CREAT, 0644), ELOOP);
	ERR(chdir("loop2"), ELOOP);
	ERR(mkdir("loop1/d", 0755), ELOOP);
	OK(unlink("loop1")); /* unlink does not follow */
	OK(unlink("loop2"));
	OK(unlink("self"));
	/* a chain of 30 links works (Linux follows up to 40) */
	OK(put_file("c0", "end"));
	for (int i = 1; i <= 30; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(target, sizeof(target), "c%d", i - 1);
		if (symlink(target, name) < 0)
			SAY("symlink %s: %s", name, errname(errno));
	}
	get_file("c30", buf, sizeof(buf));
	STR("read through 30 links", buf, "end");
	for (int i = 31; i <= 45; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(target, sizeof(target), "c%d", i - 1);
		if (symlink(target, name) < 0)
			SAY("symlink %s: %s", name, errname(errno));
	}
	ERR(open("c45", O_RDONLY), ELOOP); /* 45 links: too many */
	for (int i = 0; i <= 45; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		unlink(name);
	}
	{
		DIR *d = opendir(".");
		int left = 0; /* entries: only . and .. */

		while (d && readdir(d))
			left++;
		if (d)
			closedir(d);
		EQ(left, 2);
	}
}

int main(int argc, char **argv)
{
	pt_start("links", argc, argv);
	basics();
	relative_and_dirs();
	loops();
	return pt_finish();
}
