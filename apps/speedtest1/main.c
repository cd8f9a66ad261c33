/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * speedtest1: sqlite's benchmark program, upstream's test/speedtest1.c
 * unchanged, from the tree ext/sqlite fetched (its amalgamation/ folder
 * is on the include path, the test/ folder beside it).
 */
#include "../test/speedtest1.c"
