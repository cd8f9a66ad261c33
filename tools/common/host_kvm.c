/* SPDX-License-Identifier: BSD-3-Clause */
/* Probes of this host's KVM, shared by tess, tess-vmm and the tests. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2, memmem */
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host_kvm.h"

/* A try that takes longer than this is a failure (QEMU hung). */
#define QEMU_PROBE_TIMEOUT_MS 10000

const char *host_kvm_device(void)
{
	const char *dev = getenv("TESS_KVM_DEVICE");

	return dev && *dev ? dev : "/dev/kvm";
}

int host_kvm_open(char *reason, size_t size)
{
	const char *dev = host_kvm_device();
	int fd = open(dev, O_RDWR | O_CLOEXEC), version;

	if (fd < 0) {
		snprintf(reason, size, "%s: %s%s", dev, strerror(errno),
			 errno == EACCES   ? ", add yourself to the kvm group"
			 : errno == ENOENT ? ", no KVM on this machine"
					   : "");
		return -1;
	}
	version = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION) {
		snprintf(reason, size, "%s does not speak KVM API %d", dev,
			 KVM_API_VERSION);
		close(fd);
		return -1;
	}
	return fd;
}

bool host_kvm_usable(char *reason, size_t size)
{
	int fd = host_kvm_open(reason, size);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

bool host_kvm_is_pvm(void)
{
	return access("/sys/module/kvm_pvm", F_OK) == 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * QEMU's most telling line of stderr (its first that names an error or a
 * failed assertion, else its first), without the trailing newline, into
 * reason.
 */
static void qemu_reason(const char *text, char *reason, size_t size)
{
	const char *best = NULL, *line = text;

	while (*line && !best) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if ((memmem(line, len, "error", 5) ||
		     memmem(line, len, "Assertion", 9)))
			best = line;
		line = end ? end + 1 : line + len;
	}
	if (!best)
		best = text;
	snprintf(reason, size, "%.*s", (int)strcspn(best, "\n"), best);
}

/*
 * Starts QEMU paused with `-cpu cpu` under KVM and quits it. Returns 0
 * when it started and quit cleanly, else -1 with the reason.
 */
static int qemu_try(const char *program, const char *cpu, char *reason,
		    size_t size)
{
	char *const argv[] = {
		(char *)program, "-M", "microvm,x-option-roms=off", "-accel",
		"kvm", "-cpu", (char *)cpu, "-m", "8M", "-nodefaults",
		"-no-user-config", "-display", "none", "-S", "-monitor",
		"stdio", NULL,
	};
	int in[2], err[2], status = 0, devnull;
	char text[2048];
	size_t used = 0;
	long long deadline = now_ms() + QEMU_PROBE_TIMEOUT_MS;
	bool timed_out = false;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0)
		goto sys_error;
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		goto sys_error;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		devnull = open("/dev/null", O_WRONLY);
		dup2(in[0], STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		execvp(program, argv);
		dprintf(err[1], "cannot run %s: %s\n", program,
			strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(err[1]);
	if (pid < 0) {
		close(in[1]);
		close(err[0]);
		goto sys_error;
	}
	/* The monitor reads "quit" once QEMU is set up; a QEMU that cannot
	 * start may have ended before then, so the write may fail: SIGPIPE
	 * is ignored for it alone (QEMU's stderr says why it ended). */
	{
		struct sigaction ignore = {.sa_handler = SIG_IGN}, old;

		sigemptyset(&ignore.sa_mask);
		sigaction(SIGPIPE, &ignore, &old);
		if (write(in[1], "quit\n", 5) < 0) {
			/* QEMU already gone. */
		}
		sigaction(SIGPIPE, &old, NULL);
	}
	close(in[1]);
	for (;;) {
		struct pollfd pfd = {.fd = err[0], .events = POLLIN};
		long long left = deadline - now_ms();
		ssize_t got;

		if (left <= 0) {
			timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		got = read(err[0], text + used, sizeof(text) - 1 - used);
		if (got <= 0)
			break;
		used += (size_t)got;
		if (used == sizeof(text) - 1)
			break;
	}
	text[used] = '\0';
	close(err[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		snprintf(reason, size, "QEMU did not start within %d s",
			 QEMU_PROBE_TIMEOUT_MS / 1000);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (used > 0)
		qemu_reason(text, reason, size);
	else
		snprintf(reason, size, "QEMU %s %d",
			 WIFSIGNALED(status) ? "died of signal" : "exited with",
			 WIFSIGNALED(status) ? WTERMSIG(status)
					     : WEXITSTATUS(status));
	return -1;
sys_error:
	snprintf(reason, size, "cannot start QEMU: %s", strerror(errno));
	return -1;
}

int host_qemu_kvm_cpu(const char *program, char *cpu, size_t cpu_size,
		      char *reason, size_t reason_size)
{
	/* "max" gives the guest every feature it may use (FSGSBASE for its
	 * thread pointer, the TSC-deadline timer); the others drop only the
	 * MSR that some hosts' KVM refuses. */
	static const char *const models[] = {
		"max",
		"max,-arch-capabilities",
		"host,-arch-capabilities",
	};

	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		if (qemu_try(program, models[i], reason, reason_size) == 0) {
			snprintf(cpu, cpu_size, "%s", models[i]);
			return 0;
		}
	}
	return -1;
}
