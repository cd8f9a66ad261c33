/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tess: the Tessera command-line tool. Finds the Tessera tree and hands
 * the command line to one subcommand (list, new, build, configure, run,
 * ps, stop, logs, rm, host).
 *
 * usage: tess SUBCOMMAND [OPTIONS] [ARGS]   (tess --help lists them)
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tess.h"

static const struct tess_cmd commands[] = {
	{"list", "tess list [apps|libs|drivers|plats]",
	 "Lists the applications (apps/), libraries (lib/), drivers\n"
	 "(drivers/) and platforms (plat/) with the one-line description of\n"
	 "each, or only one kind.\n",
	 tess_list},
	{"new", "tess new NAME [--dir DIR] [--template hello|posix]",
	 "Creates the application DIR/NAME (DIR: apps; a relative DIR is "
	 "taken\n"
	 "from the Tessera root) from a template, with saved configs for\n"
	 "linuxu and kvm:\n"
	 "  hello  (default) prints a greeting on nolibc: the smallest image\n"
	 "  posix  an ordinary C program on musl with pthreads, time, mmap:\n"
	 "         replace its main.c with a POSIX program to bring one\n"
	 "NAME: a-z, 0-9, '_' and '-', at most 64 characters, not starting\n"
	 "with '-'. An existing folder is never touched.\n",
	 tess_new},
	{"build", "tess build APP [--plat kvm|linuxu] [--conf C]",
	 "Builds APP (a name in apps/ or a path to an application folder) for\n"
	 "the platform (default kvm), from its saved config\n"
	 "defconfigs/PLAT[-C], and prints the image's path as the last line.\n",
	 tess_build},
	{"configure", "tess configure APP [--plat P] [--conf C]",
	 "Opens the configuration menu (make menuconfig) of APP on P (default\n"
	 "kvm). tess build keeps what is saved there; make savedefconfig\n"
	 "writes it back to the app's defconfigs.\n",
	 tess_configure},
	{"run",
	 "tess run IMAGE|APP [--mem|-m SIZE] [--disk FILE[,ro]]... "
	 "[--net tap:IFNAME[,mac=M]]... [-v HOSTDIR:GUESTDIR[:ro]]... "
	 "[--trace-boot] [--plat P] [--conf C] [--qemu] [--detach|-d] [--rm] "
	 "[--name NAME] [-- ARGS...]",
	 "Runs an image, or builds APP (default platform kvm) and runs its "
	 "image.\n"
	 "ARGS are the guest's command line, as on the image's own: library\n"
	 "options, '--', the application's arguments.\n"
	 "  kvm image:    tess-vmm when /dev/kvm is usable; otherwise, or "
	 "with\n"
	 "                --qemu, qemu-system-x86_64 (microvm; software "
	 "emulation\n"
	 "                without KVM, which tess run says on stderr).\n"
	 "  linuxu image: runs as a process; --mem becomes plat.mem=SIZE.\n"
	 "  --mem, -m SIZE  guest memory, e.g. 512K or 64M (QEMU: at least "
	 "8M)\n"
	 "  --disk FILE[,ro]  FILE as a disk (virtio-blk: vda, vdb, ... in "
	 "order),\n"
	 "                locked against other instances; ,ro: read-only\n"
	 "  --net tap:IFNAME[,mac=M]  an existing host tap as a network "
	 "device\n"
	 "                (virtio-net: net0, net1, ... in order)\n"
	 "  -v, --volume HOSTDIR:GUESTDIR[:ro]  the host folder mounted\n"
	 "                at GUESTDIR over 9P2000.L (virtio-9p; linuxu: a\n"
	 "                socket to tess), confined to it; :ro read-only\n"
	 "  --trace-boot  tess-vmm prints the time of each boot stage\n"
	 "  --detach, -d  runs in the background with the console in a log\n"
	 "                (tess logs); prints the instance's name\n"
	 "  --rm          a detached instance's record and log go when it "
	 "ends\n"
	 "  --name NAME   the instance's name in tess ps (default: the\n"
	 "                image's, with -1, -2, ... added)\n"
	 "  --plat P      the platform to build APP for, or of IMAGE "
	 "(normally\n"
	 "                read from the image)\n"
	 "Exit status: the guest's; under QEMU only 0-127 survive (QEMU "
	 "halves\n"
	 "the range). See docs/tools-tess.md for the other statuses.\n",
	 tess_run},
	{"ps", "tess ps [--all|-a]",
	 "Lists the running instances that tess run started: name, state, "
	 "pid,\n"
	 "platform, monitor (tess-vmm, qemu-kvm, qemu-tcg, process), --mem,\n"
	 "time up, image. --all also lists detached instances that ended,\n"
	 "with their exit status, until tess rm.\n",
	 tess_ps},
	{"stop", "tess stop NAME [--timeout SECONDS]",
	 "Stops an instance: SIGTERM to its monitor (a detached instance's\n"
	 "whole process group), then SIGKILL when it has not ended within\n"
	 "--timeout (default 10). Prints \"NAME stopped\".\n",
	 tess_stop},
	{"logs", "tess logs NAME [--follow|-f]",
	 "Prints the console output of a detached instance (tess run\n"
	 "--detach); --follow keeps printing until the instance ends. A\n"
	 "foreground instance's console is its terminal: exit status 69.\n",
	 tess_logs},
	{"rm", "tess rm NAME [--force|-f]",
	 "Removes the record and console log of an instance that ended\n"
	 "(a running one: exit status 75, tess stop it first; --force kills\n"
	 "it with SIGKILL and removes it).\n",
	 tess_rm},
	{"host", "tess host",
	 "Prints what this host offers images, one \"key: value\" line each:\n"
	 "cpu-vendor, tsc-khz, kvm (the device, or unusable: why), kvm-pvm\n"
	 "(yes: guest CPL0 code is emulated), qemu (its path), qemu-kvm (the\n"
	 "-cpu with which QEMU can use KVM here, or unusable: QEMU's reason;\n"
	 "tess run --qemu uses the same probe).\n",
	 tess_host},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void overview(FILE *out)
{
	fprintf(out,
		"usage: tess SUBCOMMAND [OPTIONS] [ARGS]\n\nsubcommands:\n");
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %s\n", commands[i].usage);
	fprintf(out,
		"\ntess SUBCOMMAND --help explains one. The Tessera tree is "
		"$TESS_ROOT,\n"
		"else the one tess was built in (tools/tess/build/tess).\n");
}

static const struct tess_cmd *command_find(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* A Tessera tree has the top Makefile and the application build rules. */
static bool is_root(const char *dir)
{
	char path[TESS_PATH_MAX];

	tess_path(path, sizeof(path), "%s/support/build/app.mk", dir);
	return tess_is_file(path);
}

/*
 * $TESS_ROOT when set, else three levels above the executable
 * (ROOT/tools/tess/build/tess). The result has its symlinks resolved, so
 * paths built from it compare with realpath() results.
 */
static const char *root_find(void)
{
	static char root[PATH_MAX];
	char exe[PATH_MAX], up[PATH_MAX + 16];
	const char *env = getenv("TESS_ROOT");
	ssize_t n;

	if (env && *env) {
		if (!realpath(env, root) || !is_root(root)) {
			fprintf(stderr,
				"tess: TESS_ROOT=%s is not a Tessera tree (no "
				"support/build/app.mk)\n",
				env);
			exit(TESS_EXIT_NOT_FOUND);
		}
		return root;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		/* exe's folder is ROOT/tools/tess/build. */
		*strrchr(exe, '/') = '\0';
		tess_path(up, sizeof(up), "%s/../../..", exe);
		if (realpath(up, root) && is_root(root))
			return root;
	}
	fprintf(stderr,
		"tess: cannot find the Tessera tree from %s; set TESS_ROOT\n",
		n > 0 ? exe : "/proc/self/exe");
	exit(TESS_EXIT_NOT_FOUND);
}

int main(int argc, char *argv[])
{
	const struct tess_cmd *cmd;

	if (argc < 2) {
		fprintf(stderr, "tess: no subcommand given\n");
		overview(stderr);
		return TESS_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		cmd = argc > 2 ? command_find(argv[2]) : NULL;
		if (cmd)
			tess_cmd_help(cmd);
		else
			overview(stdout);
		return 0;
	}
	cmd = command_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "tess: unknown %s '%s'\n",
			argv[1][0] == '-' ? "option" : "subcommand", argv[1]);
		overview(stderr);
		return TESS_EXIT_USAGE;
	}
	tess_root = root_find();
	return cmd->run(cmd, argc - 1, argv + 1);
}
