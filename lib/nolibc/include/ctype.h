/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Character classes of the C locale (ASCII only).
 *
 * Each function takes an unsigned char value or EOF, as in C11 7.4;
 * bytes 0x80-0xff belong to no class and are returned unchanged by
 * toupper and tolower. Reentrant; usable from interrupt context.
 */
#ifndef TESS_NOLIBC_CTYPE_H
#define TESS_NOLIBC_CTYPE_H

int isalnum(int c);
int isalpha(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int tolower(int c);
int toupper(int c);

#endif /* TESS_NOLIBC_CTYPE_H */
