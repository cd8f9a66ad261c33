/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sqlite: the sqlite3 command-line shell, upstream's shell.c unchanged.
 * It is generated with the amalgamation in the fetched tree
 * (ext/sqlite/generate), whose amalgamation/ folder is on the include
 * path; this file only brings it into the application.
 *
 * One difference from a Linux process: an image has no passwd database,
 * so without HOME in its environment (tess run -e HOME=...) the shell
 * would warn on every start that it cannot read ~/.sqliterc. HOME
 * defaults to /, root's home: a /.sqliterc on the initrd is read.
 */
#include <stdlib.h>

#define main sqlite_shell_main
#include "shell.c"
#undef main

int main(int argc, char **argv)
{
	setenv("HOME", "/", 0);
	return sqlite_shell_main(argc, argv);
}
