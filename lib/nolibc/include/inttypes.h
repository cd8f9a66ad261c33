/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printf conversion macros for the <stdint.h> types (C11 7.8.1):
 * printf("%" PRIu64 "\n", value). The scanf (SCN*) macros and the
 * strtoimax family are not provided.
 */
#ifndef TESS_NOLIBC_INTTYPES_H
#define TESS_NOLIBC_INTTYPES_H

#include <stdint.h>

/* Length modifiers of the 64-bit and pointer-sized types: LP64 makes
 * them long, ILP32 long long and int. */
#ifdef __LP64__
#define TESS_NOLIBC_PRI64  "l"
#define TESS_NOLIBC_PRIPTR "l"
#else
#define TESS_NOLIBC_PRI64  "ll"
#define TESS_NOLIBC_PRIPTR ""
#endif

#define PRId8	"d"
#define PRId16	"d"
#define PRId32	"d"
#define PRId64	TESS_NOLIBC_PRI64 "d"
#define PRIdPTR TESS_NOLIBC_PRIPTR "d"
#define PRIdMAX "jd"

#define PRIi8	"i"
#define PRIi16	"i"
#define PRIi32	"i"
#define PRIi64	TESS_NOLIBC_PRI64 "i"
#define PRIiPTR TESS_NOLIBC_PRIPTR "i"
#define PRIiMAX "ji"

#define PRIo8	"o"
#define PRIo16	"o"
#define PRIo32	"o"
#define PRIo64	TESS_NOLIBC_PRI64 "o"
#define PRIoPTR TESS_NOLIBC_PRIPTR "o"
#define PRIoMAX "jo"

#define PRIu8	"u"
#define PRIu16	"u"
#define PRIu32	"u"
#define PRIu64	TESS_NOLIBC_PRI64 "u"
#define PRIuPTR TESS_NOLIBC_PRIPTR "u"
#define PRIuMAX "ju"

#define PRIx8	"x"
#define PRIx16	"x"
#define PRIx32	"x"
#define PRIx64	TESS_NOLIBC_PRI64 "x"
#define PRIxPTR TESS_NOLIBC_PRIPTR "x"
#define PRIxMAX "jx"

#define PRIX8	"X"
#define PRIX16	"X"
#define PRIX32	"X"
#define PRIX64	TESS_NOLIBC_PRI64 "X"
#define PRIXPTR TESS_NOLIBC_PRIPTR "X"
#define PRIXMAX "jX"

#endif /* TESS_NOLIBC_INTTYPES_H */
