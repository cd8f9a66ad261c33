/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stat: stat/lstat/fstat/fstatat/statx, mode bits after chmod/fchmod and
 * umask, ownership after chown (as root), utimensat/futimens with fixed
 * times, access/faccessat as root, FIFOs. Usage: stat DIR (works in a
 * fresh folder under DIR; expects to run as root, as Tessera does).
 */
#define _GNU_SOURCE
#include "common.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#ifndef SYS_statx
#define SYS_statx 332 /* x86_64 */
#endif

/* The kernel's struct statx (musl 1.2.3 has none; glibc's needs 2.28). */
struct pt_statx_time {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};
struct pt_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct pt_statx_time atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};
#define PT_STATX_TYPE	     0x1U
#define PT_STATX_MODE	     0x2U
#define PT_STATX_NLINK	     0x4U
#define PT_STATX_SIZE	     0x200U
#define PT_STATX_MTIME	     0x40U
#define PT_STATX_BASIC_STATS 0x7ffU

static mode_t mode_of(const char *path)
{
	struct stat st;

	return lstat(path, &st) < 0 ? (mode_t)-1 : st.st_mode & 07777;
}

static void kinds(void)
{
	struct stat st, st2;
	struct pt_statx sx;
	int fd, dfd;

	SAY("-- stat, lstat, fstat, fstatat, statx");
	OK(put_file("f", "12345"));
	OK(mkdir("d", 0755));
	OK(symlink("f", "l"));
	OK(stat("f", &st));
	LINE("f: type - mode 0644 size 5 nlink 1 uid 0 gid 0",
	     "f: type %c mode 0%o size %lld nlink %ld uid %ld gid %ld",
	     typechar(st.st_mode), (unsigned)(st.st_mode & 07777),
	     (long long)st.st_size, (long)st.st_nlink, (long)st.st_uid,
	     (long)st.st_gid);
	OK(stat("d", &st));
	LINE("d: type d mode 0755", "d: type %c mode 0%o", typechar(st.st_mode),
	     (unsigned)(st.st_mode & 07777));
	OK(stat(".", &st));
	LINE(".: type d", ".: type %c", typechar(st.st_mode));
	OK(lstat("l", &st));
	LINE("l (lstat): type l size 1", "l (lstat): type %c size %lld",
	     typechar(st.st_mode), (long long)st.st_size);
	OK(stat("l", &st2));
	LINE("l (stat): type - size 5", "l (stat): type %c size %lld",
	     typechar(st2.st_mode), (long long)st2.st_size);
	TRUE("lstat and stat of a link differ in inode",
	     st.st_ino != st2.st_ino);
	ERR(stat("missing", &st), ENOENT);
	ERR(stat("f/", &st), ENOTDIR);
	ERR(stat("f/x", &st), ENOTDIR);
	ERR(stat("", &st), ENOENT);
	ERR(lstat("missing/x", &st), ENOENT);
	/* fstat and fstatat */
	fd = OK(open("f", O_RDONLY));
	OK(fstat(fd, &st));
	OK(stat("f", &st2));
	TRUE("fstat and stat agree",
	     st.st_ino == st2.st_ino && st.st_dev == st2.st_dev &&
		     st.st_size == st2.st_size && st.st_mode == st2.st_mode);
	OK(fstatat(fd, "", &st, AT_EMPTY_PATH));
	TRUE("fstatat(fd, \"\", AT_EMPTY_PATH) is fstat",
	     st.st_ino == st2.st_ino);
	ERR(fstatat(fd, "", &st, 0), ENOENT);
	ERR(fstatat(fd, "x", &st, 0), ENOTDIR);
	ERR(fstat(-1, &st), EBADF);
	dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	OK(put_file("d/in", "in"));
	OK(fstatat(dfd, "in", &st, 0));
	EQ(st.st_size, 2);
	OK(fstatat(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW));
	CHR(typechar(st.st_mode), 'l');
	OK(fstatat(AT_FDCWD, "l", &st, 0));
	CHR(typechar(st.st_mode), '-');
	ERR(fstatat(AT_FDCWD, "f", &st, 0x4242), EINVAL);
	OK(fstatat(dfd, "..", &st, 0));
	CHR(typechar(st.st_mode), 'd');
	OK(close(dfd));
	/* statx */
	memset(&sx, 0, sizeof(sx));
	OK(syscall(SYS_statx, AT_FDCWD, "f", 0, PT_STATX_BASIC_STATS, &sx));
	TRUE("statx mask has type, mode, nlink, size, mtime",
	     (sx.mask & (PT_STATX_TYPE | PT_STATX_MODE | PT_STATX_NLINK |
			 PT_STATX_SIZE | PT_STATX_MTIME)) ==
		     (PT_STATX_TYPE | PT_STATX_MODE | PT_STATX_NLINK |
		      PT_STATX_SIZE | PT_STATX_MTIME));
	LINE("statx f: type - mode 0644 size 5 nlink 1",
	     "statx f: type %c mode 0%o size %llu nlink %u", typechar(sx.mode),
	     sx.mode & 07777u, (unsigned long long)sx.size, sx.nlink);
	OK(stat("f", &st));
	TRUE("statx and stat agree",
	     sx.ino == st.st_ino && sx.size == (uint64_t)st.st_size &&
		     sx.mtime.tv_sec == st.st_mtim.tv_sec &&
		     sx.mtime.tv_nsec == st.st_mtim.tv_nsec);
	OK(syscall(SYS_statx, AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW,
		   PT_STATX_BASIC_STATS, &sx));
	CHR(typechar(sx.mode), 'l');
	OK(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, PT_STATX_BASIC_STATS,
		   &sx));
	EQ(sx.size, 5);
	ERR(syscall(SYS_statx, AT_FDCWD, "missing", 0, PT_STATX_BASIC_STATS,
		    &sx),
	    ENOENT);
	ERR(syscall(SYS_statx, AT_FDCWD, "f", 0, 0x80000000U, &sx),
	    EINVAL); /* reserved mask bit */
	OK(close(fd));
	/* blocks: a written file occupies at least its size */
	{
		static char data[8192];

		fd = OK(open("big", O_WRONLY | O_CREAT | O_TRUNC, 0644));
		EQ(write(fd, data, sizeof(data)), sizeof(data));
		OK(fsync(fd));
		OK(fstat(fd, &st));
		TRUE("st_blocks * 512 >= st_size",
		     (long long)st.st_blocks * 512 >= st.st_size);
		TRUE("st_blksize > 0", st.st_blksize > 0);
		OK(close(fd));
		OK(unlink("big"));
	}
	/* FIFOs */
	OK(mkfifo("fifo", 0666));
	OK(lstat("fifo", &st));
	LINE("fifo: type p mode 0644", "fifo: type %c mode 0%o",
	     typechar(st.st_mode), (unsigned)(st.st_mode & 07777));
	ERR(mkfifo("fifo", 0666), EEXIST);
	OK(unlink("fifo"));
	OK(unlink("d/in"));
	OK(rmdir("d"));
	OK(unlink("l"));
	OK(unlink("f"));
}

static void modes(void)
{
	struct stat st;
	int fd;

	SAY("-- chmod, fchmod, umask, chown");
	OK(put_file("f", "x"));
	OCT(mode_of("f"), 0644);
	OK(chmod("f", 0600));
	OCT(mode_of("f"), 0600);
	OK(chmod("f", 04755));
	OCT(mode_of("f"), 04755);
	OK(chmod("f", 07777));
	OCT(mode_of("f"), 07777);
	OK(chmod("f", 0170644)); /* the type bits are ignored */
	OCT(mode_of("f"), 0644);
	fd = OK(open("f", O_RDONLY));
	OK(fchmod(fd, 0400));
	OCT(mode_of("f"), 0400);
	OK(fchmodat(AT_FDCWD, "f", 0640, 0));
	OCT(mode_of("f"), 0640);
	OK(close(fd));
	ERR(fchmod(fd, 0644), EBADF);
	ERR(chmod("missing", 0644), ENOENT);
	OK(symlink("f", "l"));
	OK(chmod("l", 0604)); /* through the link */
	OCT(mode_of("f"), 0604);
	OCT(mode_of("l"), 0777);
	/* umask */
	OCT(umask(027), 022);
	fd = OK(open("g", O_WRONLY | O_CREAT | O_EXCL, 0666));
	OK(close(fd));
	OCT(mode_of("g"), 0640);
	fd = OK(open("g", O_WRONLY | O_CREAT, 0777)); /* exists: unchanged */
	OK(close(fd));
	OCT(mode_of("g"), 0640);
	OK(mkdir("d", 0777));
	OCT(mode_of("d"), 0750);
	OCT(umask(0), 027);
	OK(mkdir("d2", 01777));
	OCT(mode_of("d2"), 01777);
	OK(chmod("d2", 0700));
	OCT(mode_of("d2"), 0700);
	OCT(umask(022), 0);
	/* chown (root may give files away); it clears set-user-ID */
	OK(stat("g", &st));
	LINE("g: uid 0 gid 0", "g: uid %ld gid %ld", (long)st.st_uid,
	     (long)st.st_gid);
	OK(chmod("g", 04755));
	OK(chown("g", 1000, 1001));
	OK(stat("g", &st));
	LINE("g after chown: uid 1000 gid 1001 mode 0755",
	     "g after chown: uid %ld gid %ld mode 0%o", (long)st.st_uid,
	     (long)st.st_gid, (unsigned)(st.st_mode & 07777));
	OK(chown("g", -1, 7));
	OK(stat("g", &st));
	LINE("g after chown(-1, 7): uid 1000 gid 7",
	     "g after chown(-1, 7): uid %ld gid %ld", (long)st.st_uid,
	     (long)st.st_gid);
	OK(lchown("l", 5, 5));
	OK(lstat("l", &st));
	LINE("l after lchown: uid 5 gid 5", "l after lchown: uid %ld gid %ld",
	     (long)st.st_uid, (long)st.st_gid);
	OK(stat("l", &st));
	LINE("f (through l): uid 0 gid 0", "f (through l): uid %ld gid %ld",
	     (long)st.st_uid, (long)st.st_gid);
	OK(unlink("l"));
	OK(unlink("f"));
	OK(unlink("g"));
	OK(rmdir("d"));
	OK(rmdir("d2"));
}

static void timestamps(void)
{
	struct timespec ts[2] = {{1000000000, 123456789},
				 {1500000000, 500000000}};
	struct stat st;
	time_t now = time(NULL);
	int fd;

	SAY("-- utimensat, futimens");
	OK(put_file("f", "x"));
	OK(utimensat(AT_FDCWD, "f", ts, 0));
	OK(stat("f", &st));
	LINE("atime 1000000000.123456789 mtime 1500000000.500000000",
	     "atime %lld.%09ld mtime %lld.%09ld", (long long)st.st_atim.tv_sec,
	     st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec,
	     st.st_mtim.tv_nsec);
	TRUE("ctime is now (within a minute)",
	     st.st_ctim.tv_sec >= now - 60 && st.st_ctim.tv_sec <= now + 60);
	ts[0] = (struct timespec){0, UTIME_OMIT};
	ts[1] = (struct timespec){2000000000, 1};
	OK(utimensat(AT_FDCWD, "f", ts, 0));
	OK(stat("f", &st));
	LINE("after UTIME_OMIT: atime 1000000000.123456789 mtime "
	     "2000000000.000000001",
	     "after UTIME_OMIT: atime %lld.%09ld mtime %lld.%09ld",
	     (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	ts[0] = (struct timespec){0, UTIME_NOW};
	ts[1] = (struct timespec){0, UTIME_OMIT};
	OK(utimensat(AT_FDCWD, "f", ts, 0));
	OK(stat("f", &st));
	TRUE("UTIME_NOW: atime is now",
	     st.st_atim.tv_sec >= now - 60 && st.st_atim.tv_sec <= now + 60);
	LINE("mtime kept: 2000000000.000000001", "mtime kept: %lld.%09ld",
	     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	ts[0] = (struct timespec){0, 1000000000}; /* nanoseconds out of range */
	ERR(utimensat(AT_FDCWD, "f", ts, 0), EINVAL);
	ERR(utimensat(AT_FDCWD, "missing", NULL, 0), ENOENT);
	/* futimens; a write moves mtime to now */
	fd = OK(open("f", O_WRONLY));
	ts[0] = (struct timespec){1234567890, 0};
	ts[1] = (struct timespec){1234567891, 0};
	OK(futimens(fd, ts));
	OK(fstat(fd, &st));
	LINE("futimens: atime 1234567890 mtime 1234567891",
	     "futimens: atime %lld mtime %lld", (long long)st.st_atim.tv_sec,
	     (long long)st.st_mtim.tv_sec);
	EQ(write(fd, "y", 1), 1);
	OK(fstat(fd, &st));
	TRUE("a write sets mtime to now",
	     st.st_mtim.tv_sec >= now - 60 && st.st_mtim.tv_sec <= now + 60);
	OK(futimens(fd, NULL));
	OK(close(fd));
	/* a link's own times */
	OK(symlink("f", "l"));
	ts[0] = (struct timespec){1111111111, 0};
	ts[1] = (struct timespec){1222222222, 0};
	OK(utimensat(AT_FDCWD, "f", ts, 0));
	ts[1] = (struct timespec){1333333333, 0};
	OK(utimensat(AT_FDCWD, "l", ts, AT_SYMLINK_NOFOLLOW));
	OK(lstat("l", &st));
	LINE("l's mtime 1333333333", "l's mtime %lld",
	     (long long)st.st_mtim.tv_sec);
	OK(stat("l", &st));
	LINE("f's mtime 1222222222", "f's mtime %lld",
	     (long long)st.st_mtim.tv_sec);
	OK(unlink("l"));
	OK(unlink("f"));
}

static void access_checks(void)
{
	int dfd;

	SAY("-- access, faccessat (as root)");
	OK(put_file("f", "x"));
	OK(access("f", F_OK));
	ERR(access("missing", F_OK), ENOENT);
	ERR(access("f/x", F_OK), ENOTDIR);
	OK(chmod("f", 0));
	OK(access("f", R_OK)); /* root reads and writes anything */
	OK(access("f", W_OK));
	OK(access("f", R_OK | W_OK));
	ERR(access("f", X_OK),
	    EACCES); /* but executes only what has an x bit */
	OK(chmod("f", 0010));
	OK(access("f", X_OK));
	OK(chmod("f", 0644));
	ERR(access("f", R_OK | X_OK), EACCES);
	ERR(access("f", 0x40), EINVAL);
	OK(mkdir("d", 0));
	OK(access("d",
		  R_OK | W_OK | X_OK)); /* folders: root searches anything */
	OK(put_file("d/in", "in"));
	dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	OK(faccessat(dfd, "in", R_OK, 0));
	ERR(faccessat(dfd, "nothing", F_OK, 0), ENOENT);
	OK(faccessat(AT_FDCWD, "d/in", W_OK, 0));
	OK(close(dfd));
	OK(unlink("d/in"));
	OK(rmdir("d"));
	OK(unlink("f"));
}

int main(int argc, char **argv)
{
	pt_start("stat", argc, argv);
	kinds();
	modes();
	timestamps();
	access_checks();
	return pt_finish();
}
