/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main through musl's start-up (ext/musl): __libc_start_main wants what a
 * Linux kernel puts on a new process's stack, argv, then envp, then the
 * auxiliary vector; this builds that vector and hands over. musl then sets
 * up the thread pointer (arch_prctl through lib/syscall), the stack
 * protector (AT_RANDOM), runs constructors and main, and ends with exit(),
 * whose exit_group comes back to tess_boot_exit.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <tess/boot.h>
#include <tess/debug.h>
#include <tess/elf64.h>
#include <tess/init.h>

#define AT_NULL	  0
#define AT_PHDR	  3
#define AT_PHENT  4
#define AT_PHNUM  5
#define AT_PAGESZ 6
#define AT_UID	  11
#define AT_EUID	  12
#define AT_GID	  13
#define AT_EGID	  14
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define ARGS_MAX  64

int __libc_start_main(int (*main_fn)(int, char **, char **), int argc,
		      char **argv, void (*init)(void), void (*fini)(void),
		      void (*ldso_fini)(void));
extern unsigned long __stack_chk_guard;

/* The image's own ELF header, loaded with it (placed by the linker). */
extern const struct tess_elf64_ehdr __ehdr_start;

/* The application's environment: library options env=KEY=VALUE, in
 * order (tess run -e); a later KEY replaces an earlier one. */
#define ENV_MAX 128
static char *env[ENV_MAX + 1];
static int nenv;

static int env_param(const char *value)
{
	const char *eq = strchr(value, '=');
	size_t keylen;

	if (!eq || eq == value)
		return -EINVAL;
	keylen = (size_t)(eq - value) + 1;
	for (int i = 0; i < nenv; i++) {
		if (strncmp(env[i], value, keylen) == 0) {
			env[i] = (char *)value;
			return 0;
		}
	}
	if (nenv == ENV_MAX)
		return -E2BIG;
	env[nenv++] = (char *)value;
	return 0;
}
TESS_PARAM(env, "env", env_param,
	   "KEY=VALUE: a variable of the application's environment "
	   "(repeatable; tess run -e)");

static int main_with_env(int argc, char **argv, char **envp)
{
	/* A program may define main with envp as a third argument: pass
	 * it (the x86_64 calling convention lets the two-argument main
	 * ignore it). */
	int (*main3)(int, char **, char **) =
		(int (*)(int, char **, char **))(void (*)(void))main;

	return main3(argc, argv, envp);
}

int tess_boot_libc_main(int argc, char *argv[])
{
	/* argv, NULL, envp, NULL, then auxv pairs. Kept for the
	 * whole run: musl keeps pointers into it (environ, auxv). */
	static char *vector[ARGS_MAX + 1 + ENV_MAX + 1 + 2 * 16];
	static unsigned char random_bytes[16];
	unsigned long *aux;
	int n = 0;

	if (argc > ARGS_MAX) {
		tess_pr_crit("%d arguments: musl's start-up takes at most %d",
			     argc, ARGS_MAX);
		tess_boot_exit(TESS_BOOT_STATUS_USAGE);
	}
	for (int i = 0; i < argc; i++)
		vector[n++] = argv[i];
	vector[n++] = NULL;
	for (int i = 0; i < nenv; i++)
		vector[n++] = env[i];
	vector[n++] = NULL;
	aux = (unsigned long *)&vector[n];
	/* AT_RANDOM seeds musl's stack-protector canary: give it the
	 * canary already in use (set at platform entry, with the byte musl
	 * clears already clear), so frames live now still match. */
	memcpy(random_bytes, &__stack_chk_guard, sizeof(__stack_chk_guard));
	/* The image's program headers, loaded with it (the linker's
	 * __ehdr_start): musl finds the PT_TLS segment there, the template
	 * of the image's thread-local variables. */
	const unsigned long pairs[][2] = {
		{AT_PHDR, (unsigned long)&__ehdr_start + __ehdr_start.e_phoff},
		{AT_PHENT, __ehdr_start.e_phentsize},
		{AT_PHNUM, __ehdr_start.e_phnum},
		{AT_PAGESZ, 4096},
		{AT_CLKTCK, 100},
		{AT_UID, 0},
		{AT_EUID, 0},
		{AT_GID, 0},
		{AT_EGID, 0},
		{AT_SECURE, 0},
		{AT_RANDOM, (unsigned long)random_bytes},
		{AT_NULL, 0},
	};
	for (unsigned int i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		*aux++ = pairs[i][0];
		*aux++ = pairs[i][1];
	}
	return __libc_start_main(main_with_env, argc, vector, NULL, NULL, NULL);
}
