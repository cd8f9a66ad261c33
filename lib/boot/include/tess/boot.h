/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot: from the platform's entry to main() and back out.
 *
 * The platform calls tess_boot_start() with the command line as an argv
 * vector. Arguments before the first "--" are library options
 * ("name=value", see tess/init.h); the rest, after argv[0], is the
 * application's argv. Without "--" every argument belongs to the
 * application. Boot parses the options, runs the init table in priority
 * order, calls main() and ends the image with main's return value.
 *
 * Exit status conventions: main's value (0-255); 64 (sysexits' EX_USAGE,
 * the monitor's own for a bad command line) for a bad library option; 70
 * (EX_SOFTWARE) when an init function fails; TESS_PANIC_STATUS (134)
 * after a panic. An application can return these too: they are chosen
 * outside the small numbers programs use for their own errors (2 was
 * one), not impossible for them.
 */
#ifndef TESS_BOOT_H
#define TESS_BOOT_H

#define TESS_BOOT_STATUS_USAGE 64
#define TESS_BOOT_STATUS_INIT 70

/* The application's entry point. */
int main(int argc, char *argv[]);

void tess_boot_start(int argc, char *argv[]) __attribute__((noreturn));

/* Runs main through the C library's start-up: a direct call with nolibc;
 * with ext/musl, __libc_start_main (TLS, stack protector, constructors,
 * main, then exit() with its atexit handlers and stdio flush), which never
 * returns. Internal to lib/boot's start sequence. */
int tess_boot_libc_main(int argc, char *argv[]);

/* Runs the exit hooks (TESS_EXIT) once, then ends the image. */
void tess_boot_exit(int status) __attribute__((noreturn));

#endif /* TESS_BOOT_H */
