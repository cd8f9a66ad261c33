/* SPDX-License-Identifier: BSD-3-Clause */
/* The native peer of bench/boot: a static Linux hello (host libc). */
#include <stdio.h>

int main(void)
{
	puts("Hello, world!");
	return 0;
}
