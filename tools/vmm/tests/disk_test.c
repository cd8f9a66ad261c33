/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of --disk FILE[,ro]: the spec, each refusal with its kind
 * and words (missing, not a disk, no permission, locked by whom), the
 * locks two instances take (one writer, or any number of readers), and
 * the backend's reads, writes and flushes on a real file.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOST_CHECK_PREFIX "disk: "
#include "../../common/host_check.h"
#include "../disk.h"

static char dir[] = "/tmp/tess-disk-test-XXXXXX";
static char why[512];

static enum disk_error open_spec(const char *spec_text, struct disk *d)
{
	static char spec[8][300];
	static int next;
	char *spec_copy = spec[next++ % 8];
	enum disk_error err;

	snprintf(spec_copy, 300, "%s", spec_text);
	err = disk_parse(spec_copy, d);
	if (err)
		return err;
	why[0] = '\0';
	return disk_open(d, why, sizeof(why));
}

static void make_file(const char *path, size_t size, mode_t mode)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, mode);

	if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
}

static void test_spec_and_refusals(void)
{
	char path[300], spec[300];
	struct disk d;

	snprintf(spec, sizeof(spec), "%s", "");
	check(disk_parse(spec, &d) == DISK_BAD_SPEC, "an empty spec is refused");
	snprintf(spec, sizeof(spec), "%s", "a.img,ro");
	check(disk_parse(spec, &d) == DISK_OK && d.read_only &&
		      strcmp(d.path, "a.img") == 0,
	      "FILE,ro is read-only");
	snprintf(spec, sizeof(spec), "%s", "b,c.img");
	check(disk_parse(spec, &d) == DISK_OK && !d.read_only &&
		      strcmp(d.path, "b,c.img") == 0,
	      "a comma in the file name stays in it");
	snprintf(path, sizeof(path), "%s/missing.img", dir);
	check(open_spec(path, &d) == DISK_MISSING &&
		      strstr(why, "No such file") && strstr(why, path),
	      "a missing file is DISK_MISSING, named");
	check(open_spec(dir, &d) == DISK_NOT_DISK &&
		      strstr(why, "not a regular file"),
	      "a folder is not a disk");
	snprintf(path, sizeof(path), "%s/empty.img", dir);
	make_file(path, 100, 0600);
	check(open_spec(path, &d) == DISK_NOT_DISK &&
		      strstr(why, "no whole 512-byte sector"),
	      "a file below one sector is not a disk");
}

/* As a user who may not write the file (root drops to nobody in a
 * child): DISK_DENIED, with the ,ro hint. */
static void test_denied(void)
{
	char path[300];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/theirs.img", dir);
	make_file(path, 4096, 0644);
	pid = fork();
	if (pid == 0) {
		struct disk d;

		if (getuid() == 0 && setuid(65534) < 0)
			_exit(3);
		if (open_spec(path, &d) != DISK_DENIED ||
		    !strstr(why, "FILE,ro"))
			_exit(1);
		/* Read-only it may open (the file is world-readable). */
		_exit(open_spec(strcat(path, ",ro"), &d) == DISK_OK ? 0 : 4);
	}
	if (getuid() != 0)
		chmod(path, 0444); /* the child is us: make it not ours to write */
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "no permission to write is DISK_DENIED with the ,ro hint; "
	      "read-only opens");
}

static void test_locks(void)
{
	char path[300], ro[310], pid_text[64];
	struct disk writer = {.fd = -1}, second = {.fd = -1},
		    reader1 = {.fd = -1}, reader2 = {.fd = -1};

	snprintf(path, sizeof(path), "%s/shared.img", dir);
	snprintf(ro, sizeof(ro), "%s,ro", path);
	make_file(path, 1 << 20, 0600);
	snprintf(pid_text, sizeof(pid_text), "pid %d (", (int)getpid());
	check(open_spec(path, &writer) == DISK_OK && writer.size == 1 << 20,
	      "a writer opens and locks the disk");
	check(open_spec(path, &second) == DISK_LOCKED &&
		      strstr(why, pid_text) && strstr(why, "one instance may write"),
	      "a second writer is DISK_LOCKED, naming the holder's pid");
	check(open_spec(ro, &reader1) == DISK_LOCKED &&
		      strstr(why, "being written"),
	      "a reader is refused while a writer has it");
	close(writer.fd);
	check(open_spec(ro, &reader1) == DISK_OK &&
		      open_spec(ro, &reader2) == DISK_OK,
	      "two readers share it");
	check(open_spec(path, &second) == DISK_LOCKED,
	      "a writer is refused while readers have it");
	close(reader1.fd);
	close(reader2.fd);
}

static void test_io(void)
{
	char path[300];
	struct disk d;
	uint8_t out[1024], in[1024];

	snprintf(path, sizeof(path), "%s/io.img", dir);
	make_file(path, 8192, 0600);
	for (unsigned int i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7 + 1);
	check(open_spec(path, &d) == DISK_OK &&
		      d.backend.write(d.backend.ctx, 4096, out, sizeof(out)) == 0 &&
		      d.backend.flush(d.backend.ctx) == 0 &&
		      d.backend.read(d.backend.ctx, 4096, in, sizeof(in)) == 0 &&
		      memcmp(in, out, sizeof(in)) == 0,
	      "written, flushed and read back through the backend");
	close(d.fd);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), ",ro");
	check(open_spec(path, &d) == DISK_OK &&
		      d.backend.write(d.backend.ctx, 0, out, 512) < 0,
	      "a read-only disk's file refuses writes (EBADF)");
	close(d.fd);
}

int main(void)
{
	char cmd[400];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	chmod(dir, 0755);
	test_spec_and_refusals();
	test_denied();
	test_locks();
	test_io();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	printf("# disk tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
