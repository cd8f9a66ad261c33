/* SPDX-License-Identifier: BSD-3-Clause */
/* The errno variable (see errno.h for who writes it). */
#include <errno.h>

int errno;
