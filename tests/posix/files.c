/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * files: open flags, read/write and their positioned and vector forms,
 * lseek and holes, truncation, fsync, sizes, and the errors of each.
 * Usage: files DIR (works in a fresh folder under DIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/uio.h>

static volatile int minus_one = -1; /* out of the compiler's sight */

static off_t size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? -1 : st.st_size;
}

static void open_flags(void)
{
	char buf[64] = {0};
	int fd, fd2;

	SAY("-- open flags");
	ERR(open("f", O_RDONLY), ENOENT);
	fd = OK(open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	EQ(write(fd, "hello world", 11), 11);
	ERR(open("f", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	fd2 = OK(open("f", O_RDWR | O_CREAT, 0600)); /* exists: no change */
	EQ(read(fd2, buf, sizeof(buf) - 1), 11);
	STR("read back", buf, "hello world");
	OK(close(fd2));
	fd2 = OK(open("f",
		      O_RDONLY | O_EXCL)); /* O_EXCL without O_CREAT: ignored */
	OK(close(fd2));
	fd2 = OK(open("f", O_RDWR | O_TRUNC));
	EQ(size_of(fd), 0);
	EQ(size_of(fd2), 0);
	OK(close(fd2));
	/* O_APPEND: every write at the end, whatever the offset */
	EQ(write(fd, "0123456789", 10),
	   10); /* at offset 11: a hole of 11 bytes */
	EQ(size_of(fd), 21);
	OK(close(fd));
	fd = OK(open("f", O_WRONLY | O_APPEND));
	EQ(lseek(fd, 0, SEEK_SET), 0);
	EQ(write(fd, "AB", 2), 2);
	EQ(lseek(fd, 0, SEEK_CUR), 23);
	EQ(pwrite(fd, "CD", 2, 0),
	   2); /* Linux: pwrite on O_APPEND appends too */
	EQ(size_of(fd), 25);
	ERR(read(fd, buf, 1), EBADF);
	OK(close(fd));
	memset(buf, 'x', sizeof(buf));
	EQ(get_file("f", buf, sizeof(buf)), 25);
	TRUE("the first 11 bytes are zeros",
	     memcmp(buf, "\0\0\0\0\0\0\0\0\0\0\0", 11) == 0);
	STR("after the hole", buf + 11, "0123456789ABCD");
	/* O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC */
	OK(mkdir("d", 0755));
	ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	fd = OK(open("d", O_RDONLY | O_DIRECTORY));
	ERR(read(fd, buf, 1), EISDIR);
	ERR(write(fd, buf, 1), EBADF);
	OK(close(fd));
	ERR(open("d", O_WRONLY), EISDIR);
	ERR(open("d", O_RDWR), EISDIR);
	ERR(open("d", O_RDONLY | O_CREAT, 0644), EISDIR);
	ERR(open("d", O_WRONLY | O_TRUNC), EISDIR);
	OK(symlink("f", "lf"));
	ERR(open("lf", O_RDONLY | O_NOFOLLOW), ELOOP);
	fd = OK(open("f", O_RDONLY | O_NOFOLLOW));
	EQ(fcntl(fd, F_GETFD), 0);
	OK(close(fd));
	fd = OK(open("f", O_RDONLY | O_CLOEXEC));
	EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	OK(close(fd));
	fd = OK(open("f", O_WRONLY));
	EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND), O_WRONLY);
	OK(close(fd));
	/* path errors */
	ERR(open("", O_RDONLY), ENOENT);
	ERR(open("f/x", O_RDONLY), ENOTDIR);
	ERR(open("f/", O_RDONLY), ENOTDIR);
	ERR(open("nodir/x", O_RDWR | O_CREAT, 0644), ENOENT);
	ERR(open("new/", O_RDWR | O_CREAT, 0644), EISDIR);
	/* openat: relative to a folder's descriptor, never for absolute paths */
	fd = OK(open("d", O_RDONLY | O_DIRECTORY));
	fd2 = OK(openat(fd, "in", O_RDWR | O_CREAT | O_EXCL, 0644));
	OK(close(fd2));
	OK(access("d/in", F_OK));
	snprintf(buf, sizeof(buf), "%s", "/");
	fd2 = OK(openat(-1, buf,
			O_RDONLY)); /* absolute: the descriptor unused */
	OK(close(fd2));
	ERR(openat(-1, "f", O_RDONLY), EBADF);
	fd2 = OK(open("f", O_RDONLY));
	ERR(openat(fd2, "x", O_RDONLY), ENOTDIR);
	OK(close(fd2));
	fd2 = OK(openat(fd, "..", O_RDONLY | O_DIRECTORY));
	OK(faccessat(fd2, "d/in", F_OK, 0));
	OK(close(fd2));
	OK(unlinkat(fd, "in", 0));
	OK(close(fd));
	OK(unlink("lf"));
	OK(rmdir("d"));
	OK(unlink("f"));
}

static void read_write(void)
{
	char buf[64] = {0}, a[4] = {0}, b[8] = {0};
	struct iovec iov[3];
	int fd;

	SAY("-- read, write, pread, pwrite, readv, writev");
	fd = OK(open("rw", O_RDWR | O_CREAT | O_TRUNC, 0644));
	iov[0] = (struct iovec){"abc", 3};
	iov[1] = (struct iovec){"", 0};
	iov[2] = (struct iovec){"defghij", 7};
	EQ(writev(fd, iov, 3), 10);
	EQ(lseek(fd, 0, SEEK_CUR), 10);
	EQ(read(fd, buf, 10), 0); /* at the end */
	EQ(pread(fd, buf, 4, 3), 4);
	STR("pread 4 at 3", buf, "defg");
	EQ(lseek(fd, 0, SEEK_CUR), 10); /* pread leaves the offset */
	EQ(pwrite(fd, "XY", 2, 1), 2);
	EQ(lseek(fd, 0, SEEK_CUR), 10);
	EQ(pread(fd, buf, sizeof(buf) - 1, 8), 2);
	buf[2] = 0;
	STR("pread at 8", buf, "ij");
	EQ(pread(fd, buf, 4, 100), 0); /* beyond the end: end of file */
	EQ(lseek(fd, 0, SEEK_SET), 0);
	iov[0] = (struct iovec){a, 3};
	iov[1] = (struct iovec){b, 7};
	EQ(readv(fd, iov, 2), 10);
	STR("readv first", a, "aXY");
	STR("readv second", b, "defghij");
	EQ(lseek(fd, 0, SEEK_SET), 0);
	memset(b, 0, sizeof(b));
	iov[0] = (struct iovec){b, 7};
	EQ(preadv(fd, iov, 1, 5), 5);
	STR("preadv at 5", b, "fghij");
	iov[0] = (struct iovec){"12", 2};
	iov[1] = (struct iovec){"34", 2};
	EQ(pwritev(fd, iov, 2, 12), 4); /* a hole at 10 and 11 */
	EQ(size_of(fd), 16);
	EQ(pread(fd, buf, 6, 10), 6);
	TRUE("hole then 1234", memcmp(buf,
				      "\0\0"
				      "1234",
				      6) == 0);
	EQ(write(fd, buf, 0), 0);
	ERR(pread(fd, buf, 1, -1), EINVAL);
	ERR(pwrite(fd, buf, 1, -1), EINVAL);
	iov[0] = (struct iovec){buf, 1};
	ERR(readv(fd, iov, minus_one), EINVAL);
	OK(close(fd));
	ERR(read(fd, buf, 1), EBADF);
	ERR(write(fd, buf, 1), EBADF);
	ERR(read(-1, buf, 1), EBADF);
	ERR(close(-1), EBADF);
	ERR(close(fd), EBADF);
	fd = OK(open("rw", O_RDONLY));
	ERR(write(fd, "x", 1), EBADF);
	ERR(pwrite(fd, "x", 1, 0), EBADF);
	OK(close(fd));
	OK(unlink("rw"));
}

static void seek_truncate(void)
{
	char buf[32];
	int fd, ro;

	SAY("-- lseek, holes, truncate, fsync");
	fd = OK(open("t", O_RDWR | O_CREAT | O_EXCL, 0644));
	EQ(write(fd, "0123456789", 10), 10);
	EQ(lseek(fd, 2, SEEK_SET), 2);
	EQ(lseek(fd, 3, SEEK_CUR), 5);
	EQ(lseek(fd, -1, SEEK_CUR), 4);
	EQ(lseek(fd, -3, SEEK_END), 7);
	EQ(read(fd, buf, 2), 2);
	TRUE("read at 7 gives 78", memcmp(buf, "78", 2) == 0);
	ERR(lseek(fd, -11, SEEK_END), EINVAL);
	ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	ERR(lseek(fd, 0, 42), EINVAL);
	EQ(lseek(fd, 0, SEEK_CUR), 9);	     /* unchanged by the errors */
	EQ(lseek(fd, 4096, SEEK_END), 4106); /* beyond the end */
	EQ(size_of(fd), 10);		     /* seeking alone does not grow */
	EQ(write(fd, "!", 1), 1);
	EQ(size_of(fd), 4107);
	EQ(pread(fd, buf, 8, 2000), 8);
	TRUE("the hole reads as zeros",
	     memcmp(buf, "\0\0\0\0\0\0\0\0", 8) == 0);
	EQ(pread(fd, buf, 4, 4104), 3);
	TRUE("then the byte written", memcmp(buf, "\0\0!", 3) == 0);
	/* ftruncate: shrink, grow (zeros), errors */
	OK(ftruncate(fd, 5));
	EQ(size_of(fd), 5);
	EQ(lseek(fd, 0, SEEK_CUR), 4107); /* the offset stays beyond the end */
	EQ(read(fd, buf, 4), 0);
	OK(ftruncate(fd, 8));
	EQ(pread(fd, buf, 16, 0), 8);
	TRUE("grown with zeros", memcmp(buf, "01234\0\0\0", 8) == 0);
	ERR(ftruncate(fd, -1), EINVAL);
	OK(fsync(fd));
	OK(fdatasync(fd));
	ro = OK(open("t", O_RDONLY));
	ERR(ftruncate(ro, 0), EINVAL);
	OK(fsync(ro)); /* allowed on a read-only descriptor */
	OK(close(ro));
	ERR(ftruncate(-1, 0), EBADF);
	ERR(fsync(-1), EBADF);
	/* truncate by name */
	OK(truncate("t", 3));
	EQ(size_of(fd), 3);
	OK(truncate("t", 100000));
	EQ(size_of(fd), 100000);
	EQ(pread(fd, buf, 4, 99996), 4);
	TRUE("grown by name with zeros", memcmp(buf, "\0\0\0\0", 4) == 0);
	OK(truncate("t", 0));
	EQ(size_of(fd), 0);
	ERR(truncate("missing", 0), ENOENT);
	OK(mkdir("d", 0755));
	ERR(truncate("d", 0), EISDIR);
	ERR(truncate("t/", 0), ENOTDIR);
	ERR(truncate("t", -1), EINVAL);
	OK(close(fd));
	/* a bigger file written in pieces and read back in other pieces */
	fd = OK(open("big", O_RDWR | O_CREAT | O_TRUNC, 0644));
	{
		static char blk[10000], back[10000];
		long bad = 0, total = 0;

		for (int i = 0; i < (int)sizeof(blk); i++)
			blk[i] = (char)(i * 7 + i / 251);
		for (int i = 0; i < 30; i++)
			total += write(fd, blk, sizeof(blk));
		EQ(total, 300000);
		EQ(lseek(fd, 0, SEEK_SET), 0);
		for (int i = 0; i < 30; i++) {
			ssize_t got = 0, n;

			while (got < (ssize_t)sizeof(back) &&
			       (n = read(fd, back + got,
					 sizeof(back) - got > 3333
						 ? 3333
						 : sizeof(back) - got)) > 0)
				got += n;
			bad += got != sizeof(back) ||
			       memcmp(back, blk, sizeof(blk)) != 0;
		}
		EQ(bad, 0);
		EQ(read(fd, back, 1), 0);
	}
	OK(close(fd));
	OK(unlink("big"));
	OK(rmdir("d"));
	OK(unlink("t"));
}

/* mmap of a file's first 4096 bytes: 0, or -1 and errno. */
static int map(char **m, int prot, int flags, int fd)
{
	*m = mmap(NULL, 4096, prot, flags, fd, 0);
	return *m == MAP_FAILED ? -1 : 0;
}

static void mapped_and_copied(void)
{
	char buf[32] = {0}, *m;
	off_t off;
	int fd, out, ro;

	SAY("-- mmap of files, sendfile, root opens mode 0");
	OK(put_file("m", "mapped content"));
	fd = OK(open("m", O_RDWR));
	if (OK(map(&m, PROT_READ | PROT_WRITE, MAP_SHARED, fd)) == 0) {
		TRUE("the mapping shows the file",
		     memcmp(m, "mapped content", 14) == 0);
		TRUE("and zeros after its end", m[14] == 0 && m[4095] == 0);
		memcpy(m, "MAPPED", 6);
		OK(msync(m, 4096, MS_SYNC));
		EQ(pread(fd, buf, sizeof(buf) - 1, 0), 14);
		STR("read after writing the mapping", buf, "MAPPED content");
		EQ(pwrite(fd, "C", 1, 7), 1);
		TRUE("the mapping sees a write", m[7] == 'C');
		OK(munmap(m, 4096));
	}
	if (OK(map(&m, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd)) == 0) {
		memcpy(m, "private", 7);
		EQ(pread(fd, buf, 6, 0), 6);
		buf[6] = 0;
		TRUE("the file is unchanged", strcmp(buf, "privat") != 0);
		OK(munmap(m, 4096));
	}
	ro = OK(open("m", O_RDONLY));
	ERR(map(&m, PROT_READ | PROT_WRITE, MAP_SHARED, ro), EACCES);
	OK(close(ro));
	OK(mkdir("d", 0755));
	ro = OK(open("d", O_RDONLY | O_DIRECTORY));
	ERR(map(&m, PROT_READ, MAP_PRIVATE, ro), ENODEV);
	OK(close(ro));
	OK(rmdir("d"));
	/* sendfile from a file to a file */
	out = OK(open("copy", O_WRONLY | O_CREAT | O_TRUNC, 0644));
	off = 7;
	EQ(sendfile(out, fd, &off, 100), 7);
	EQ(off, 14);
	EQ(lseek(fd, 0, SEEK_CUR), 0); /* with an offset given, fd's stays */
	EQ(sendfile(out, fd, NULL, 6), 6);
	EQ(lseek(fd, 0, SEEK_CUR), 6);
	OK(close(out));
	memset(buf, 0, sizeof(buf));
	get_file("copy", buf, sizeof(buf));
	STR("the copy", buf,
	    "Content"
	    "MAPPED");
	OK(close(fd));
	/* root opens a file whatever its mode */
	OK(chmod("copy", 0));
	fd = OK(open("copy", O_RDWR));
	OK(close(fd));
	OK(unlink("copy"));
	OK(unlink("m"));
}

int main(int argc, char **argv)
{
	pt_start("files", argc, argv);
	open_flags();
	read_write();
	seek_truncate();
	mapped_and_copied();
	return pt_finish();
}
