/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tess run: starts an image (building it first when given an
 * application). kvm images go to tess-vmm when /dev/kvm is usable, else
 * to QEMU in software emulation (said on stderr); linuxu images run as
 * plain processes.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../common/host_image.h"
#include "tess.h"
#include "../vmm/disk_device.h"
#include "../vmm/net_device.h"
#include "../vmm/p9_server.h"
#include "../../plat/kvm/include/tess/kvm_abi.h"


struct run_request {
	const char *image;
	const char *plat;
	const char *mem; /* as given; NULL for the monitor's default */
	uint64_t mem_bytes;
	bool trace_boot, qemu, detach;
	bool remove; /* --rm: a detached instance leaves no record */
	const char *name; /* --name, or NULL for one made from the image */
	char qemu_cpu[64]; /* QEMU's -cpu under KVM (host_qemu_kvm_cpu) */
	char **args;	  /* the guest's, after "--" */
	int nargs;
	const char *disks[TESS_ARGS_MANY_MAX]; /* --disk FILE[,ro], in order */
	int ndisks;
	const char *nets[TESS_ARGS_MANY_MAX]; /* --net tap:IFNAME[,mac=M] */
	int nnets;
	const char *initrd; /* --initrd FILE|DIR as given, or NULL */
	struct tess_volume *volumes; /* -v HOSTDIR:GUESTDIR[:ro], checked */
	int nvolumes;
};

/*
 * --initrd: a file is given as it is; a folder is packed into a cpio
 * archive in a temporary file that is unlinked at once and reached
 * through /proc/self/fd by the monitor, QEMU or the linuxu image (which
 * inherit the descriptor), so nothing is left behind however the run
 * ends. Returns the path to give, or NULL without --initrd.
 */
static const char *initrd_take(const struct tess_cmd *cmd,
			       const struct run_request *req)
{
	static char path[64];
	char tmp[] = "/tmp/tess-initrd-XXXXXX", why[TESS_PATH_MAX + 100];
	struct stat st;
	int fd, err;

	if (!req->initrd)
		return NULL;
	if (path[0])
		return path;
	if (stat(req->initrd, &st) < 0)
		tess_fail(cmd, TESS_EXIT_NOT_FOUND, "--initrd %s: %s",
			  req->initrd, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return req->initrd;
	fd = mkstemp(tmp);
	if (fd < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "cannot create %s: %s", tmp,
			  strerror(errno));
	unlink(tmp);
	err = tess_initrd_pack(req->initrd, fd, why, sizeof(why));
	if (err)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "--initrd %s: cannot pack %s",
			  req->initrd, why);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return path;
}

/* How the image runs: its monitor, and whether QEMU uses KVM. */
enum runner { RUN_LINUXU, RUN_VMM, RUN_QEMU_TCG, RUN_QEMU_KVM };

/* What the image file says of itself: its kind, and (1: none; -1:
 * malformed) the guest memory its note asks for (host_image.h). */
static enum tess_image_kind image_facts(const char *path, int *mem_found,
					uint64_t *mem)
{
	enum tess_image_kind kind = TESS_IMAGE_NOT_ELF;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	*mem_found = 1;
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			       fd, 0);

		if (p != MAP_FAILED) {
			kind = tess_image_kind(p, (size_t)st.st_size);
			*mem_found = tess_image_mem(p, (size_t)st.st_size, mem);
			munmap(p, (size_t)st.st_size);
		}
	}
	if (fd >= 0)
		close(fd);
	return kind;
}

/* The image's platform: its ELF note, else its file name, else NULL. */
static const char *image_plat(const char *path)
{
	uint64_t mem;
	int mem_found;
	enum tess_image_kind kind = image_facts(path, &mem_found, &mem);

	if (kind == TESS_IMAGE_KVM)
		return "kvm";
	if (kind == TESS_IMAGE_LINUXU)
		return "linuxu";
	return tess_image_plat_from_name(path);
}

static bool args_have_separator(const struct run_request *req)
{
	for (int i = 0; i < req->nargs; i++)
		if (strcmp(req->args[i], "--") == 0)
			return true;
	return false;
}

/* A refused device's status: the monitor's, but tess's own for a system
 * call that failed (as for every other such failure of tess). */
static int device_status(int monitor_status)
{
	return monitor_status == TESS_KVM_STATUS_BAD_EXIT ? TESS_EXIT_SYSTEM
							   : monitor_status;
}

/*
 * The disks of a linuxu image or of QEMU: each --disk opened and locked
 * here with tess-vmm's code, for the same refusals and statuses. The lock
 * lives as long as the descriptor: a linuxu image inherits it
 * (linuxu-blk.fd=FD[,ro], the option in options[i]); under QEMU tess
 * holds it while QEMU runs.
 */
static void disks_take(const struct tess_cmd *cmd,
		       const struct run_request *req, char options[][32])
{
	for (int i = 0; i < req->ndisks; i++) {
		char spec[TESS_PATH_MAX], why[TESS_PATH_MAX + 200];
		struct disk d;
		enum disk_error err;

		snprintf(spec, sizeof(spec), "%s", req->disks[i]);
		err = disk_take(spec, &d, why, sizeof(why));
		if (err != DISK_OK)
			tess_fail(cmd, device_status(disk_device_status(err)),
				  "%s", why);
		/* Inherited by the image's process. */
		fcntl(d.fd, F_SETFD, 0);
		snprintf(options[i], 32, "linuxu-blk.fd=%d%s", d.fd,
			 d.read_only ? ",ro" : "");
	}
}

/* --net number i attached here with tess-vmm's code (the same refusals
 * and statuses): its descriptor, with *spec parsed and mac its MAC as
 * text. */
static int tap_take(const struct tess_cmd *cmd, const struct run_request *req,
		    int i, struct tap_spec *spec, char mac[18])
{
	char why[512];
	enum tap_error err;
	int fd;

	if (tap_spec_parse(req->nets[i], (unsigned int)i, spec, why,
			   sizeof(why)) < 0)
		tess_usage_error(cmd, "%s", why);
	err = tap_open(spec->ifname, &fd, why, sizeof(why));
	if (err != TAP_OK)
		tess_fail(cmd, device_status(net_device_status(err)), "%s", why);
	snprintf(mac, 18, "%02x:%02x:%02x:%02x:%02x:%02x", spec->mac[0],
		 spec->mac[1], spec->mac[2], spec->mac[3], spec->mac[4],
		 spec->mac[5]);
	return fd;
}

/* A linuxu image's network devices: each tap's descriptor passed on
 * (linuxu-net.fd=FD,mac=M,mtu=N, the option in options[i]). */
static void linuxu_nets(const struct tess_cmd *cmd,
			const struct run_request *req, char options[][64])
{
	for (int i = 0; i < req->nnets; i++) {
		struct tap_spec spec;
		char mac[18];
		int fd = tap_take(cmd, req, i, &spec, mac);
		int mtu = tap_mtu(spec.ifname);

		fcntl(fd, F_SETFD, 0); /* inherited by the image */
		snprintf(options[i], 64, "linuxu-net.fd=%d,mac=%s,mtu=%d", fd,
			 mac, mtu > 0 ? mtu : 1500);
	}
}

/*
 * A linuxu image is a process. --mem becomes the library option
 * plat.mem=SIZE, which goes before the guest's "--" (added when the
 * guest's arguments have none, so they all stay the application's).
 * in_place: the image replaces this process (a detached instance's, whose
 * supervisor keeps the record); else tess runs it as a child and waits, so
 * the record goes when it ends, and passes SIGTERM, SIGINT and SIGHUP on
 * to it. The status is main's, or 128 + the signal that killed it.
 */
static int run_linuxu(const struct tess_cmd *cmd, const struct run_request *req,
		      bool in_place)
{
	char **argv = calloc((size_t)(req->nargs + req->ndisks + req->nnets +
				      req->nvolumes) +
				     5,
			     sizeof(*argv));
	const char *initrd = initrd_take(cmd, req);
	char mem_option[300], program[TESS_PATH_MAX], initrd_option[300];
	char disk_options[TESS_ARGS_MANY_MAX][32];
	char net_options[TESS_ARGS_MANY_MAX][64];
	char share_options[TESS_ARGS_MANY_MAX][64];
	int n = 0, status, err;

	if (!argv)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "out of memory");
	if (req->trace_boot)
		fprintf(stderr,
			"tess run: --trace-boot is for kvm images; ignored\n");
	/* A path, so that tess_spawn's PATH search cannot pick another. */
	tess_path(program, sizeof(program), "%s%s",
		  strchr(req->image, '/') ? "" : "./", req->image);
	argv[n++] = program;
	disks_take(cmd, req, disk_options);
	for (int i = 0; i < req->ndisks; i++)
		argv[n++] = disk_options[i];
	linuxu_nets(cmd, req, net_options);
	for (int i = 0; i < req->nnets; i++)
		argv[n++] = net_options[i];
	/* Volumes: their servers run here (so never in place). */
	tess_shares_serve(cmd, req->volumes, req->nvolumes, share_options);
	for (int i = 0; i < req->nvolumes; i++)
		argv[n++] = share_options[i];
	if (req->mem) {
		snprintf(mem_option, sizeof(mem_option), "plat.mem=%s",
			 req->mem);
		argv[n++] = mem_option;
	}
	if (initrd) {
		snprintf(initrd_option, sizeof(initrd_option),
			 "plat.initrd=%s", initrd);
		argv[n++] = initrd_option;
	}
	if ((req->mem || req->ndisks || req->nnets || req->nvolumes ||
	     initrd) &&
	    !args_have_separator(req))
		argv[n++] = "--";
	for (int i = 0; i < req->nargs; i++)
		argv[n++] = req->args[i];
	argv[n] = NULL;
	fflush(NULL);
	if (in_place) {
		execv(program, argv);
		tess_fail(cmd,
			  errno == ENOENT ? TESS_EXIT_NOT_FOUND
					  : TESS_EXIT_SYSTEM,
			  "cannot run %s: %s", req->image, strerror(errno));
	}
	tess_spawn_forward_signals();
	err = tess_spawn(argv, false, &status);
	free(argv);
	tess_shares_stop();
	if (err)
		tess_fail(cmd,
			  err == -ENOENT ? TESS_EXIT_NOT_FOUND
					 : TESS_EXIT_SYSTEM,
			  "cannot run %s: %s", req->image, strerror(-err));
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status)
				   : WEXITSTATUS(status);
}

/* tools/vmm's main, linked in (see the Makefile). */
int tess_vmm_main(int argc, char *argv[]);

/* Runs the monitor in this process, with the command line tess-vmm would
 * get; its exit status is the guest's or the monitor's. */
static int run_vmm(const struct tess_cmd *cmd, const struct run_request *req)
{
	char vmm[] = "tess-vmm";
	char **argv = calloc((size_t)(req->nargs + 2 * req->ndisks +
				      2 * req->nnets + 2 * req->nvolumes) +
				     8,
			     sizeof(*argv));
	char *shares[TESS_ARGS_MANY_MAX] = {0};
	int n = 0;

	if (!argv)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "out of memory");
	argv[n++] = vmm;
	if (req->mem) {
		argv[n++] = "--mem";
		argv[n++] = (char *)req->mem;
	}
	for (int i = 0; i < req->ndisks; i++) {
		argv[n++] = "--disk";
		argv[n++] = (char *)req->disks[i];
	}
	for (int i = 0; i < req->nnets; i++) {
		argv[n++] = "--net";
		argv[n++] = (char *)req->nets[i];
	}
	for (int i = 0; i < req->nvolumes; i++) {
		const struct tess_volume *v = &req->volumes[i];

		if (asprintf(&shares[i], "%s,tag=%s%s", v->host, v->tag,
			     v->read_only ? ",ro" : "") < 0)
			tess_fail(cmd, TESS_EXIT_SYSTEM, "out of memory");
		argv[n++] = "--share";
		argv[n++] = shares[i];
	}
	if (req->initrd) {
		argv[n++] = "--initrd";
		argv[n++] = (char *)initrd_take(cmd, req);
	}
	if (req->trace_boot)
		argv[n++] = "--trace-boot";
	argv[n++] = (char *)req->image;
	argv[n++] = "--";
	for (int i = 0; i < req->nargs; i++)
		argv[n++] = req->args[i];
	argv[n] = NULL;
	fflush(NULL);
	n = tess_vmm_main(n, argv);
	free(argv);
	for (int i = 0; i < req->nvolumes; i++)
		free(shares[i]);
	return n;
}

/*
 * QEMU's devices for --disk and --net: checked first with tess-vmm's
 * code, for the same refusals and statuses. A disk stays open and locked
 * here while QEMU runs (QEMU's own locks are of another kind, which a
 * tess-vmm instance would not see); a tap is let go for QEMU to attach.
 */
static void qemu_devices(const struct tess_cmd *cmd,
			 const struct run_request *req,
			 struct tess_qemu_config *config)
{
	static char buf[8 * TESS_PATH_MAX], macs[TESS_ARGS_MANY_MAX][18];
	static char share_buf[8 * TESS_PATH_MAX];
	static const char *argv[4 * TESS_ARGS_MANY_MAX + 2];
	int nshare;
	const char *taps[TESS_ARGS_MANY_MAX], *mac_list[TESS_ARGS_MANY_MAX];
	static struct tap_spec specs[TESS_ARGS_MANY_MAX];
	char disk_options[TESS_ARGS_MANY_MAX][32];

	disks_take(cmd, req, disk_options); /* opens and locks them */
	for (int i = 0; i < req->nnets; i++) {
		close(tap_take(cmd, req, i, &specs[i], macs[i]));
		taps[i] = specs[i].ifname;
		mac_list[i] = macs[i];
	}
	config->nextra = tess_qemu_device_args(req->disks, req->ndisks, taps,
					       mac_list, req->nnets, buf,
					       sizeof(buf), argv,
					       sizeof(argv) / sizeof(argv[0]));
	if (config->nextra < 0)
		tess_usage_error(cmd, "the devices' QEMU options are too long");
	nshare = tess_qemu_share_args(req->volumes, req->nvolumes, share_buf,
				      sizeof(share_buf), argv + config->nextra,
				      sizeof(argv) / sizeof(argv[0]) - 2 -
					      (size_t)config->nextra);
	if (nshare < 0)
		tess_usage_error(cmd, "the volumes' QEMU options are too long");
	config->nextra += nshare;
	if (req->initrd) {
		argv[config->nextra++] = "-initrd";
		argv[config->nextra++] = initrd_take(cmd, req);
	}
	config->extra = argv;
}

/* Runs QEMU, waits, and turns its exit status back into the guest's. */
static int run_qemu(const struct tess_cmd *cmd, const struct run_request *req,
		    bool accel_kvm)
{
	char program[TESS_PATH_MAX], cmdline[TESS_CMDLINE_MAX], mem[32];
	const char *argv[TESS_QEMU_ARGV_MAX];
	struct tess_qemu_config config = {
		.program = program,
		.image = req->image,
		.cmdline = cmdline,
		.mem_bytes = req->mem ? req->mem_bytes : TESS_KVM_MEM_DEFAULT,
		.accel_kvm = accel_kvm,
		.cpu = accel_kvm ? req->qemu_cpu : NULL,
	};
	uint64_t tsc_khz = tess_host_tsc_khz();
	char status_path[] = "/tmp/tess-status-XXXXXX", chardev[64];
	unsigned char status_bytes[2];
	ssize_t status_len;
	int status, err, guest, status_fd;

	if (!tess_find_program("qemu-system-x86_64", program, sizeof(program)))
		tess_fail(cmd, TESS_EXIT_NO_TOOL,
			  "qemu-system-x86_64 not found in PATH; it is in the "
			  "Debian package qemu-system-x86 (apt-get install "
			  "qemu-system-x86)");
	if (!req->mem) {
		/* The memory the image asks for, as tess-vmm gives it. */
		int found;

		image_facts(req->image, &found, &config.mem_bytes);
		if (found < 0)
			tess_fail(cmd, TESS_EXIT_USAGE,
				  "%s: its memory note (TESS_KVM_NOTE_MEM) is "
				  "malformed or asks for a size outside "
				  "64K-3G",
				  req->image);
	}
	if (req->trace_boot)
		fprintf(stderr, "tess run: --trace-boot needs tess-vmm; "
				"ignored under QEMU\n");
	if (accel_kvm)
		fprintf(stderr, "tess run: running under QEMU with KVM (-cpu %s)\n",
			req->qemu_cpu);
	if (tsc_khz == 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM,
			  "cannot tell the host's TSC frequency, which the "
			  "guest needs under QEMU");
	if (tess_qemu_cmdline(cmdline, sizeof(cmdline), req->image, tsc_khz,
			      req->args, req->nargs) < 0)
		tess_usage_error(cmd,
				 "guest command line too long (limit %d bytes)",
				 TESS_CMDLINE_MAX - 1);
	qemu_devices(cmd, req, &config);
	status_fd = mkstemp(status_path);
	if (status_fd < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "cannot create %s: %s",
			  status_path, strerror(errno));
	snprintf(chardev, sizeof(chardev), "file,id=tess-status,path=%s",
		 status_path);
	config.status_chardev = chardev;
	tess_spawn_forward_signals();
	if (tess_qemu_argv(&config, mem, sizeof(mem), argv,
			   TESS_QEMU_ARGV_MAX) < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM,
			  "QEMU command line does not fit");
	err = tess_spawn((char *const *)argv, false, &status);
	status_len = read(status_fd, status_bytes, sizeof(status_bytes));
	close(status_fd);
	unlink(status_path);
	if (err)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "cannot run %s: %s", program,
			  strerror(-err));
	if (WIFSIGNALED(status))
		tess_fail(cmd, 128 + WTERMSIG(status),
			  "QEMU was killed by signal %d", WTERMSIG(status));
	/* Stopped (tess stop, Ctrl-C): QEMU ends with 0 on SIGTERM. */
	if (tess_spawn_forwarded())
		tess_fail(cmd, 128 + tess_spawn_forwarded(),
			  "stopped by signal %d", tess_spawn_forwarded());
	guest = tess_qemu_guest_status(WEXITSTATUS(status), status_bytes,
				       status_len > 0 ? (size_t)status_len : 0);
	if (guest >= 0)
		return guest;
	if (WEXITSTATUS(status) == 0)
		tess_fail(cmd, TESS_EXIT_GUEST_FAILED,
			  "the guest ended without an exit status (reset, "
			  "power-off or triple fault); QEMU exited with 0");
	tess_fail(
		cmd, TESS_EXIT_GUEST_FAILED,
		"QEMU failed (status %d) before the guest gave an exit status",
		WEXITSTATUS(status));
}

static const char *const runner_names[] = {
	[RUN_LINUXU] = "process",
	[RUN_VMM] = "tess-vmm",
	[RUN_QEMU_TCG] = "qemu-tcg",
	[RUN_QEMU_KVM] = "qemu-kvm",
};

static int run_with(const struct tess_cmd *cmd, const struct run_request *req,
		    enum runner runner)
{
	switch (runner) {
	case RUN_LINUXU:
		/* A volume's server is a thread of the tess that waits. */
		return run_linuxu(cmd, req, req->detach && !req->nvolumes);
	case RUN_VMM: return run_vmm(cmd, req);
	default: return run_qemu(cmd, req, runner == RUN_QEMU_KVM);
	}
}

/* The record of a foreground run, removed when tess exits. */
static char record_base[TESS_PATH_MAX];
static char record_name[TESS_APP_NAME_MAX + 1];
static int record_fd = -1; /* the claimed record, until written */

static void record_remove(void)
{
	if (record_name[0])
		tess_instance_remove(record_base, record_name, false);
}

static void record_fill(struct tess_instance *inst,
			const struct run_request *req, enum runner runner,
			pid_t pid)
{
	char shown[TESS_PATH_MAX];

	memset(inst, 0, sizeof(*inst));
	snprintf(inst->name, sizeof(inst->name), "%s", record_name);
	inst->pid = pid;
	inst->pid_start = tess_process_start(pid);
	snprintf(inst->plat, sizeof(inst->plat), "%s", req->plat);
	snprintf(inst->monitor, sizeof(inst->monitor), "%s",
		 runner_names[runner]);
	snprintf(inst->mem, sizeof(inst->mem), "%s",
		 req->mem ? req->mem : "default");
	inst->started = (long long)time(NULL);
	inst->detached = req->detach;
	/* Absolute, so tess ps shows the same path from any folder. */
	if (!realpath(req->image, shown))
		snprintf(shown, sizeof(shown), "%s", req->image);
	/* One line per key: a newline in a file name must not add keys. */
	for (char *c = shown; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = '?';
	snprintf(inst->image, sizeof(inst->image), "%s", shown);
}

/*
 * --detach: a supervisor process, in a session of its own, runs the
 * instance in a process group of its own (so tess stop reaches QEMU too)
 * with the console in NAME.log, records it, tells the waiting tess the
 * instance is recorded, and keeps its wait status in NAME.status when it
 * ends. tess prints the instance's name and exits 0.
 */
static int run_detached(const struct tess_cmd *cmd,
			const struct run_request *req, enum runner runner)
{
	char log[TESS_PATH_MAX], ready = 0;
	struct tess_instance inst;
	int pipefd[2], fd, status;
	pid_t supervisor, vm;

	tess_instance_path(log, sizeof(log), record_base, record_name, ".log");
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "pipe: %s", strerror(errno));
	fflush(NULL);
	supervisor = fork();
	if (supervisor < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "fork: %s", strerror(errno));
	if (supervisor > 0) {
		ssize_t got;

		close(record_fd);
		close(pipefd[1]);
		do {
			got = read(pipefd[0], &ready, 1);
		} while (got < 0 && errno == EINTR);
		close(pipefd[0]);
		if (got != 1)
			tess_fail(cmd, TESS_EXIT_SYSTEM,
				  "the detached instance %s did not start "
				  "(see %s)",
				  record_name, log);
		/* The supervisor owns the record now. */
		printf("%s\n", record_name);
		record_name[0] = '\0';
		return 0;
	}
	close(pipefd[0]);
	setsid();
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		fprintf(stderr, "tess run: cannot create %s: %s\n", log,
			strerror(errno));
		_exit(TESS_EXIT_SYSTEM);
	}
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	vm = fork();
	if (vm < 0) {
		fprintf(stderr, "tess run: fork: %s\n", strerror(errno));
		_exit(TESS_EXIT_SYSTEM);
	}
	if (vm == 0) {
		close(pipefd[1]);
		close(record_fd);
		setpgid(0, 0);
		record_name[0] = '\0'; /* the supervisor's to remove */
		exit(run_with(cmd, req, runner));
	}
	setpgid(vm, vm);
	record_fill(&inst, req, runner, vm);
	if (tess_instance_write(record_fd, &inst) < 0) {
		fprintf(stderr, "tess run: cannot record %s in %s\n",
			record_name, record_base);
		kill(-vm, SIGKILL);
		_exit(TESS_EXIT_SYSTEM);
	}
	if (write(pipefd[1], &ready, 1) != 1)
		fprintf(stderr, "tess run: the starting tess went away\n");
	close(pipefd[1]);
	while (waitpid(vm, &status, 0) < 0)
		if (errno != EINTR)
			_exit(TESS_EXIT_SYSTEM);
	if (req->remove)
		tess_instance_remove(record_base, record_name, true);
	else if (tess_instance_status_write(record_base, record_name,
					    status) < 0)
		fprintf(stderr, "tess run: cannot keep the exit status\n");
	_exit(0);
}

static void __attribute__((noreturn))
name_taken(const struct tess_cmd *cmd, const char *name)
{
	tess_fail(cmd, TESS_EXIT_EXISTS,
		  "an instance named %s exists (tess ps -a; tess rm %s "
		  "removes an ended one)",
		  name, name);
}

/*
 * Runs the image as a recorded instance (tess ps lists it): in the
 * foreground, recorded under tess's own pid until tess exits (tess waits
 * for a linuxu image, as for QEMU, so the record goes with it); or
 * detached. A foreground run whose record
 * cannot be made still runs, and says why it is not listed.
 */
static int run_recorded(const struct tess_cmd *cmd,
			const struct run_request *req, enum runner runner)
{
	char why[TESS_PATH_MAX + 100];
	struct tess_instance inst;
	int err;

	if (tess_instance_base(record_base, sizeof(record_base), why,
			       sizeof(why)) < 0) {
		if (req->detach)
			tess_fail(cmd, TESS_EXIT_SYSTEM, "cannot detach: %s",
				  why);
		fprintf(stderr, "tess run: not listed in tess ps: %s\n", why);
		return run_with(cmd, req, runner);
	}
	err = tess_instance_claim(record_base, record_name, sizeof(record_name),
				  req->name, req->image, &record_fd);
	if (err == -EEXIST && req->name)
		name_taken(cmd, req->name);
	if (err < 0) {
		if (req->detach)
			tess_fail(cmd, TESS_EXIT_SYSTEM,
				  "cannot record the instance in %s: %s",
				  record_base, strerror(-err));
		fprintf(stderr, "tess run: not listed in tess ps: %s: %s\n",
			record_base, strerror(-err));
		return run_with(cmd, req, runner);
	}
	atexit(record_remove);
	if (req->detach)
		return run_detached(cmd, req, runner);
	record_fill(&inst, req, runner, getpid());
	if (tess_instance_write(record_fd, &inst) < 0)
		fprintf(stderr,
			"tess run: not listed in tess ps: cannot write "
			"%s/%s\n",
			record_base, record_name);
	err = run_with(cmd, req, runner);
	record_remove();
	record_name[0] = '\0';
	return err;
}

/*
 * --name NAME already taken: said before anything is built. (The claim
 * that records the instance is what really reserves the name; this only
 * spares the user a build that would end in the same refusal.)
 */
static void name_free_or_fail(const struct tess_cmd *cmd, const char *name)
{
	char base[TESS_PATH_MAX], why[TESS_PATH_MAX + 100];
	char path[TESS_PATH_MAX];

	if (tess_instance_base(base, sizeof(base), why, sizeof(why)) < 0)
		return;
	tess_instance_path(path, sizeof(path), base, name, "");
	if (access(path, F_OK) == 0)
		name_taken(cmd, name);
}

/*
 * Puts options (n of them, in all, which has room for them, a "--" and
 * every guest argument) before the guest's arguments, which become all.
 * Without "--" every guest argument is the application's: the options
 * then get one of their own.
 */
static void options_prepend(struct run_request *req, char **all, int n)
{
	/* Kept reachable until tess exits (LeakSanitizer, in tess-san):
	 * the guest's arguments live as long as the run. */
	static char **kept[2];
	static unsigned int nkept;
	bool has_separator = false;

	if (n == 0) {
		free(all);
		return;
	}
	if (nkept < sizeof(kept) / sizeof(kept[0]))
		kept[nkept++] = all;
	for (int i = 0; i < req->nargs; i++)
		has_separator |= strcmp(req->args[i], "--") == 0;
	if (!has_separator)
		all[n++] = "--";
	for (int i = 0; i < req->nargs; i++)
		all[n++] = req->args[i];
	req->args = all;
	req->nargs = n;
}

/*
 * -e KEY=VALUE / --env (repeatable): the application's environment, given
 * to the image as library options env=KEY=VALUE ahead of the user's own
 * (lib/boot hands them to the C library). -e KEY alone takes KEY's value
 * from tess's own environment, and is left out when it has none, as
 * docker run -e does.
 */
static void env_to_options(const struct tess_cmd *cmd,
			   const struct tess_args *args, struct run_request *req)
{
	char **all = calloc((size_t)(args->nmany + req->nargs) + 2,
			    sizeof(*all));
	int n = 0;

	if (!all)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "out of memory");
	for (int i = 0; i < args->nmany; i++) {
		const char *kv = args->many[i].value, *eq;
		const char *value;
		char *opt;

		if (strcmp(args->many[i].name, "-e") != 0 &&
		    strcmp(args->many[i].name, "--env") != 0)
			continue;
		eq = strchr(kv, '=');
		if (eq == kv || !*kv)
			tess_usage_error(cmd, "-e %s: needs KEY=VALUE or KEY",
					 kv);
		value = eq ? eq + 1 : getenv(kv);
		if (!value)
			continue;
		if (asprintf(&opt, "env=%.*s=%s",
			     (int)(eq ? (size_t)(eq - kv) : strlen(kv)), kv,
			     value) < 0)
			tess_fail(cmd, TESS_EXIT_SYSTEM, "out of memory");
		all[n++] = opt;
	}
	options_prepend(req, all, n);
}

/*
 * -v HOSTDIR:GUESTDIR[:ro] / --volume (repeatable): a host folder the
 * image mounts at GUESTDIR over 9P2000.L, with tag vN (N: its place
 * among the -v). Each is checked before anything runs (HOSTDIR a folder:
 * exit 66; GUESTDIR absolute: 64) and becomes the library option
 * 9pfs.mount=vN:GUESTDIR[:ro]; the runners add its transport (tess-vmm's
 * --share, QEMU's virtio-9p-device, linuxu-9p.fd on linuxu).
 */
static void volumes_take(const struct tess_cmd *cmd,
			 const struct tess_args *args, struct run_request *req)
{
	static struct tess_volume volumes[TESS_ARGS_MANY_MAX];
	char **options = calloc((size_t)(args->nmany + req->nargs) + 2,
				sizeof(*options));
	char why[TESS_PATH_MAX + 100];

	req->volumes = volumes;
	if (!options)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "out of memory");
	for (int i = 0; i < args->nmany; i++) {
		struct tess_volume *v = &req->volumes[req->nvolumes];
		int fd;

		if (strcmp(args->many[i].name, "-v") != 0 &&
		    strcmp(args->many[i].name, "--volume") != 0)
			continue;
		if (tess_volume_parse(args->many[i].value, v, why,
				      sizeof(why)) < 0)
			tess_usage_error(cmd, "%s", why);
		fd = p9_share_open(v->host);
		if (fd < 0)
			tess_fail(cmd,
				  fd == -EACCES || fd == -EPERM
					  ? TESS_KVM_STATUS_DEVICE_DENIED
				  : fd == -ENOENT || fd == -ENOTDIR
					  ? TESS_EXIT_NOT_FOUND
					  : TESS_EXIT_SYSTEM,
				  "-v %s: %s", v->host,
				  fd == -ENOTDIR ? "not a folder"
						 : strerror(-fd));
		close(fd);
		snprintf(v->tag, sizeof(v->tag), "v%d", req->nvolumes);
		if (asprintf(&options[req->nvolumes], "9pfs.mount=%s:%s%s",
			     v->tag, v->guest, v->read_only ? ":ro" : "") < 0)
			tess_fail(cmd, TESS_EXIT_SYSTEM, "out of memory");
		req->nvolumes++;
	}
	options_prepend(req, options, req->nvolumes);
}

/* APP or IMAGE: an existing file is an image; an application is built. */
static void resolve_target(const struct tess_cmd *cmd, const char *arg,
			   const char *plat, const char *conf,
			   struct run_request *req, char *image, size_t size)
{
	char built[TESS_PATH_MAX], shown[TESS_PATH_MAX];
	struct tess_app app;

	if (tess_is_file(arg)) {
		req->image = arg;
		req->plat = plat ? plat : image_plat(arg);
		if (!req->plat)
			tess_fail(cmd, TESS_EXIT_NOT_FOUND,
				  "%s is not a Tessera image: not an ELF file, "
				  "and its name does not end in _kvm-%s or "
				  "_linuxu-%s (--plat says which)",
				  arg, TESS_ARCH, TESS_ARCH);
		return;
	}
	if (tess_app_find(arg, &app) < 0)
		tess_app_not_found(cmd, arg, true);
	req->plat = plat ? plat : "kvm";
	tess_plat_check(cmd, req->plat);
	tess_app_make(cmd, &app, req->plat, conf, NULL, true);
	tess_app_image(&app, req->plat, conf, built, sizeof(built));
	snprintf(image, size, "%s",
		 tess_path_show(built, shown, sizeof(shown)));
	req->image = image;
}

/*
 * --qemu on a host with usable KVM: finds the -cpu model with which QEMU
 * can use this KVM (some hosts' KVM refuses an MSR that QEMU's "max"
 * model sets, and QEMU aborts). Returns false, having said why, when no
 * model works: QEMU then runs under software emulation. A missing QEMU
 * is left to run_qemu, which names its package.
 */
static bool qemu_with_kvm(struct run_request *req)
{
	char program[TESS_PATH_MAX], reason[512];

	if (!tess_find_program("qemu-system-x86_64", program, sizeof(program)))
		return true;
	if (host_qemu_kvm_cpu(program, req->qemu_cpu, sizeof(req->qemu_cpu),
			      reason, sizeof(reason)) == 0)
		return true;
	fprintf(stderr,
		"tess run: QEMU cannot use this host's KVM (%s); running it "
		"under software emulation\n",
		reason);
	return false;
}

int tess_run(const struct tess_cmd *cmd, int argc, char **argv)
{
	const char *plat = NULL, *conf = NULL;
	struct run_request req = {0};
	const struct tess_opt opts[] = {
		{"--mem", &req.mem, NULL},
		{"-m", &req.mem, NULL},
		{"--trace-boot", NULL, &req.trace_boot},
		{"--plat", &plat, NULL},
		{"--conf", &conf, NULL},
		{"--qemu", NULL, &req.qemu},
		{"--detach", NULL, &req.detach},
		{"-d", NULL, &req.detach},
		{"--name", &req.name, NULL},
		{"--rm", NULL, &req.remove},
		{"--disk", NULL, NULL},
		{"--net", NULL, NULL},
		{"-e", NULL, NULL},
		{"--env", NULL, NULL},
		{"--initrd", &req.initrd, NULL},
		{"-v", NULL, NULL},
		{"--volume", NULL, NULL},
		{NULL},
	};
	char image[TESS_PATH_MAX], reason[TESS_PATH_MAX + 100];
	struct tess_args args;

	tess_args_parse(cmd, argc, argv, opts, 1, true, &args);
	if (args.npositional == 0)
		tess_usage_error(cmd, "no image or application given");
	if (req.mem && tess_size_parse(req.mem, &req.mem_bytes) < 0)
		tess_usage_error(
			cmd, "--mem needs a size such as 512K or 64M, not '%s'",
			req.mem);
	if (plat)
		tess_plat_check(cmd, plat);
	if (req.name && tess_app_name_problem(req.name))
		tess_usage_error(cmd, "--name %s: %s", req.name,
				 tess_app_name_problem(req.name));
	req.args = args.rest;
	req.nargs = args.nrest;
	for (int i = 0; i < args.nmany; i++)
		if (strcmp(args.many[i].name, "--disk") == 0)
			req.disks[req.ndisks++] = args.many[i].value;
		else if (strcmp(args.many[i].name, "--net") == 0)
			req.nets[req.nnets++] = args.many[i].value;
	env_to_options(cmd, &args, &req);
	volumes_take(cmd, &args, &req);
	if (req.name)
		name_free_or_fail(cmd, req.name);
	resolve_target(cmd, args.positional[0], plat, conf, &req, image,
		       sizeof(image));
	/* Crash reports name functions and lines (a detached instance's
	 * log keeps the raw addresses, with the hint to resolve them). */
	if (!req.detach)
		tess_symbolize_stderr(req.image);
	if (strcmp(req.plat, "linuxu") == 0) {
		if (req.qemu)
			tess_usage_error(
				cmd,
				"--qemu runs kvm images; %s is a linuxu image",
				req.image);
		return run_recorded(cmd, &req, RUN_LINUXU);
	}
	if (strcmp(req.plat, "kvm") != 0)
		tess_fail(cmd, TESS_EXIT_USAGE,
			  "cannot run images of platform %s", req.plat);
	if (req.mem && !tess_kvm_mem_valid(req.mem_bytes))
		tess_usage_error(cmd,
				 "--mem %s: a kvm guest takes whole 4K pages "
				 "from 64K to 3G",
				 req.mem);
	if (!host_kvm_usable(reason, sizeof(reason))) {
		fprintf(stderr,
			"tess run: /dev/kvm not usable (%s); falling back to "
			"QEMU software emulation\n",
			reason);
		return run_recorded(cmd, &req, RUN_QEMU_TCG);
	}
	if (!req.qemu)
		return run_recorded(cmd, &req, RUN_VMM);
	return run_recorded(cmd, &req, qemu_with_kvm(&req) ? RUN_QEMU_KVM
							    : RUN_QEMU_TCG);
}
