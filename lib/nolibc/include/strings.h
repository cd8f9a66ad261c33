/* SPDX-License-Identifier: BSD-3-Clause */
/* Case-insensitive string comparison (ASCII, the C locale). */
#ifndef TESS_NOLIBC_STRINGS_H
#define TESS_NOLIBC_STRINGS_H

#include <stddef.h>

/* Compare as if both strings were lower-cased with tolower(). */
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);

#endif /* TESS_NOLIBC_STRINGS_H */
