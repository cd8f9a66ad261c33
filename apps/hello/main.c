/* SPDX-License-Identifier: BSD-3-Clause */
/* hello: the smallest Tessera application. */
#include <stdio.h>

int main(int argc, char *argv[])
{
	printf("Hello, world!\n");
	for (int i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	return 0;
}
