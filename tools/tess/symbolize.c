/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Crash reports with names: while tess run runs an image in the
 * foreground on a terminal, the guest's standard error passes through a
 * small process that adds, to every backtrace line a crash report prints
 * ("#3 0x101027"), the function and file:line addr2line finds for it in
 * IMAGE.dbg (the symbols and debug information the build keeps beside the
 * stripped image). The guest's standard error is a pseudo-terminal of the
 * same size in raw mode, so it still sees a terminal there. Standard
 * output is not touched. Lines are passed on whole, as they end; what is
 * left at the end goes out as it is.
 *
 * Only on a terminal: the relay can let standard output overtake standard
 * error by a little, which a reader at a terminal never sees but a log of
 * both streams (2>&1 into a file) would keep. Redirected, the addresses
 * stay raw, in order, with the hint to resolve them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "tess.h"

static pid_t symbolizer = -1;
static int real_stderr = -1;

/* Runs addr2line -f -e DEBUG ADDR: the function and file:line, without
 * their newlines, in func and where. Returns 0, or -1 when it failed or
 * knows nothing ("??"). */
static int addr2line(const char *program, const char *debug, uint64_t addr,
		     char *func, size_t func_size, char *where,
		     size_t where_size)
{
	char hex[24], *argv[] = {(char *)program, "-f", "-e", (char *)debug,
				 hex, NULL};
	int out[2], status;
	FILE *f;
	pid_t pid;

	snprintf(hex, sizeof(hex), "%#llx", (unsigned long long)addr);
	if (pipe(out) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		close(out[1]);
		execv(program, argv);
		_exit(127);
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	if (!f) {
		close(out[0]);
		waitpid(pid, &status, 0);
		return -1;
	}
	func[0] = where[0] = '\0';
	if (fgets(func, (int)func_size, f))
		func[strcspn(func, "\n")] = '\0';
	if (fgets(where, (int)where_size, f))
		where[strcspn(where, "\n")] = '\0';
	fclose(f);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    strncmp(func, "??", 2) == 0 || !func[0])
		return -1;
	return 0;
}

/* Writes line (with its newline), named where it is a backtrace line. */
static void line_out(const char *line, const char *program, const char *debug,
		     const char *cwd)
{
	char func[512], where[TESS_PATH_MAX];
	unsigned int frame;
	uint64_t addr;
	size_t len = strcspn(line, "\n");
	const char *shown;

	if (tess_backtrace_line_parse(line, &frame, &addr) < 0) {
		fputs(line, stdout);
		return;
	}
	/* Past frame 0 the address is where a call returns to: the call
	 * itself is the byte before. */
	if (addr2line(program, debug, frame > 0 ? addr - 1 : addr, func,
		      sizeof(func), where, sizeof(where)) < 0) {
		fputs(line, stdout);
		return;
	}
	shown = where;
	if (cwd[0] && strncmp(where, cwd, strlen(cwd)) == 0 &&
	    where[strlen(cwd)] == '/')
		shown = where + strlen(cwd) + 1;
	/* addr2line's " (discriminator N)" says nothing to a reader. */
	where[strcspn(where, " ")] = '\0';
	if (strncmp(shown, "??", 2) == 0) /* no line information */
		printf("%.*s in %s\n", (int)len, line, func);
	else
		printf("%.*s in %s at %s\n", (int)len, line, func, shown);
}

static void __attribute__((noreturn))
symbolizer_main(int in, const char *program, const char *debug)
{
	char *line = NULL, cwd[TESS_PATH_MAX];
	size_t cap = 0;
	FILE *f = fdopen(in, "r");

	/* The guest's last words come after a ^C or tess stop: this
	 * process ends when the last writer closes the pipe. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if (!f)
		_exit(1);
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	setvbuf(stdout, NULL, _IONBF, 0);
	while (getline(&line, &cap, f) >= 0) {
		/* The hint to resolve addresses by hand is done here. */
		if (strstr(line, "resolve with: addr2line"))
			continue;
		line_out(line, program, debug, cwd);
	}
	_exit(0);
}

/* At tess's exit: the pipe's last writer goes, the symbolizer drains it. */
static void symbolizer_finish(void)
{
	int status;

	if (symbolizer <= 0)
		return;
	fflush(stderr);
	dup2(real_stderr, STDERR_FILENO);
	close(real_stderr);
	waitpid(symbolizer, &status, 0);
	symbolizer = -1;
}

/* A raw pseudo-terminal the size of fd's terminal: p[0] its master (read
 * end), p[1] its slave. Returns 0 or -1. */
static int pty_like(int fd, int p[2])
{
	struct winsize ws;
	struct termios raw;
	char *name;

	p[0] = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p[0] < 0)
		return -1;
	if (grantpt(p[0]) < 0 || unlockpt(p[0]) < 0 ||
	    !(name = ptsname(p[0])) ||
	    (p[1] = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		close(p[0]);
		return -1;
	}
	if (tcgetattr(p[1], &raw) == 0) {
		cfmakeraw(&raw);
		tcsetattr(p[1], TCSANOW, &raw);
	}
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0)
		ioctl(p[1], TIOCSWINSZ, &ws);
	return 0;
}

void tess_symbolize_stderr(const char *image)
{
	char debug[TESS_PATH_MAX], program[TESS_PATH_MAX];
	int p[2];

	tess_path(debug, sizeof(debug), "%s.dbg", image);
	if (symbolizer > 0 || !isatty(STDERR_FILENO) ||
	    access(debug, R_OK) != 0 ||
	    !tess_find_program("addr2line", program, sizeof(program)))
		return; /* raw addresses, with the hint to resolve them */
	real_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
	if (real_stderr < 0)
		return;
	if (pty_like(STDERR_FILENO, p) < 0) {
		close(real_stderr);
		real_stderr = -1;
		return;
	}
	fflush(NULL);
	symbolizer = fork();
	if (symbolizer < 0) {
		close(p[0]);
		close(p[1]);
		return;
	}
	if (symbolizer == 0) {
		close(p[1]);
		dup2(real_stderr, STDOUT_FILENO);
		close(real_stderr);
		symbolizer_main(p[0], program, debug);
	}
	close(p[0]);
	dup2(p[1], STDERR_FILENO);
	close(p[1]);
	atexit(symbolizer_finish);
}
