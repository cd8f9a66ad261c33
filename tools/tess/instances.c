/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tess ps, stop, logs and rm: the instances tess run started (their
 * records: instance.c). A foreground run's record goes when its tess
 * exits; one left by a process that was killed outright is dropped by
 * the first of these commands that sees it. A detached instance's record
 * stays after it ended, with its status and console log, until tess rm.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tess.h"

#define POLL_US 20000 /* how often stop and logs -f look again */

static void base_find(const struct tess_cmd *cmd, char *base, size_t size)
{
	char why[TESS_PATH_MAX + 100];

	if (tess_instance_base(base, size, why, sizeof(why)) < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "%s", why);
}

/* "exited 3" or "killed by signal 15", from a wait status. */
static void status_text(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "ended (%#x)", (unsigned int)status);
}

/* Whether a record still means something: a live process, or a detached
 * instance's result. Drops the others. */
static bool record_current(const char *base, struct tess_instance *inst)
{
	if (inst->status >= 0 || tess_instance_alive(inst))
		return true;
	if (inst->detached) {
		/* Its supervisor died before it could write the status. */
		inst->status = -2;
		return true;
	}
	tess_instance_remove(base, inst->name, true);
	return false;
}

/* A record that cannot be read is being written (claimed, not yet
 * filled), or was left half-written by a tess that died at that moment:
 * dropped once it is older than any write could take. */
static void record_unreadable(const char *base, const char *name)
{
	char path[TESS_PATH_MAX];
	struct stat st;

	tess_instance_path(path, sizeof(path), base, name, "");
	if (stat(path, &st) == 0 && time(NULL) - st.st_mtime > 10)
		tess_instance_remove(base, name, true);
}

/* Loads the instance named name, or fails with 66. */
static void instance_get(const struct tess_cmd *cmd, const char *base,
			 const char *name, struct tess_instance *inst)
{
	if (tess_app_name_problem(name) ||
	    tess_instance_load(base, name, inst) < 0 ||
	    !record_current(base, inst))
		tess_fail(cmd, TESS_EXIT_NOT_FOUND,
			  "no instance '%s' (tess ps -a lists them)", name);
}

static void duration_text(long long seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds < 120)
		snprintf(buf, size, "%llds", seconds);
	else if (seconds < 7200)
		snprintf(buf, size, "%lldm", seconds / 60);
	else
		snprintf(buf, size, "%lldh", seconds / 3600);
}

int tess_ps(const struct tess_cmd *cmd, int argc, char **argv)
{
	bool all = false;
	const struct tess_opt opts[] = {
		{"--all", NULL, &all}, {"-a", NULL, &all}, {NULL}};
	char base[TESS_PATH_MAX], **names, state[64], up[32];
	struct tess_args args;
	int count;

	tess_args_parse(cmd, argc, argv, opts, 0, false, &args);
	base_find(cmd, base, sizeof(base));
	count = tess_names_in(base, false, &names);
	if (count < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "cannot read %s: %s", base,
			  strerror(errno));
	printf("%-20s %-20s %-8s %-6s %-9s %-8s %-6s %s\n", "NAME", "STATE",
	       "PID", "PLAT", "MONITOR", "MEM", "UP", "IMAGE");
	for (int i = 0; i < count; i++) {
		struct tess_instance inst;
		char pid[16];

		if (strchr(names[i], '.'))
			continue; /* NAME.log, NAME.status */
		if (tess_instance_load(base, names[i], &inst) < 0) {
			record_unreadable(base, names[i]);
			continue;
		}
		if (!record_current(base, &inst))
			continue;
		if (inst.status != -1 && !all)
			continue;
		if (inst.status == -1)
			snprintf(state, sizeof(state), "running%s",
				 inst.detached ? " (detached)" : "");
		else if (inst.status == -2)
			snprintf(state, sizeof(state), "gone (no status)");
		else
			status_text(inst.status, state, sizeof(state));
		if (inst.status == -1)
			snprintf(pid, sizeof(pid), "%d", (int)inst.pid);
		else
			snprintf(pid, sizeof(pid), "-");
		duration_text((long long)time(NULL) - inst.started, up,
			      sizeof(up));
		printf("%-20s %-20s %-8s %-6s %-9s %-8s %-6s %s\n", inst.name,
		       state, pid, inst.plat, inst.monitor, inst.mem,
		       inst.status == -1 ? up : "-", inst.image);
	}
	tess_names_free(names, count);
	return 0;
}

/* Signals the instance: its process group when detached (QEMU is in it),
 * else its process (a QEMU child of tess follows through its parent-death
 * signal). */
static void instance_signal(const struct tess_instance *inst, int sig)
{
	kill(inst->detached ? -inst->pid : inst->pid, sig);
}

/* Waits up to timeout_us for the instance's process to end; whether it
 * did. A detached one has ended once its supervisor wrote the status. */
static bool instance_wait(const char *base, struct tess_instance *inst,
			  long long timeout_us)
{
	for (long long waited = 0;; waited += POLL_US) {
		struct tess_instance now;

		if (!tess_instance_alive(inst)) {
			if (!inst->detached)
				return true;
			/* Give the supervisor its moment to write. */
			if (tess_instance_load(base, inst->name, &now) == 0 &&
			    now.status >= 0)
				return true;
			if (waited >= timeout_us)
				return true;
		} else if (waited >= timeout_us) {
			return false;
		}
		usleep(POLL_US);
	}
}

int tess_stop(const struct tess_cmd *cmd, int argc, char **argv)
{
	const char *timeout_text = NULL;
	const struct tess_opt opts[] = {{"--timeout", &timeout_text, NULL},
					{NULL}};
	char base[TESS_PATH_MAX], *end;
	struct tess_instance inst;
	struct tess_args args;
	long timeout_s = 10;

	tess_args_parse(cmd, argc, argv, opts, 1, false, &args);
	if (args.npositional == 0)
		tess_usage_error(cmd, "no instance given (tess ps lists them)");
	if (timeout_text) {
		errno = 0;
		timeout_s = strtol(timeout_text, &end, 10);
		if (errno || end == timeout_text || *end || timeout_s < 0 ||
		    timeout_s > 3600)
			tess_usage_error(cmd,
					 "--timeout needs whole seconds, 0 to "
					 "3600, not '%s'",
					 timeout_text);
	}
	base_find(cmd, base, sizeof(base));
	instance_get(cmd, base, args.positional[0], &inst);
	if (inst.status != -1) {
		printf("%s had already ended\n", inst.name);
		return 0;
	}
	instance_signal(&inst, SIGTERM);
	if (!instance_wait(base, &inst, timeout_s * 1000000LL)) {
		fprintf(stderr,
			"tess stop: %s did not end within %ld s of SIGTERM; "
			"sending SIGKILL\n",
			inst.name, timeout_s);
		instance_signal(&inst, SIGKILL);
		if (!instance_wait(base, &inst, 5000000LL))
			tess_fail(cmd, TESS_EXIT_SYSTEM,
				  "%s (pid %d) survived SIGKILL", inst.name,
				  (int)inst.pid);
	}
	if (!inst.detached)
		tess_instance_remove(base, inst.name, true);
	printf("%s stopped\n", inst.name);
	return 0;
}

/* Copies what the log holds from *offset on to stdout. */
static void log_copy(int fd, off_t *offset)
{
	char buf[65536];
	ssize_t got;

	while ((got = pread(fd, buf, sizeof(buf), *offset)) > 0) {
		if (fwrite(buf, 1, (size_t)got, stdout) != (size_t)got)
			return;
		*offset += got;
	}
	fflush(stdout);
}

int tess_logs(const struct tess_cmd *cmd, int argc, char **argv)
{
	bool follow = false;
	const struct tess_opt opts[] = {
		{"--follow", NULL, &follow}, {"-f", NULL, &follow}, {NULL}};
	char base[TESS_PATH_MAX], log[TESS_PATH_MAX];
	struct tess_instance inst;
	struct tess_args args;
	off_t offset = 0;
	int fd;

	tess_args_parse(cmd, argc, argv, opts, 1, false, &args);
	if (args.npositional == 0)
		tess_usage_error(cmd, "no instance given (tess ps lists them)");
	base_find(cmd, base, sizeof(base));
	instance_get(cmd, base, args.positional[0], &inst);
	if (!inst.detached)
		tess_fail(cmd, TESS_EXIT_NO_LOG,
			  "%s runs in the foreground: its console is the "
			  "terminal of its tess run (tess run --detach keeps "
			  "a console log)",
			  inst.name);
	tess_instance_path(log, sizeof(log), base, inst.name, ".log");
	fd = open(log, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "cannot open %s: %s", log,
			  strerror(errno));
	log_copy(fd, &offset);
	/* --follow: until the instance has ended, then what it wrote last. */
	while (follow && inst.status == -1) {
		usleep(POLL_US);
		log_copy(fd, &offset);
		if (tess_instance_load(base, inst.name, &inst) < 0 ||
		    (inst.status == -1 && !tess_instance_alive(&inst)))
			break;
	}
	log_copy(fd, &offset);
	close(fd);
	return 0;
}

int tess_rm(const struct tess_cmd *cmd, int argc, char **argv)
{
	char base[TESS_PATH_MAX];
	struct tess_instance inst;
	struct tess_args args;
	bool force = false;
	const struct tess_opt opts[] = {{"--force", NULL, &force},
					{"-f", NULL, &force},
					{NULL}};

	tess_args_parse(cmd, argc, argv, opts, 1, false, &args);
	if (args.npositional == 0)
		tess_usage_error(cmd, "no instance given (tess ps -a lists "
				      "them)");
	base_find(cmd, base, sizeof(base));
	instance_get(cmd, base, args.positional[0], &inst);
	if (inst.status == -1 && !force)
		tess_fail(cmd, TESS_EXIT_RUNNING,
			  "%s is running; tess stop %s first (or tess rm -f "
			  "kills it)",
			  inst.name, inst.name);
	if (inst.status == -1) {
		instance_signal(&inst, SIGKILL);
		if (!instance_wait(base, &inst, 5000000LL))
			tess_fail(cmd, TESS_EXIT_SYSTEM,
				  "%s (pid %d) survived SIGKILL", inst.name,
				  (int)inst.pid);
	}
	tess_instance_remove(base, inst.name, true);
	printf("%s removed\n", inst.name);
	return 0;
}
