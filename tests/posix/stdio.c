/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stdio: files through the C library's streams: fopen modes, fprintf,
 * fgets, getline, fread/fwrite, fseek/ftell, ungetc, fdopen, errors and
 * end of file, tmpfile, mkstemp, remove and rename; /dev/null,
 * /dev/zero and /dev/urandom. Usage: stdio DIR (works in a fresh folder
 * under DIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include <sys/sysinfo.h>

static void write_read(void)
{
	char line[64], *big = NULL;
	size_t cap = 0;
	long n;
	FILE *f;
	int i, lines = 0;

	SAY("-- fopen, fprintf, fgets, getline");
	f = POK(fopen("text", "w"));
	for (i = 1; i <= 5; i++)
		fprintf(f, "line %d: %s\n", i, i % 2 ? "odd" : "even");
	for (i = 0; i < 5000; i++)
		fputc('a' + i % 26, f);
	fputs("\nlast line without a newline", f);
	EQ(ftell(f), 3 * 12 + 2 * 13 + 5000 + 28);
	OK(fclose(f));
	f = POK(fopen("text", "r"));
	while (fgets(line, sizeof(line), f) && lines < 5) {
		line[strcspn(line, "\n")] = 0;
		SAY("fgets: %s", line);
		lines++;
	}
	EQ(strlen(line), 63); /* the first 63 bytes of the long line */
	n = getline(&big, &cap, f);
	EQ(n, 5000 - 63 + 1);
	n = getline(&big, &cap, f);
	EQ(n, 27);
	STR("the last line", big, "last line without a newline");
	TRUE("getline at the end returns -1", getline(&big, &cap, f) == -1);
	TRUE("feof", feof(f) && !ferror(f));
	clearerr(f);
	TRUE("clearerr", !feof(f));
	rewind(f);
	n = 0;
	while (getline(&big, &cap, f) > 0)
		n++;
	EQ(n, 7);
	free(big);
	/* fscanf, ungetc */
	rewind(f);
	{
		int num = 0;
		char word[16] = "";

		EQ(fscanf(f, "line %d: %15s", &num, word), 2);
		LINE("fscanf: 1 odd", "fscanf: %d %s", num, word);
	}
	EQ(fgetc(f), '\n');
	EQ(ungetc('X', f), 'X');
	EQ(fgetc(f), 'X');
	EQ(fgetc(f), 'l');
	OK(fclose(f));
	/* "a" appends; "r+" reads and writes; "w+" truncates */
	f = POK(fopen("text", "a"));
	EQ(fprintf(f, "\nappended"), 9);
	OK(fclose(f));
	f = POK(fopen("text", "r+"));
	OK(fseek(f, -8, SEEK_END));
	EQ(fread(line, 1, 8, f), 8);
	line[8] = 0;
	STR("the end", line, "appended");
	OK(fseek(f, 0, SEEK_SET));
	EQ(fwrite("LINE", 1, 4, f), 4);
	OK(fflush(f));
	OK(fseek(f, 0, SEEK_SET));
	STR("fgets after the write", fgets(line, 12, f), "LINE 1: odd");
	OK(fclose(f));
	f = POK(fopen("text", "w+"));
	EQ(ftell(f), 0);
	OK(fseek(f, 0, SEEK_END));
	EQ(ftell(f), 0);
	OK(fclose(f));
	PERR(fopen("text", "wx"), EEXIST); /* "x": O_EXCL */
	OK(remove("text"));
}

static void binary(void)
{
	unsigned vals[256], back[256];
	char c;
	FILE *f;
	int fd;

	SAY("-- fread, fwrite, fseek beyond the end, fdopen, errors");
	for (int i = 0; i < 256; i++)
		vals[i] = i * 2654435761u;
	f = POK(fopen("bin", "wb"));
	EQ(fwrite(vals, sizeof(vals[0]), 256, f), 256);
	OK(fseek(f, 4096, SEEK_SET));
	EQ(fwrite("!", 1, 1, f), 1);
	EQ(ftell(f), 4097);
	OK(fclose(f));
	f = POK(fopen("bin", "rb"));
	EQ(fread(back, sizeof(back[0]), 256, f), 256);
	TRUE("read back", memcmp(vals, back, sizeof(vals)) == 0);
	OK(fseek(f, 1024, SEEK_SET));
	EQ(fread(back, 1, 8, f), 8);
	TRUE("the gap is zeros", memcmp(back, "\0\0\0\0\0\0\0\0", 8) == 0);
	OK(fseek(f, -1, SEEK_END));
	EQ(fread(&c, 1, 1, f), 1);
	CHR(c, '!');
	EQ(fread(&c, 1, 1, f), 0);
	TRUE("feof at the end", feof(f));
	ERR(fseek(f, -1, SEEK_SET), EINVAL);
	EQ(fwrite("x", 1, 1, f), 0); /* a read-only stream */
	TRUE("ferror after writing a read-only stream", ferror(f));
	OK(fclose(f));
	/* a stream on a descriptor */
	fd = OK(open("bin", O_RDWR));
	EQ(lseek(fd, 4, SEEK_SET), 4);
	f = POK(fdopen(fd, "r"));
	EQ(fread(back, sizeof(back[0]), 1, f), 1);
	TRUE("fdopen reads from the descriptor's offset", back[0] == vals[1]);
	EQ(fileno(f) == fd, 1);
	OK(fclose(f)); /* closes fd too */
	ERR(close(fd), EBADF);
	/* errors */
	PERR(fopen("missing", "r"), ENOENT);
	PERR(fopen("missing/x", "w"), ENOENT);
	OK(mkdir("d", 0755));
	PERR(fopen("d", "w"), EISDIR);
	PERR(fopen("bin/x", "r"), ENOTDIR);
	PERR(fopen("bin", "q"), EINVAL);
	OK(remove("d")); /* remove takes folders too */
	OK(rename("bin", "bin2"));
	ERR(remove("bin"), ENOENT);
	OK(remove("bin2"));
}

static void temporary(void)
{
	char tmpl[] = "tmpXXXXXX", buf[16] = {0};
	struct stat st;
	FILE *f;
	int fd;

	SAY("-- tmpfile, mkstemp");
	f = POK(tmpfile());
	if (f) {
		EQ(fputs("scratch", f) >= 0, 1);
		rewind(f);
		STR("read back", fgets(buf, sizeof(buf), f), "scratch");
		OK(fstat(fileno(f), &st));
		EQ(st.st_nlink, 0); /* it has no name */
		OK(fclose(f));
	}
	fd = OK(mkstemp(tmpl));
	TRUE("mkstemp replaced the Xs",
	     strncmp(tmpl, "tmp", 3) == 0 && !strstr(tmpl, "XXXXXX"));
	OK(fstat(fd, &st));
	OCT(st.st_mode & 07777, 0600);
	EQ(st.st_size, 0);
	OK(close(fd));
	OK(unlink(tmpl));
	PERR(mkdtemp(strcpy(tmpl, "tmpXXXXX")), EINVAL); /* too few Xs */
	/* a file is no terminal */
	fd = OK(open("plain", O_RDWR | O_CREAT, 0644));
	EQ(isatty(fd), 0);
	STR("errno after isatty", errname(errno), "ENOTTY");
	f = POK(fdopen(fd, "w"));
	EQ(fprintf(f, "x"), 1); /* fully buffered: nothing written yet */
	OK(fstat(fd, &st));
	EQ(st.st_size, 0);
	OK(fclose(f));
	OK(stat("plain", &st));
	EQ(st.st_size, 1);
	OK(unlink("plain"));
}

static void devices(void)
{
	char buf[64], buf2[64];
	struct stat st;
	int fd, zero_ok = 1;
	FILE *f;

	SAY("-- /dev/null, /dev/zero, /dev/urandom");
	OK(stat("/dev/null", &st));
	LINE("/dev/null: type c mode 0666", "/dev/null: type %c mode 0%o",
	     typechar(st.st_mode), (unsigned)(st.st_mode & 0777));
	fd = OK(open("/dev/null", O_RDWR));
	EQ(write(fd, "discarded", 9), 9);
	EQ(read(fd, buf, sizeof(buf)), 0);
	EQ(lseek(fd, 0, SEEK_SET), 0);
	OK(close(fd));
	f = POK(fopen("/dev/null", "w"));
	EQ(fprintf(f, "%s", "to nowhere"), 10);
	OK(fclose(f));
	fd = OK(open("/dev/zero", O_RDWR));
	memset(buf, 'x', sizeof(buf));
	EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		zero_ok &= buf[i] == 0;
	TRUE("/dev/zero gives zeros", zero_ok);
	EQ(write(fd, buf, 10), 10);
	OK(close(fd));
	f = POK(fopen("/dev/zero", "r"));
	EQ(fgetc(f), 0);
	OK(fclose(f));
	fd = OK(open("/dev/urandom", O_RDONLY));
	EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	EQ(read(fd, buf2, sizeof(buf2)), sizeof(buf2));
	TRUE("two reads of /dev/urandom differ",
	     memcmp(buf, buf2, sizeof(buf)) != 0);
	OK(close(fd));
	OK(stat("/dev/urandom", &st));
	CHR(typechar(st.st_mode), 'c');
	ERR(open("/dev/nothing-here", O_RDONLY), ENOENT);
	ERR(mkdir("/dev/null/x", 0755), ENOTDIR);
}

/* What a program asks of the system to size itself (redis's INFO,
 * caches): only whether the answers make sense, since they differ. */
static void system_facts(void)
{
	struct sysinfo si;
	long phys = sysconf(_SC_PHYS_PAGES), avail = sysconf(_SC_AVPHYS_PAGES);

	SAY("-- system facts");
	TRUE("sysconf(_SC_PHYS_PAGES) > 0", phys > 0);
	TRUE("sysconf(_SC_AVPHYS_PAGES) in 1..PHYS_PAGES",
	     avail > 0 && avail <= phys);
	TRUE("sysconf(_SC_NPROCESSORS_ONLN) >= 1",
	     sysconf(_SC_NPROCESSORS_ONLN) >= 1);
	OK(sysinfo(&si));
	TRUE("sysinfo: total memory > 0, free <= total",
	     si.totalram > 0 && si.freeram <= si.totalram && si.mem_unit > 0);
	TRUE("sysinfo: at least one process", si.procs >= 1);
}

int main(int argc, char **argv)
{
	pt_start("stdio", argc, argv);
	system_facts();
	write_read();
	binary();
	temporary();
	devices();
	return pt_finish();
}
