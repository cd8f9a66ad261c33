/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stdin: standard input as a program reads it when it is a pipe or a file
 * of known content (the harness feeds tests/posix/stdin.input): poll says
 * readable, read() takes what is there, stdio reads lines, end of file
 * comes and stays, fstat says what kind of file it is not (pipes and
 * files differ: only "not a terminal" is checked).
 * Usage: stdin DIR (works in a fresh folder under DIR; reads fd 0).
 */
#define _GNU_SOURCE
#include "common.h"
#include <poll.h>

static void first_bytes(void)
{
	struct pollfd p = {0, POLLIN, 0};
	char buf[6] = {0};

	SAY("-- poll and read on fd 0");
	EQ(poll(&p, 1, 5000), 1);
	TRUE("POLLIN is set", (p.revents & POLLIN) != 0);
	EQ(read(0, buf, 5), 5);
	STR("the first five bytes", buf, "alpha");
	TRUE("fd 0 is not a terminal", !isatty(0));
}

static void lines(void)
{
	char line[128];
	unsigned long sum = 0;
	int n = 0;

	SAY("-- the rest, line by line (stdio)");
	while (fgets(line, sizeof(line), stdin)) {
		n++;
		for (char *c = line; *c; c++)
			sum = sum * 31 + (unsigned char)*c;
		if (n <= 3)
			printf("line %d: %s", n, line);
	}
	EQ(n, 1003);
	EQ(sum % 1000003, 73727);
	TRUE("feof(stdin)", feof(stdin) != 0);
}

static void end_of_file(void)
{
	char c;

	SAY("-- the end stays the end");
	EQ(read(0, &c, 1), 0);
	EQ(read(0, &c, 1), 0);
	EQ(read(0, &c, 0), 0);
}

int main(int argc, char **argv)
{
	pt_start("stdin", argc, argv);
	first_bytes();
	lines();
	end_of_file();
	return pt_finish();
}
