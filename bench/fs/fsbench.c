/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/fs: file-system operations timed from inside a program, the same
 * source natively (on tmpfs) and as a Tessera image (apps/fsbench, on
 * ramfs): small-file create+write+close, open+read+close, stat, unlink,
 * and 1 MiB sequential write and read. Prints one line per kind:
 * "KIND MIN MEDIAN" in ns per operation over REPEATS rounds of N.
 * usage: fsbench DIR N REPEATS
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SMALL 100
#define BIG   (1 << 20)

static char *dir;
static char big[BIG];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void name(char *buf, size_t size, int i)
{
	snprintf(buf, size, "%s/f%d", dir, i);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void create_files(int n)
{
	char path[256], data[SMALL];

	memset(data, 'x', sizeof(data));
	for (int i = 0; i < n; i++) {
		int fd;

		name(path, sizeof(path), i);
		fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (fd < 0 || write(fd, data, SMALL) != SMALL)
			die("create");
		close(fd);
	}
}

static void read_files(int n)
{
	char path[256], data[SMALL];

	for (int i = 0; i < n; i++) {
		int fd;

		name(path, sizeof(path), i);
		fd = open(path, O_RDONLY);
		if (fd < 0 || read(fd, data, SMALL) != SMALL)
			die("read");
		close(fd);
	}
}

static void stat_files(int n)
{
	char path[256];
	struct stat st;

	for (int i = 0; i < n; i++) {
		name(path, sizeof(path), i);
		if (stat(path, &st) != 0)
			die("stat");
	}
}

static void unlink_files(int n)
{
	char path[256];

	for (int i = 0; i < n; i++) {
		name(path, sizeof(path), i);
		if (unlink(path) != 0)
			die("unlink");
	}
}

/* n MiB written to one file in 64 KiB writes, then fsync'd. */
static void write_big(int n)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/big", dir);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		die("open big");
	for (int i = 0; i < n; i++)
		for (int off = 0; off < BIG; off += 65536)
			if (write(fd, big + off, 65536) != 65536)
				die("write big");
	close(fd);
}

static void read_big(int n)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/big", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die("open big");
	for (int i = 0; i < n; i++)
		for (int off = 0; off < BIG; off += 65536)
			if (read(fd, big + off, 65536) != 65536)
				die("read big");
	close(fd);
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void measure(const char *kind, void (*setup)(int), void (*fn)(int),
		    void (*teardown)(int), int n, int repeats)
{
	long long *t = calloc((size_t)repeats, sizeof(*t));

	for (int r = 0; r < repeats; r++) {
		long long start;

		if (setup)
			setup(n);
		start = now_ns();
		fn(n);
		t[r] = (now_ns() - start) / n;
		if (teardown)
			teardown(n);
	}
	qsort(t, (size_t)repeats, sizeof(*t), by_value);
	printf("%s %lld %lld\n", kind, t[0], t[repeats / 2]);
	free(t);
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 1000;
	int repeats = argc > 3 ? atoi(argv[3]) : 11;
	int mib = 16; /* MiB per round of the sequential kinds */

	if (argc < 2 || n <= 0 || repeats <= 0) {
		fprintf(stderr, "usage: fsbench DIR N REPEATS\n");
		return 64;
	}
	dir = argv[1];
	mkdir(dir, 0755);
	memset(big, 'y', sizeof(big));
	measure("create", NULL, create_files, unlink_files, n, repeats);
	measure("open_read", create_files, read_files, unlink_files, n,
		repeats);
	measure("stat", create_files, stat_files, unlink_files, n, repeats);
	measure("unlink", create_files, unlink_files, NULL, n, repeats);
	/* Per MiB. */
	measure("seqwrite_1m", NULL, write_big, NULL, mib, repeats);
	measure("seqread_1m", NULL, read_big, NULL, mib, repeats);
	return 0;
}
