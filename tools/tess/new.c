/* SPDX-License-Identifier: BSD-3-Clause */
/* tess new: creates an application folder from a small built-in template
 * (hello: nolibc; posix: an ordinary C program on musl). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tess.h"

/* One file of the template; "%1$s" is the name, "%2$s" the path to the root. */
struct template_file {
	const char *path;
	const char *text;
};

/* The hello template: nolibc, the smallest image. */
static const struct template_file hello_template[] = {
	{"Makefile", "# SPDX-License-Identifier: BSD-3-Clause\n"
		     "# Build this application from its folder (see "
		     "support/build/app-folder.mk).\n"
		     "include %2$s/support/build/app-folder.mk\n"},
	{"Config.uk", "# SPDX-License-Identifier: BSD-3-Clause\n"
		      "comment \"%1$s: prints a greeting and its arguments "
		      "(created by tess new)\"\n"},
	{"Makefile.uk",
	 "# SPDX-License-Identifier: BSD-3-Clause\n"
	 "# The sources of %1$s and the libraries it cannot do without.\n"
	 "$(LIB)_SRCS-y += main.c\n"
	 "$(LIB)_REQUIRES := nolibc\n"},
	{"main.c", "/* SPDX-License-Identifier: BSD-3-Clause */\n"
		   "/* %1$s: a Tessera application (created by tess new). */\n"
		   "#include <stdio.h>\n"
		   "\n"
		   "int main(int argc, char *argv[])\n"
		   "{\n"
		   "\tprintf(\"Hello from %1$s\\n\");\n"
		   "\tfor (int i = 1; i < argc; i++)\n"
		   "\t\tprintf(\"arg %%d: %%s\\n\", i, argv[i]);\n"
		   "\treturn 0;\n"
		   "}\n"},
	/* The saved configs of apps/hello: kvm needs argparse for its
	 * command line. */
	{"defconfigs/linuxu", "CONFIG_TESS_NOLIBC=y\n"
			      "CONFIG_TESS_OPTIMIZE_SIZE=y\n"},
	{"defconfigs/kvm", "CONFIG_TESS_NOLIBC=y\n"
			   "CONFIG_TESS_ARGPARSE=y\n"
			   "CONFIG_TESS_OPTIMIZE_SIZE=y\n"},
	{NULL, NULL},
};

/*
 * The POSIX template: an ordinary C program on musl, with every POSIX
 * library Tessera has selected (process, files on a ramfs root with
 * /dev and an initrd, host folders, pipes, poll and epoll, sockets over
 * lwIP with each platform's network device for tess run --net, local
 * sockets, time, mmap, threads on the cooperative scheduler). Replacing
 * main.c with a POSIX program is the way to bring one.
 */
#define POSIX_DEFCONFIG                                                        \
	"CONFIG_TESS_EXT_MUSL=y\n"                                             \
	"CONFIG_TESS_ARGPARSE=y\n"                                             \
	"CONFIG_TESS_RANDOM=y\n"                                               \
	"CONFIG_TESS_SCHED=y\n"                                                \
	"CONFIG_TESS_SCHED_COOP=y\n"                                           \
	"CONFIG_TESS_POSIX_THREAD=y\n"                                         \
	"CONFIG_TESS_LOCK=y\n"                                                 \
	"CONFIG_TESS_VFS=y\n"                                                  \
	"CONFIG_TESS_POSIX_FS=y\n"                                             \
	"CONFIG_TESS_RAMFS=y\n"                                                \
	"CONFIG_TESS_DEVFS=y\n"                                                \
	"CONFIG_TESS_INITRD=y\n"                                               \
	"CONFIG_TESS_POSIX_PIPE=y\n"                                           \
	"CONFIG_TESS_POSIX_POLL=y\n"                                           \
	"CONFIG_TESS_9PFS=y\n"                                                 \
	"CONFIG_TESS_MPI=y\n"                                                  \
	"CONFIG_TESS_EXT_LWIP=y\n"                                             \
	"CONFIG_TESS_POSIX_SOCKET=y\n"                                         \
	"CONFIG_TESS_POSIX_UNIX=y\n"                                           \
	"CONFIG_TESS_POOL=y\n"                                                 \
	"CONFIG_TESS_NETDEV=y\n"
/* Host folders (tess run -v) and network devices (--net): each
 * platform's transport. */
#define POSIX_LINUXU_DEVICES                                                        \
	"CONFIG_TESS_LINUXU_9P=y\n"                                            \
	"CONFIG_TESS_LINUXU_NET=y\n"
#define POSIX_KVM_DEVICES                                                           \
	"CONFIG_TESS_VIRTIO_MMIO=y\n"                                          \
	"CONFIG_TESS_VIRTIO_9P=y\n"                                            \
	"CONFIG_TESS_VIRTIO_NET=y\n"
/* main's stack on kvm is the boot stack: Linux programs expect far more
 * than the 32 KiB a small image needs (buffers of PATH_MAX on the stack,
 * recursion), and the guard page only reports the overflow. */
#define POSIX_KVM_STACK "CONFIG_TESS_PLAT_KVM_STACK_KIB=512\n"
static const struct template_file posix_template[] = {
	{"Makefile", "# SPDX-License-Identifier: BSD-3-Clause\n"
		     "# Build this application from its folder (see "
		     "support/build/app-folder.mk).\n"
		     "include %2$s/support/build/app-folder.mk\n"},
	{"Config.uk", "# SPDX-License-Identifier: BSD-3-Clause\n"
		      "comment \"%1$s: a POSIX program on musl (created by "
		      "tess new --template posix)\"\n"},
	{"Makefile.uk",
	 "# SPDX-License-Identifier: BSD-3-Clause\n"
	 "# The sources of %1$s and the libraries it cannot do without.\n"
	 "$(LIB)_SRCS-y += main.c\n"
	 "$(LIB)_REQUIRES := posix-thread\n"},
	{"main.c", "/* SPDX-License-Identifier: BSD-3-Clause */\n"
		   "/* %1$s: a POSIX program on Tessera (created by tess new "
		   "--template posix). */\n"
		   "#include <pthread.h>\n"
		   "#include <stdio.h>\n"
		   "#include <time.h>\n"
		   "\n"
		   "static void *worker(void *arg)\n"
		   "{\n"
		   "\tprintf(\"hello from a thread, %%s\\n\", (char *)arg);\n"
		   "\treturn NULL;\n"
		   "}\n"
		   "\n"
		   "int main(int argc, char *argv[])\n"
		   "{\n"
		   "\tstruct timespec now;\n"
		   "\tpthread_t thread;\n"
		   "\n"
		   "\tprintf(\"Hello from %1$s\\n\");\n"
		   "\tfor (int i = 1; i < argc; i++)\n"
		   "\t\tprintf(\"arg %%d: %%s\\n\", i, argv[i]);\n"
		   "\tif (pthread_create(&thread, NULL, worker, \"joined\") != 0 "
		   "||\n"
		   "\t    pthread_join(thread, NULL) != 0)\n"
		   "\t\treturn 1;\n"
		   "\tclock_gettime(CLOCK_REALTIME, &now);\n"
		   "\tprintf(\"the wall clock is past 2020: %%s\\n\",\n"
		   "\t       now.tv_sec > 1577836800 ? \"yes\" : \"no\");\n"
		   "\treturn 0;\n"
		   "}\n"},
	{"defconfigs/linuxu", POSIX_DEFCONFIG POSIX_LINUXU_DEVICES},
	{"defconfigs/kvm", POSIX_DEFCONFIG POSIX_KVM_DEVICES POSIX_KVM_STACK},
	{NULL, NULL},
};

static const struct {
	const char *name;
	const struct template_file *files;
} templates[] = {
	{"hello", hello_template},
	{"posix", posix_template},
};

/*
 * The relative path from folder from to folder to (both absolute, no
 * symlinks), so the app's Makefile keeps working if the tree moves.
 */
static void relative_path(const char *from, const char *to, char *buf,
			  size_t size)
{
	size_t i = 0, common = 0, used = 0;

	/* The longest shared prefix that ends where a component ends. */
	while (from[i] && from[i] == to[i]) {
		i++;
		if ((from[i] == '/' || from[i] == '\0') &&
		    (to[i] == '/' || to[i] == '\0'))
			common = i;
	}
	buf[0] = '\0';
	for (const char *p = from + common; *p; p++)
		if (*p == '/' && used + 4 < size)
			used += (size_t)snprintf(buf + used, size - used,
						 "%s..", used ? "/" : "");
	snprintf(buf + used, size - used, "%s%s", used ? "" : ".", to + common);
}

static int write_file(const char *dir, const struct template_file *t,
		      const char *name, const char *root_rel)
{
	char path[TESS_PATH_MAX];
	FILE *f;
	int bad;

	tess_path(path, sizeof(path), "%s/%s", dir, t->path);
	if (strchr(t->path, '/')) {
		char sub[TESS_PATH_MAX];

		snprintf(sub, sizeof(sub), "%s", path);
		*strrchr(sub, '/') = '\0';
		if (mkdir(sub, 0777) < 0 && errno != EEXIST)
			return -1;
	}
	f = fopen(path, "w");
	if (!f)
		return -1;
	bad = fprintf(f, t->text, name, root_rel) < 0;
	bad |= fclose(f) != 0;
	return bad ? -1 : 0;
}

static void remove_tree(const char *dir, const struct template_file *files)
{
	char path[TESS_PATH_MAX];

	for (const struct template_file *t = files; t->path; t++) {
		tess_path(path, sizeof(path), "%s/%s", dir, t->path);
		unlink(path);
	}
	tess_path(path, sizeof(path), "%s/defconfigs", dir);
	rmdir(path);
	rmdir(dir);
}

/*
 * Writes the template into a hidden temporary folder beside the target
 * and renames it into place: an interrupted `tess new` leaves no
 * half-made application, and rename refuses a target that appeared
 * meanwhile.
 */
static void create_app(const struct tess_cmd *cmd, const char *parent,
		       const char *name, const char *target,
		       const struct template_file *files)
{
	char tmp[TESS_PATH_MAX], root_rel[TESS_PATH_MAX];
	mode_t mask = umask(0);

	umask(mask);
	tess_path(tmp, sizeof(tmp), "%s/.%s.tmpXXXXXX", parent, name);
	if (!mkdtemp(tmp))
		tess_fail(cmd, TESS_EXIT_SYSTEM,
			  "cannot create a folder in %s: %s", parent,
			  strerror(errno));
	relative_path(target, tess_root, root_rel, sizeof(root_rel));
	for (const struct template_file *t = files; t->path; t++) {
		if (write_file(tmp, t, name, root_rel) < 0) {
			int err = errno;

			remove_tree(tmp, files);
			tess_fail(cmd, TESS_EXIT_SYSTEM,
				  "cannot write %s/%s: %s", target, t->path,
				  strerror(err));
		}
	}
	chmod(tmp, 0777 & ~mask);
	if (rename(tmp, target) < 0) {
		int err = errno;

		remove_tree(tmp, files);
		if (err == EEXIST || err == ENOTEMPTY)
			tess_fail(cmd, TESS_EXIT_EXISTS, "%s already exists",
				  target);
		tess_fail(cmd, TESS_EXIT_SYSTEM, "cannot create %s: %s", target,
			  strerror(err));
	}
}

int tess_new(const struct tess_cmd *cmd, int argc, char **argv)
{
	const char *dir_opt = "apps", *template_opt = "hello", *name, *problem;
	const struct tess_opt opts[] = {{"--dir", &dir_opt, NULL},
					{"--template", &template_opt, NULL},
					{NULL}};
	const struct template_file *files = NULL;
	char given[TESS_PATH_MAX], parent[PATH_MAX], target[TESS_PATH_MAX];
	char shown[TESS_PATH_MAX];
	struct tess_args args;

	tess_args_parse(cmd, argc, argv, opts, 1, false, &args);
	if (args.npositional == 0)
		tess_usage_error(cmd, "no application name given");
	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++)
		if (strcmp(templates[i].name, template_opt) == 0)
			files = templates[i].files;
	if (!files)
		tess_usage_error(cmd,
				 "unknown template '%s'; known: hello posix",
				 template_opt);
	name = args.positional[0];
	problem = tess_app_name_problem(name);
	if (problem)
		tess_usage_error(cmd, "invalid application name '%s': it %s",
				 name, problem);
	if (dir_opt[0] == '/')
		tess_path(given, sizeof(given), "%s", dir_opt);
	else
		tess_path(given, sizeof(given), "%s/%s", tess_root, dir_opt);
	if (!tess_is_dir(given) || !realpath(given, parent))
		tess_fail(cmd, TESS_EXIT_NOT_FOUND, "no folder %s (--dir)",
			  given);
	tess_path(target, sizeof(target), "%s/%s", parent, name);
	if (access(target, F_OK) == 0)
		tess_fail(cmd, TESS_EXIT_EXISTS,
			  "%s already exists; choose another name or remove it",
			  tess_path_show(target, shown, sizeof(shown)));
	create_app(cmd, parent, name, target, files);
	{
		/* The path as the user can type it here (tess_path_show
		 * gives the path itself when it is not below this folder). */
		const char *where = tess_path_show(target, shown,
						   sizeof(shown));

		printf("created %s\n"
		       "  build and run it as a VM:      tools/tess/build/tess "
		       "run %s\n"
		       "  or as a Linux process:         tools/tess/build/tess "
		       "run %s --plat linuxu\n"
		       "  or with make:                  make APP=%s run\n",
		       where, where, where, where);
	}
	return 0;
}
