/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/elfexec: runs an unmodified static-PIE x86_64 Linux executable that
 * is in memory (for example embedded in the image).
 *
 * Provides tess_elfexec_run. Needs lib/alloc's default heap for the
 * program's memory and its stack, the platform's page protections
 * (tess_plat_memory_protect) and, for AT_RANDOM, lib/random when selected,
 * else the platform's entropy. The program's system calls are Linux
 * system calls: on kvm its `syscall` instructions land in lib/syscall's
 * table (so the image needs the POSIX layers the program uses, and its
 * exit_group, from lib/posix-process, ends the image); on linuxu they go
 * to the host kernel.
 *
 * Promises: the whole file is validated (ELF header, program headers,
 * every segment against the file and the others, the entry point) before
 * anything is allocated or copied, with overflow-checked arithmetic; a
 * refused file is a negative errno and one log line saying why. Not
 * reentrant; call it from the boot thread (main), once.
 */
#ifndef TESS_ELFEXEC_H
#define TESS_ELFEXEC_H

#include <stddef.h>

/*
 * Loads the executable [elf, elf + size) into page-aligned heap memory
 * (text read+execute, read-only data read-only, data and bss read+write,
 * bss zeroed), builds a Linux initial stack on a fresh stack (argc, the
 * argv strings copied, an empty environment, the auxiliary vector) and
 * jumps to its entry point. On success it does not return: the program
 * ends the image with its exit_group. Returns -ENOEXEC when the file is
 * not a static-PIE x86_64 executable (ET_EXEC, PT_INTERP, truncated or
 * malformed, ...), -EFBIG when it is larger than
 * CONFIG_TESS_ELFEXEC_MAX_MIB, -E2BIG when the arguments do not fit the
 * stack, -EINVAL for argc < 0 or a NULL argv entry, -ENOMEM when the heap
 * is short, or the platform's error when a protection cannot be set.
 */
int tess_elfexec_run(const void *elf, size_t size, int argc,
		     char *const argv[]);

#endif /* TESS_ELFEXEC_H */
