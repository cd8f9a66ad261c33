/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fds: the descriptor table: dup/dup2/dup3 and the open file description
 * they share, fcntl descriptor and status flags, F_DUPFD and
 * F_DUPFD_CLOEXEC, closing twice, RLIMIT_NOFILE and EMFILE.
 * Usage: fds DIR (works in a fresh folder under DIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include <sys/resource.h>
#include <sys/syscall.h>

/* The status flags F_GETFL reports that matter here (not O_LARGEFILE). */
#define FLAGS_SHOWN (O_ACCMODE | O_APPEND | O_NONBLOCK)

static void read_str(int fd, size_t n, const char *want)
{
	char buf[32] = {0};
	char what[64];
	ssize_t r = read(fd, buf, n);

	snprintf(what, sizeof(what), "read %zu", n);
	pt_str(what, r < 0 ? errname(errno) : buf, want);
}

static void sharing(void)
{
	struct stat a, b;
	int fd, d1, d2, other;

	SAY("-- dup, dup2, dup3 and shared offsets");
	OK(put_file("f", "0123456789"));
	fd = OK(open("f", O_RDWR));
	d1 = OK(dup(fd));
	TRUE("dup gives another descriptor", d1 != fd);
	read_str(fd, 3, "012");
	read_str(d1, 3, "345"); /* one offset for both */
	EQ(lseek(d1, 0, SEEK_CUR), 6);
	EQ(lseek(fd, 0, SEEK_CUR), 6);
	other = OK(
		open("f", O_RDONLY)); /* another description: its own offset */
	read_str(other, 3, "012");
	EQ(lseek(fd, 0, SEEK_CUR), 6);
	OK(fstat(fd, &a));
	OK(fstat(other, &b));
	TRUE("same file", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	OK(close(fd));
	read_str(d1, 2, "67"); /* the description outlives one descriptor */
	/* dup2: onto a chosen number, closing what was there */
	d2 = OK(open("f", O_RDONLY));
	SAMEFD(dup2(d1, d2), d2);
	read_str(d2, 2, "89");		 /* d2 is now d1's description */
	SAMEFD(dup2(d1, d1), d1);	 /* onto itself: nothing happens */
	ERR(dup2(d1 + 1000, d2), EBADF); /* not open */
	ERR(dup2(d1, -1), EBADF);
	read_str(d2, 2, ""); /* d2 is still open: at the end */
	ERR(dup3(d1, d1, 0), EINVAL);
	/* The kernel's call: musl's dup3() without O_CLOEXEC is dup2 and
	 * never looks at other flags. */
	ERR(syscall(SYS_dup3, d1, d2, 0x4242), EINVAL);
	SAMEFD(dup3(d1, d2, O_CLOEXEC), d2);
	EQ(fcntl(d2, F_GETFD), FD_CLOEXEC);
	SAMEFD(dup2(d1, d2), d2); /* dup2 clears FD_CLOEXEC */
	EQ(fcntl(d2, F_GETFD), 0);
	fd = OK(dup(d2));
	EQ(fcntl(fd, F_GETFD), 0); /* dup too */
	OK(close(fd));
	OK(close(d2));
	OK(close(d1));
	OK(close(other));
	ERR(dup(-1), EBADF);
	ERR(dup(d1), EBADF);
	ERR(close(d1), EBADF); /* twice */
}

static void flags(void)
{
	char buf[32] = {0};
	int fd, d, min1, min2;

	SAY("-- fcntl: F_GETFD/F_SETFD, F_GETFL/F_SETFL, F_DUPFD");
	fd = OK(open("f", O_RDWR | O_TRUNC));
	EQ(fcntl(fd, F_GETFD), 0);
	OK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	OK(fcntl(fd, F_SETFD, 0));
	EQ(fcntl(fd, F_GETFD), 0);
	OCT(fcntl(fd, F_GETFL) & FLAGS_SHOWN, O_RDWR);
	d = OK(dup(fd));
	EQ(fcntl(d, F_GETFD), 0);
	/* status flags live in the description: a dup sees them */
	OK(fcntl(fd, F_SETFL, O_APPEND));
	OCT(fcntl(d, F_GETFL) & FLAGS_SHOWN, O_RDWR | O_APPEND);
	EQ(write(fd, "abc", 3), 3);
	EQ(lseek(d, 0, SEEK_SET), 0);
	EQ(write(d, "def", 3), 3); /* appended despite the seek */
	EQ(pread(fd, buf, sizeof(buf) - 1, 0), 6);
	STR("appended", buf, "abcdef");
	OK(fcntl(fd, F_SETFL, O_NONBLOCK)); /* replaces: O_APPEND goes */
	OCT(fcntl(d, F_GETFL) & FLAGS_SHOWN, O_RDWR | O_NONBLOCK);
	OK(fcntl(fd, F_SETFL, O_WRONLY)); /* the access mode cannot change */
	OCT(fcntl(fd, F_GETFL) & FLAGS_SHOWN, O_RDWR);
	OK(fcntl(fd, F_SETFD, FD_CLOEXEC)); /* descriptor flags do not */
	EQ(fcntl(d, F_GETFD), 0);
	/* F_DUPFD: the lowest free number at or above the minimum */
	min1 = OK(fcntl(fd, F_DUPFD, 100));
	TRUE("F_DUPFD 100 gives >= 100", min1 >= 100);
	min2 = OK(fcntl(fd, F_DUPFD, 100));
	TRUE("the next one is above it", min2 > min1);
	EQ(fcntl(min1, F_GETFD), 0);
	OK(close(min1));
	SAMEFD(fcntl(fd, F_DUPFD_CLOEXEC, 100),
	       min1); /* the freed number again */
	EQ(fcntl(min1, F_GETFD), FD_CLOEXEC);
	ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	ERR(fcntl(fd, F_DUPFD, 1 << 30), EINVAL);
	ERR(fcntl(fd, 0x4242), EINVAL);
	OK(close(min1));
	OK(close(min2));
	OK(close(d));
	OK(close(fd));
	ERR(fcntl(fd, F_GETFD), EBADF);
	ERR(fcntl(fd, F_GETFL), EBADF);
	ERR(fcntl(-1, F_SETFD, 0), EBADF);
	OK(unlink("f"));
}

static void limits(void)
{
	struct rlimit old, lim;
	int fds[128], n = 0, highest = -1, fd, e = 0;

	SAY("-- RLIMIT_NOFILE and EMFILE");
	OK(getrlimit(RLIMIT_NOFILE, &old));
	TRUE("the soft limit is at least 64", old.rlim_cur >= 64);
	lim = (struct rlimit){64, old.rlim_max};
	OK(setrlimit(RLIMIT_NOFILE, &lim));
	OK(getrlimit(RLIMIT_NOFILE, &lim));
	EQ(lim.rlim_cur, 64);
	while (n < 128) {
		fd = dup(0);
		if (fd < 0) {
			e = errno;
			break;
		}
		fds[n++] = fd;
		if (fd > highest)
			highest = fd;
	}
	STR("dup until it fails", errname(e), "EMFILE");
	EQ(highest + 1, 64);
	ERR(open(".", O_RDONLY), EMFILE);
	ERR(fcntl(0, F_DUPFD, 0), EMFILE);
	ERR(fcntl(0, F_DUPFD, 64), EINVAL); /* at or above the limit */
	ERR(dup2(0, 64), EBADF);
	OK(close(fds[n - 1]));
	EQ(dup(0), highest); /* one free again */
	while (n > 0)
		close(fds[--n]);
	OK(setrlimit(RLIMIT_NOFILE, &old));
	ERR(setrlimit(RLIMIT_NOFILE, &(struct rlimit){2, 1}),
	    EINVAL); /* soft above hard */
	fd = OK(open(".", O_RDONLY));
	OK(close(fd));
}

static void std_streams(void)
{
	int fd;

	SAY("-- the standard descriptors");
	EQ(fcntl(0, F_GETFD), 0);
	EQ(fcntl(1, F_GETFD), 0);
	TRUE("stdout is writable", (fcntl(1, F_GETFL) & O_ACCMODE) != O_RDONLY);
	/* a closed 0 is the lowest free number for the next open */
	fd = OK(dup(0));
	OK(close(0));
	EQ(open("/dev/null", O_RDONLY), 0);
	EQ(dup2(fd, 0), 0);
	OK(close(fd));
}

int main(int argc, char **argv)
{
	pt_start("fds", argc, argv);
	sharing();
	flags();
	limits();
	std_streams();
	return pt_finish();
}
