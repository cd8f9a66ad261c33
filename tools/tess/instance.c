/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The record of running instances that tess ps, stop and logs read. Each
 * instance is a file BASE/NAME (key=value lines: what runs, under which
 * process), made with O_EXCL, which is how a name is claimed; a detached
 * one also has NAME.log (its console) and, once it ended, NAME.status
 * (names have no '.', so these never clash with a name). Flat files and
 * few of them: every foreground tess run creates and removes its record,
 * and that must cost next to nothing of a 3 ms run. BASE is
 * $TESS_INSTANCE_DIR, else $XDG_RUNTIME_DIR/tess, else tess-UID in
 * /dev/shm (tmpfs; /tmp when there is none); it is the user's alone (0700,
 * checked), since stop sends signals to the pids it names.
 *
 * A process is the recorded one only while its start time (field 22 of
 * /proc/PID/stat) matches the record, so a reused pid is never signalled.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tess.h"

int tess_instance_base(char *buf, size_t size, char *why, size_t why_size)
{
	const char *env = getenv("TESS_INSTANCE_DIR");
	const char *runtime = getenv("XDG_RUNTIME_DIR");
	struct stat st;

	if (env && *env)
		tess_path(buf, size, "%s", env);
	else if (runtime && *runtime)
		tess_path(buf, size, "%s/tess", runtime);
	else
		tess_path(buf, size, "%s/tess-%u",
			  tess_is_dir("/dev/shm") ? "/dev/shm" : "/tmp",
			  (unsigned int)getuid());
	if (mkdir(buf, 0700) < 0 && errno != EEXIST) {
		snprintf(why, why_size, "cannot create %s: %s", buf,
			 strerror(errno));
		return -1;
	}
	/* Not a symlink, ours, and no one else's to write: a folder in /tmp
	 * that someone else made first must not steer our signals. */
	if (lstat(buf, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != getuid() || (st.st_mode & 022)) {
		snprintf(why, why_size,
			 "%s is not a folder of yours that only you can write "
			 "(set TESS_INSTANCE_DIR to another)",
			 buf);
		return -1;
	}
	return 0;
}

/* Reads pid's state (field 3 of /proc/PID/stat: 'R', 'S', 'Z', ...) and
 * start time (field 22); false when there is no such process. */
static bool process_stat(pid_t pid, char *state, unsigned long long *start)
{
	char path[64], line[1024], *p;
	size_t got;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	/* Whole, not a line: the name may hold a newline. */
	got = fread(line, 1, sizeof(line) - 1, f);
	fclose(f);
	line[got] = '\0';
	/* The name in parentheses may hold spaces and ')': count from the
	 * last one; " S " (field 3) follows it. */
	p = strrchr(line, ')');
	if (!p || p[1] != ' ' || !p[2])
		return false;
	*state = p[2];
	p++;
	for (int field = 3; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return false;
	*start = strtoull(p + 1, NULL, 10);
	return true;
}

unsigned long long tess_process_start(pid_t pid)
{
	unsigned long long start;
	char state;

	return process_stat(pid, &state, &start) ? start : 0;
}

/* Whether the process is the one recorded, and not a zombie. */
bool tess_instance_alive(const struct tess_instance *inst)
{
	unsigned long long start;
	char state;

	return inst->pid > 0 && process_stat(inst->pid, &state, &start) &&
	       start == inst->pid_start && state != 'Z';
}

void tess_instance_path(char *buf, size_t size, const char *base,
			const char *name, const char *suffix)
{
	tess_path(buf, size, "%s/%s%s", base, name, suffix);
}

static int write_all(int fd, const char *text)
{
	size_t len = strlen(text);

	return write(fd, text, len) == (ssize_t)len ? 0 : errno ? -errno : -EIO;
}

int tess_instance_write(int fd, const struct tess_instance *inst)
{
	char text[TESS_PATH_MAX + 512];
	int err;

	snprintf(text, sizeof(text),
		 "pid=%d\npid_start=%llu\nplat=%s\nmonitor=%s\nmem=%s\n"
		 "started=%lld\ndetached=%d\nimage=%s\n",
		 (int)inst->pid, inst->pid_start, inst->plat, inst->monitor,
		 inst->mem, inst->started, inst->detached ? 1 : 0, inst->image);
	err = write_all(fd, text);
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

/* Through a temporary file and a rename: a reader sees all or nothing. */
int tess_instance_status_write(const char *base, const char *name,
			       int wait_status)
{
	char path[TESS_PATH_MAX], tmp[TESS_PATH_MAX], text[32];
	int fd, err;

	snprintf(text, sizeof(text), "%d\n", wait_status);
	tess_instance_path(path, sizeof(path), base, name, ".status");
	tess_instance_path(tmp, sizeof(tmp), base, name, ".status-new");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	err = write_all(fd, text);
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

/* Copies the value of "key=" from line into buf; whether it was key. */
static bool take_value(const char *line, const char *key, char *buf,
		       size_t size)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) != 0 || line[n] != '=')
		return false;
	snprintf(buf, size, "%s", line + n + 1);
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

int tess_instance_load(const char *base, const char *name,
		       struct tess_instance *inst)
{
	char path[TESS_PATH_MAX], line[TESS_PATH_MAX + 16], value[64];
	bool have_pid = false, have_start = false;
	char wanted[sizeof(inst->name)];
	FILE *f;

	/* name may be inst->name: copied before inst is cleared. */
	snprintf(wanted, sizeof(wanted), "%s", name);
	memset(inst, 0, sizeof(*inst));
	inst->status = -1;
	snprintf(inst->name, sizeof(inst->name), "%s", wanted);
	name = inst->name;
	tess_instance_path(path, sizeof(path), base, name, "");
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (take_value(line, "pid", value, sizeof(value)))
			have_pid = (inst->pid = atoi(value)) > 0;
		else if (take_value(line, "pid_start", value, sizeof(value)))
			have_start = (inst->pid_start =
					      strtoull(value, NULL, 10)) != 0;
		else if (take_value(line, "started", value, sizeof(value)))
			inst->started = atoll(value);
		else if (take_value(line, "detached", value, sizeof(value)))
			inst->detached = strcmp(value, "1") == 0;
		else
			(void)(take_value(line, "plat", inst->plat,
					  sizeof(inst->plat)) ||
			       take_value(line, "monitor", inst->monitor,
					  sizeof(inst->monitor)) ||
			       take_value(line, "mem", inst->mem,
					  sizeof(inst->mem)) ||
			       take_value(line, "image", inst->image,
					  sizeof(inst->image)));
	}
	fclose(f);
	if (!have_pid || !have_start)
		return -EBADMSG;
	tess_instance_path(path, sizeof(path), base, name, ".status");
	f = fopen(path, "re");
	if (f) {
		if (fgets(line, sizeof(line), f))
			inst->status = atoi(line);
		fclose(f);
	}
	return 0;
}

void tess_instance_remove(const char *base, const char *name, bool all)
{
	static const char *const suffixes[] = {".log", ".status",
					       ".status-new"};
	char path[TESS_PATH_MAX];

	tess_instance_path(path, sizeof(path), base, name, "");
	unlink(path);
	for (size_t i = 0; all && i < sizeof(suffixes) / sizeof(suffixes[0]);
	     i++) {
		tess_instance_path(path, sizeof(path), base, name, suffixes[i]);
		unlink(path);
	}
}

/* Creates BASE/name for writing; a record of a process that is gone (a
 * tess killed with SIGKILL) and is no detached instance's result is
 * stale, and taken over. The open file in *fd. */
static int claim(const char *base, const char *name, int *fd)
{
	char path[TESS_PATH_MAX];
	struct tess_instance old;

	tess_instance_path(path, sizeof(path), base, name, "");
	for (int attempt = 0; attempt < 2; attempt++) {
		*fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (*fd >= 0)
			return 0;
		if (errno != EEXIST)
			return -errno;
		if (tess_instance_load(base, name, &old) < 0 ||
		    tess_instance_alive(&old) || old.detached)
			return -EEXIST;
		tess_instance_remove(base, name, true);
	}
	return -EEXIST;
}

int tess_instance_claim(const char *base, char *name, size_t size,
			const char *wanted, const char *image, int *fd)
{
	static const char *const suffixes[] = {"_kvm-" TESS_ARCH,
					       "_linuxu-" TESS_ARCH};
	char stem[TESS_APP_NAME_MAX + 1];
	const char *file = strrchr(image, '/');
	size_t len;
	int err;

	if (wanted) {
		err = claim(base, wanted, fd);
		if (!err)
			snprintf(name, size, "%s", wanted);
		return err;
	}
	/* The image's name without its _PLAT-ARCH suffix, in the characters
	 * of an instance name, then -1, -2, ... */
	file = file ? file + 1 : image;
	len = strlen(file);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t n = strlen(suffixes[i]);

		if (len > n && strcmp(file + len - n, suffixes[i]) == 0)
			len -= n;
	}
	if (len > TESS_APP_NAME_MAX - 8)
		len = TESS_APP_NAME_MAX - 8;
	for (size_t i = 0; i < len; i++) {
		char c = file[i];

		stem[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
					  c == '_' || (c == '-' && i > 0)
				  ? c
				  : 'x';
	}
	stem[len] = '\0';
	if (len == 0)
		snprintf(stem, sizeof(stem), "vm");
	for (int n = 1; n < 100000; n++) {
		char candidate[TESS_APP_NAME_MAX + 16];

		snprintf(candidate, sizeof(candidate), "%s-%d", stem, n);
		err = claim(base, candidate, fd);
		if (!err) {
			snprintf(name, size, "%s", candidate);
			return 0;
		}
		if (err != -EEXIST)
			return err;
	}
	return -EEXIST;
}
