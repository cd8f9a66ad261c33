/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers the subcommands share: options, errors, applications, processes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tess.h"

const char *tess_root;

void tess_cmd_help(const struct tess_cmd *cmd)
{
	printf("usage: %s\n\n%s", cmd->usage, cmd->help);
}

void tess_usage_error(const struct tess_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tess %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n(tess %s --help explains more)\n",
		cmd->usage, cmd->name);
	exit(TESS_EXIT_USAGE);
}

void tess_fail(const struct tess_cmd *cmd, int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tess %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static const struct tess_opt *opt_find(const struct tess_opt *opts,
				       const char *arg, size_t len)
{
	for (; opts && opts->name; opts++) {
		if (strlen(opts->name) == len &&
		    strncmp(opts->name, arg, len) == 0)
			return opts;
	}
	return NULL;
}

/* Handles argv[*i], an option; may consume the next argument. */
static void opt_take(const struct tess_cmd *cmd, int argc, char **argv, int *i,
		     const struct tess_opt *opts, struct tess_args *out)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct tess_opt *opt = opt_find(opts, arg, len);

	if (!opt)
		tess_usage_error(cmd, "unknown option '%.*s'", (int)len, arg);
	if (!opt->value && !opt->flag) {
		const char *value = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;

		if (!value || !*value)
			tess_usage_error(cmd, "%s needs a value", opt->name);
		if (out->nmany == TESS_ARGS_MANY_MAX)
			tess_usage_error(cmd, "%s given too often (at most %d "
					      "such options)",
					 opt->name, TESS_ARGS_MANY_MAX);
		out->many[out->nmany].name = opt->name;
		out->many[out->nmany++].value = value;
		return;
	}
	if (!opt->value) {
		if (eq)
			tess_usage_error(cmd, "%s takes no value", opt->name);
		*opt->flag = true;
	} else if (eq) {
		*opt->value = eq + 1;
	} else if (*i + 1 < argc) {
		*opt->value = argv[++*i];
	} else {
		tess_usage_error(cmd, "%s needs a value", opt->name);
	}
	if (opt->value && **opt->value == '\0')
		tess_usage_error(cmd, "%s needs a non-empty value", opt->name);
}

/*
 * Options may come before or after the positional arguments; "--help"
 * prints the help and exits 0; everything after "--" is rest (only if
 * allow_rest). argv[0] is the subcommand's name.
 */
void tess_args_parse(const struct tess_cmd *cmd, int argc, char **argv,
		     const struct tess_opt *opts, int max_positional,
		     bool allow_rest, struct tess_args *out)
{
	bool options_done = false;

	memset(out, 0, sizeof(*out));
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!options_done &&
		    (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
			tess_cmd_help(cmd);
			exit(0);
		} else if (strcmp(arg, "--") == 0 && allow_rest) {
			out->rest = argv + i + 1;
			out->nrest = argc - i - 1;
			return;
		} else if (strcmp(arg, "--") == 0 && !options_done) {
			/* What follows is positional even if it looks like an
			 * option, so "tess new -- -x" reaches the name check. */
			options_done = true;
		} else if (arg[0] == '-' && arg[1] != '\0' && !options_done) {
			opt_take(cmd, argc, argv, &i, opts, out);
		} else if (out->npositional < max_positional) {
			out->positional[out->npositional++] = arg;
		} else {
			tess_usage_error(cmd, "unexpected argument '%s'%s", arg,
					 allow_rest ? " (arguments for the "
						      "guest go after '--')"
						    : "");
		}
	}
}

/*
 * Formats a path into buf; a path that does not fit is an error, never a
 * silently shortened path that could name another file.
 */
void tess_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "tess: path too long: %.60s...\n", buf);
		exit(TESS_EXIT_SYSTEM);
	}
}

bool tess_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool tess_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int name_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The sorted names in dir (hidden ones skipped; with dirs_only, only
 * folders). Returns the count (*names to free with tess_names_free), or
 * -1 when dir cannot be read.
 */
int tess_names_in(const char *dir, bool dirs_only, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **list = NULL, path[TESS_PATH_MAX];
	int count = 0;

	*names = NULL;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char **grown;

		if (e->d_name[0] == '.')
			continue;
		tess_path(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (dirs_only && !tess_is_dir(path))
			continue;
		grown = realloc(list, sizeof(*list) * (size_t)(count + 1));
		if (!grown || !(grown[count] = strdup(e->d_name))) {
			list = grown ? grown : list;
			break;
		}
		list = grown;
		count++;
	}
	closedir(d);
	if (count)
		qsort(list, (size_t)count, sizeof(*list), name_compare);
	*names = list;
	return count;
}

void tess_names_free(char **names, int count)
{
	for (int i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* path relative to the current folder when inside it, else as given. */
const char *tess_path_show(const char *path, char *buf, size_t size)
{
	char cwd[TESS_PATH_MAX];
	size_t n;

	if (!getcwd(cwd, sizeof(cwd)))
		return path;
	n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/' && n > 1) {
		snprintf(buf, size, "%s", path + n + 1);
		return buf;
	}
	return path;
}

/* Resolves dir/Makefile.uk into app; 0 when it is an application. */
static int app_at(const char *dir, struct tess_app *app)
{
	char file[TESS_PATH_MAX], apps[TESS_PATH_MAX];
	const char *base;

	tess_path(file, sizeof(file), "%s/Makefile.uk", dir);
	if (!tess_is_file(file) || !realpath(dir, app->dir))
		return -1;
	base = strrchr(app->dir, '/');
	base = base ? base + 1 : app->dir;
	if (strlen(base) >= sizeof(app->name))
		return -1;
	strcpy(app->name, base);
	/* make -C tess_root: the apps folder's own are named the short way. */
	tess_path(apps, sizeof(apps), "%s/apps/%s", tess_root, app->name);
	if (strcmp(apps, app->dir) == 0)
		snprintf(app->make_arg, sizeof(app->make_arg), "apps/%s",
			 app->name);
	else
		snprintf(app->make_arg, sizeof(app->make_arg), "%s", app->dir);
	return 0;
}

/*
 * arg is an application's name (apps/NAME) or a path to its folder, from
 * the current folder or from the Tessera root. Returns 0 or -1.
 */
int tess_app_find(const char *arg, struct tess_app *app)
{
	char dir[TESS_PATH_MAX];

	if (strchr(arg, '/') == NULL) {
		if (tess_app_name_problem(arg))
			return -1;
		tess_path(dir, sizeof(dir), "%s/apps/%s", tess_root, arg);
		return app_at(dir, app);
	}
	if (app_at(arg, app) == 0)
		return 0;
	if (arg[0] == '/')
		return -1;
	tess_path(dir, sizeof(dir), "%s/%s", tess_root, arg);
	return app_at(dir, app);
}

void tess_app_not_found(const struct tess_cmd *cmd, const char *arg,
			bool image_too)
{
	char apps[TESS_PATH_MAX], **names;
	int count;

	tess_path(apps, sizeof(apps), "%s/apps", tess_root);
	count = tess_names_in(apps, true, &names);
	fprintf(stderr,
		"tess %s: no %sapplication '%s' (%sa folder with a "
		"Makefile.uk, such as apps/NAME); known applications:",
		cmd->name, image_too ? "image file or " : "", arg,
		image_too ? "an image's path, or " : "");
	for (int i = 0; i < count; i++)
		fprintf(stderr, " %s", names[i]);
	fputc('\n', stderr);
	tess_names_free(names, count);
	exit(TESS_EXIT_NOT_FOUND);
}

/* A platform is a plat/ folder with a Config.uk (plat/common has none). */
void tess_plat_check(const struct tess_cmd *cmd, const char *plat)
{
	char path[TESS_PATH_MAX], **names;
	int count;

	tess_path(path, sizeof(path), "%s/plat/%s/Config.uk", tess_root, plat);
	if (strchr(plat, '/') == NULL && plat[0] != '.' && tess_is_file(path))
		return;
	tess_path(path, sizeof(path), "%s/plat", tess_root);
	count = tess_names_in(path, true, &names);
	fprintf(stderr, "tess %s: unknown platform '%s'; known:", cmd->name,
		plat);
	for (int i = 0; i < count; i++)
		if (strcmp(names[i], "common") != 0)
			fprintf(stderr, " %s", names[i]);
	fputc('\n', stderr);
	tess_names_free(names, count);
	exit(TESS_EXIT_USAGE);
}

/* Where support/build/app.mk puts the image. */
void tess_app_image(const struct tess_app *app, const char *plat,
		    const char *conf, char *buf, size_t size)
{
	tess_path(buf, size, "%s/build/%s%s%s/%s_%s-%s", app->dir, plat,
		  conf ? "-" : "", conf ? conf : "", app->name, plat,
		  TESS_ARCH);
}

/*
 * Runs make -C ROOT APP= PLAT= [CONF=] [goal]; a build goal runs in
 * parallel. quiet_stdout sends make's output to stderr, so that `tess
 * run` leaves stdout to the guest. Returns 0, or exits when make could
 * not run or failed.
 */
int tess_app_make(const struct tess_cmd *cmd, const struct tess_app *app,
		  const char *plat, const char *conf, const char *goal,
		  bool quiet_stdout)
{
	char app_arg[TESS_PATH_MAX + 8], plat_arg[300], conf_arg[300], jobs[32];
	char *argv[12];
	int n = 0, status, err;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	tess_path(app_arg, sizeof(app_arg), "APP=%s", app->make_arg);
	tess_path(plat_arg, sizeof(plat_arg), "PLAT=%s", plat);
	tess_path(conf_arg, sizeof(conf_arg), "CONF=%s", conf ? conf : "");
	snprintf(jobs, sizeof(jobs), "-j%ld", cpus > 0 ? cpus : 1);
	argv[n++] = "make";
	argv[n++] = "--no-print-directory";
	argv[n++] = "-C";
	argv[n++] = (char *)tess_root;
	if (!goal)
		argv[n++] = jobs;
	argv[n++] = app_arg;
	argv[n++] = plat_arg;
	argv[n++] = conf_arg;
	if (goal)
		argv[n++] = (char *)goal;
	argv[n] = NULL;
	err = tess_spawn(argv, quiet_stdout, &status);
	if (err == -ENOENT)
		tess_fail(cmd, TESS_EXIT_NO_TOOL,
			  "make not found in PATH (Debian package: make)");
	if (err)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "cannot run make: %s",
			  strerror(-err));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		tess_fail(cmd, TESS_EXIT_BUILD_FAILED,
			  "make%s%s failed for %s on %s (status %d)",
			  goal ? " " : "", goal ? goal : "", app->name, plat,
			  WIFEXITED(status) ? WEXITSTATUS(status)
					    : 128 + WTERMSIG(status));
	return 0;
}

/* The program tess_spawn waits for, while it runs (for the handlers). */
static volatile pid_t spawn_child;
static volatile sig_atomic_t spawn_forwarded;

static void spawn_forward(int sig)
{
	pid_t child = spawn_child;

	spawn_forwarded = sig;
	if (child > 0)
		kill(child, sig);
}

int tess_spawn_forwarded(void)
{
	return spawn_forwarded;
}

void tess_spawn_forward_signals(void)
{
	struct sigaction sa = {.sa_handler = spawn_forward};

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * Runs argv[0] (searched in PATH) and waits for it. A failed exec is
 * reported through a close-on-exec pipe, so that it cannot be mistaken
 * for an exit status of the program. Returns 0 with *wait_status set, or
 * -errno when the program could not be started.
 */
int tess_spawn(char *const argv[], bool stdout_to_stderr, int *wait_status)
{
	int pipefd[2], child_errno = 0;
	pid_t pid, parent;
	ssize_t got;

	*wait_status = 0;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		int err = errno;

		close(pipefd[0]);
		close(pipefd[1]);
		return -err;
	}
	if (pid == 0) {
		close(pipefd[0]);
		if (stdout_to_stderr)
			dup2(STDERR_FILENO, STDOUT_FILENO);
		/* Ends with tess: tess stop (SIGTERM to tess) reaches QEMU. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(128 + SIGTERM); /* tess ended before the prctl */
		execvp(argv[0], argv);
		child_errno = errno;
		if (write(pipefd[1], &child_errno, sizeof(child_errno)) < 0)
			_exit(127);
		_exit(127);
	}
	spawn_child = pid;
	close(pipefd[1]);
	do {
		got = read(pipefd[0], &child_errno, sizeof(child_errno));
	} while (got < 0 && errno == EINTR);
	close(pipefd[0]);
	while (waitpid(pid, wait_status, 0) < 0) {
		if (errno != EINTR) {
			spawn_child = 0;
			return -errno;
		}
	}
	spawn_child = 0;
	return got == (ssize_t)sizeof(child_errno) ? -child_errno : 0;
}

/* Looks name up in PATH like execvp would; the full path goes in buf. */
bool tess_find_program(const char *name, char *buf, size_t size)
{
	const char *path = getenv("PATH"), *p, *end;

	if (strchr(name, '/'))
		return snprintf(buf, size, "%s", name) < (int)size &&
		       access(buf, X_OK) == 0;
	for (p = path ? path : "/usr/bin:/bin";; p = end + 1) {
		size_t len;

		end = strchr(p, ':');
		len = end ? (size_t)(end - p) : strlen(p);
		int n = len == 0 ? snprintf(buf, size, "%s", name)
				 : snprintf(buf, size, "%.*s/%s", (int)len, p,
					    name);

		if (n > 0 && (size_t)n < size && tess_is_file(buf) &&
		    access(buf, X_OK) == 0)
			return true;
		if (!end)
			return false;
	}
}
