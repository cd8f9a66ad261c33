/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tess command-line tool: shared declarations of its subcommands, its
 * helpers (options, applications, child processes) and its pure functions
 * (parse.c, qemu.c, image.c), which the host unit tests cover.
 */
#ifndef TESS_TOOL_H
#define TESS_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../common/host_kvm.h"
#include "../common/host_parse.h"

/*
 * Exit statuses of tess itself. `tess run` otherwise exits with the
 * guest's status (or tess-vmm's, see docs/tools-vmm.md), so these follow
 * the monitor's numbers where the meaning is the same (64, 65, 66, 68).
 */
enum tess_status {
	TESS_EXIT_USAGE = 64,	  /* bad subcommand, option or argument */
	TESS_EXIT_NO_TOOL = 65,	  /* a host program (qemu, make) is missing */
	TESS_EXIT_NOT_FOUND = 66, /* no such application, image or folder */
	TESS_EXIT_GUEST_FAILED = 68, /* QEMU ended without a guest status */
	TESS_EXIT_NO_LOG = 69, /* tess logs: the console went to a terminal */
	TESS_EXIT_BUILD_FAILED = 70, /* make failed */
	TESS_EXIT_SYSTEM = 71,	     /* fork, exec, write or mkdir failed */
	TESS_EXIT_EXISTS = 73,	     /* tess new, run --name: it exists */
	TESS_EXIT_RUNNING = 75,	     /* tess rm: the instance still runs */
};

#define TESS_ARCH     "x86_64"
#define TESS_PATH_MAX 4096

/* The Tessera tree; set once by main() before any subcommand runs. */
extern const char *tess_root;

/* A subcommand: its name, one usage line, a help paragraph, its body. */
struct tess_cmd {
	const char *name;
	const char *usage;
	const char *help;
	int (*run)(const struct tess_cmd *cmd, int argc, char **argv);
};

/* One option: "--name VALUE" (and "--name=VALUE") when value is set, else
 * a flag "--name". */
/* An option: with value, it takes one (the last given wins); with flag,
 * none; with neither, it takes one each time it is given and the values
 * are collected in order in tess_args' many[] (--disk A --disk B). */
struct tess_opt {
	const char *name;
	const char **value;
	bool *flag;
};

#define TESS_ARGS_MANY_MAX 16

/* What tess_args_parse leaves: positional arguments, then those after
 * "--" (rest), which are never taken as options. */
struct tess_args {
	const char *positional[2];
	int npositional;
	char **rest;
	int nrest;
	struct {
		const char *name; /* the option, as in its struct tess_opt */
		const char *value;
	} many[TESS_ARGS_MANY_MAX];
	int nmany;
};

void tess_args_parse(const struct tess_cmd *cmd, int argc, char **argv,
		     const struct tess_opt *opts, int max_positional,
		     bool allow_rest, struct tess_args *out);
void __attribute__((noreturn, format(printf, 2, 3)))
tess_usage_error(const struct tess_cmd *cmd, const char *fmt, ...);
void __attribute__((noreturn, format(printf, 3, 4)))
tess_fail(const struct tess_cmd *cmd, int status, const char *fmt, ...);
void tess_cmd_help(const struct tess_cmd *cmd);

/* An application folder (with a Makefile.uk). */
struct tess_app {
	char dir[TESS_PATH_MAX];      /* absolute, symlinks resolved */
	char name[256];		      /* the folder's name = image name */
	char make_arg[TESS_PATH_MAX]; /* APP= for make -C tess_root */
};

int tess_app_find(const char *arg, struct tess_app *app);
void __attribute__((noreturn))
tess_app_not_found(const struct tess_cmd *cmd, const char *arg,
		   bool image_too);
void tess_plat_check(const struct tess_cmd *cmd, const char *plat);
void tess_app_image(const struct tess_app *app, const char *plat,
		    const char *conf, char *buf, size_t size);
int tess_app_make(const struct tess_cmd *cmd, const struct tess_app *app,
		  const char *plat, const char *conf, const char *goal,
		  bool quiet_stdout);

int tess_names_in(const char *dir, bool dirs_only, char ***names);
void tess_names_free(char **names, int count);
const char *tess_path_show(const char *path, char *buf, size_t size);
void __attribute__((format(printf, 3, 4)))
tess_path(char *buf, size_t size, const char *fmt, ...);
bool tess_is_file(const char *path);
bool tess_is_dir(const char *path);
int tess_spawn(char *const argv[], bool stdout_to_stderr, int *wait_status);
/* From now on SIGTERM, SIGINT and SIGHUP to tess go to the program
 * tess_spawn runs (tess run under QEMU: tess stop ends QEMU, and tess
 * waits for it and reports). */
void tess_spawn_forward_signals(void);
/* The last signal forwarded so, or 0. */
int tess_spawn_forwarded(void);
bool tess_find_program(const char *name, char *buf, size_t size);

/* Subcommands. */
int tess_list(const struct tess_cmd *cmd, int argc, char **argv);
int tess_new(const struct tess_cmd *cmd, int argc, char **argv);
int tess_build(const struct tess_cmd *cmd, int argc, char **argv);
int tess_configure(const struct tess_cmd *cmd, int argc, char **argv);
int tess_run(const struct tess_cmd *cmd, int argc, char **argv);
int tess_ps(const struct tess_cmd *cmd, int argc, char **argv);
int tess_stop(const struct tess_cmd *cmd, int argc, char **argv);
int tess_logs(const struct tess_cmd *cmd, int argc, char **argv);
int tess_rm(const struct tess_cmd *cmd, int argc, char **argv);
int tess_host(const struct tess_cmd *cmd, int argc, char **argv);

/* parse.c: application names; sizes and command lines are the shared
 * ones of tools/common/host_parse.h. */
#define TESS_CMDLINE_MAX                                                       \
	3584 /* the kvm boot page's limit (TESS_KVM_CMDLINE_MAX), NUL included */
#define TESS_APP_NAME_MAX 64
const char *tess_app_name_problem(const char *name);
/* tess run -v HOSTDIR:GUESTDIR[:ro]: a host folder shared with the image
 * (docs/tools-tess.md), as its 9P tag (v0, v1, ... in order). */
struct tess_volume {
	char host[TESS_PATH_MAX];
	char guest[TESS_PATH_MAX];
	bool read_only;
	char tag[8];
};
int tess_volume_parse(const char *spec, struct tess_volume *v, char *why,
		      size_t why_size);
int tess_backtrace_line_parse(const char *line, unsigned int *frame,
			      uint64_t *addr);

/* symbolize.c: when standard error is a terminal, from now on this
 * process's (and its children's) passes through a process that names the
 * functions and file:line of crash-report backtraces from IMAGE.dbg;
 * nothing happens otherwise, or without IMAGE.dbg or addr2line. */
void tess_symbolize_stderr(const char *image);

/* initrd_pack.c: packs folder dir into a cpio (newc) archive written to
 * fd; 0, or -errno with the reason in why. */
int tess_initrd_pack(const char *dir, int fd, char *why, size_t whylen);

/* qemu.c: QEMU's command line and exit status. */
#define TESS_QEMU_MIN_MEM  (8ULL << 20)
#define TESS_QEMU_ARGV_MAX (34 + 4 * TESS_ARGS_MANY_MAX)
struct tess_qemu_config {
	const char *program; /* qemu-system-x86_64 (or its full path) */
	const char *image;
	const char *cmdline;
	uint64_t mem_bytes; /* raised to TESS_QEMU_MIN_MEM */
	bool accel_kvm;	    /* else TCG software emulation */
	const char *cpu;    /* -cpu value, NULL for "max" */
	/* "-chardev" value for the COM2 exit-status port, or NULL */
	const char *status_chardev;
	/* More arguments (the devices: tess_qemu_device_args), or none. */
	const char *const *extra;
	int nextra;
};
int tess_qemu_argv(const struct tess_qemu_config *config, char *mem_buf,
		   size_t mem_size, const char **argv, size_t max);
/* QEMU's arguments for --disk FILE[,ro] and --net tap:IFNAME,mac=M (the
 * MAC already chosen) as microvm virtio-mmio devices: 4 per device into
 * argv, their text in buf. Returns the count, or -1 when buf or argv is
 * too small. */
int tess_qemu_device_args(const char *const *disks, int ndisks,
			  const char *const *taps, const char *const *macs,
			  int ntaps, char *buf, size_t size, const char **argv,
			  size_t max);
/* QEMU's arguments for -v volumes: -fsdev local (security_model=none,
 * readonly=on for :ro) and -device virtio-9p-device with the volume's
 * tag: 4 per volume into argv, their text in buf. Returns the count, or
 * -1 when buf or argv is too small. */
int tess_qemu_share_args(const struct tess_volume *volumes, int n, char *buf,
			 size_t size, const char **argv, size_t max);
int tess_qemu_guest_status(int qemu_status, const unsigned char *status_bytes,
			   size_t status_len);
int tess_qemu_cmdline(char *buf, size_t size, const char *image,
		      uint64_t tsc_khz, char *const *args, int nargs);

/* share.c: the 9P servers of a linuxu image's volumes, each a thread of
 * tess over a SOCK_SEQPACKET socket pair (one message per packet), the
 * image's end inherited: options[i] becomes linuxu-9p.fd=FD,tag=TAG.
 * tess_shares_stop ends them once the image has ended. */
void tess_shares_serve(const struct tess_cmd *cmd,
		       const struct tess_volume *volumes, int n,
		       char options[][64]);
void tess_shares_stop(void);

/* tsc.c: the host's TSC frequency in kHz (CPUID, else measured against
 * CLOCK_MONOTONIC_RAW for 20 ms); 0 when it cannot be told. */
uint64_t tess_host_tsc_khz(void);

/* image.c: which platform an ELF image was built for. */
enum tess_image_kind {
	TESS_IMAGE_NOT_ELF, /* not a 64-bit little-endian ELF file */
	TESS_IMAGE_LINUXU,  /* an ELF without the Tessera note */
	TESS_IMAGE_KVM,	    /* an ELF with a PT_NOTE owned by "Tessera" */
};
enum tess_image_kind tess_image_kind(const void *file, size_t size);
const char *tess_image_plat_from_name(const char *path);

/* instance.c: the record of instances that tess run starts and tess ps,
 * stop, logs and rm read (see there for the layout). */
struct tess_instance {
	char name[TESS_APP_NAME_MAX + 1];
	pid_t pid; /* the monitor's (or linuxu image's) process */
	unsigned long long
		pid_start; /* its start time, /proc/PID/stat field 22 */
	char plat[16];	   /* kvm or linuxu */
	char monitor[16];  /* tess-vmm, qemu-kvm, qemu-tcg or process */
	char mem[32];	   /* --mem as given, or "default" */
	long long started; /* Unix time */
	bool detached;	   /* console in console.log; status kept */
	int status;	   /* wait status once ended, else -1 */
	char image[TESS_PATH_MAX];
};
int tess_instance_base(char *buf, size_t size, char *why, size_t why_size);
unsigned long long tess_process_start(pid_t pid);
bool tess_instance_alive(const struct tess_instance *inst);
void tess_instance_path(char *buf, size_t size, const char *base,
			const char *name, const char *suffix);
int tess_instance_claim(const char *base, char *name, size_t size,
			const char *wanted, const char *image, int *fd);
int tess_instance_write(int fd, const struct tess_instance *inst);
int tess_instance_status_write(const char *base, const char *name,
			       int wait_status);
int tess_instance_load(const char *base, const char *name,
		       struct tess_instance *inst);
void tess_instance_remove(const char *base, const char *name, bool all);

#endif /* TESS_TOOL_H */
