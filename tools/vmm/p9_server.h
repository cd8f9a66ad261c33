/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A 9P2000.L file server (the Linux v9fs dialect) over one host folder,
 * independent of its transport: p9_serve turns one T-message into one
 * R-message. tess-vmm's virtio-9p device (fs_device.c) and tess run's
 * linuxu share (tools/tess/share.c, one message per SOCK_SEQPACKET
 * packet) carry the messages.
 *
 * Confinement is the first promise: every object a client reaches is
 * beneath the shared folder. Each fid holds a descriptor of its own
 * object (O_PATH until opened), and a name is always resolved one
 * component at a time under its directory's descriptor with openat2
 * (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS) or an
 * *at call that does not follow a trailing symlink; no host path is ever
 * built. Symlinks are created and read as data and never followed (a walk
 * onto one yields the link itself; walking on through it is ENOTDIR).
 * ".." from the root stays at the root, and a ".." that would land
 * outside (a folder the host moved away) is refused. Mount points inside
 * the folder are crossed (RESOLVE_NO_XDEV is not used): what lies beneath
 * the folder in the monitor's mount namespace is shared.
 *
 * The server never blocks on a client's behalf: FIFOs, sockets and device
 * nodes are listed but not opened (ENXIO), locks are never waited for
 * (Rlock BLOCKED: the client retries), device nodes cannot be created
 * (EPERM), and created files never get set-user-ID (or, for files,
 * set-group-ID) bits, whoever runs the monitor.
 *
 * Malformed messages (a length or count beyond the message, a field
 * missing, a name with '/' or NUL) get Rlerror EPROTO or EINVAL: every
 * length is checked against the message before use. Not thread-safe: one
 * server per thread (a device's).
 */
#ifndef TESS_VMM_P9_SERVER_H
#define TESS_VMM_P9_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Message types (Linux include/net/9p/9p.h); each R is its T + 1. */
#define P9_TLERROR	6
#define P9_RLERROR	7
#define P9_TSTATFS	8
#define P9_TLOPEN	12
#define P9_TLCREATE	14
#define P9_TSYMLINK	16
#define P9_TMKNOD	18
#define P9_TRENAME	20
#define P9_TREADLINK	22
#define P9_TGETATTR	24
#define P9_TSETATTR	26
#define P9_TXATTRWALK	30
#define P9_TXATTRCREATE 32
#define P9_TREADDIR	40
#define P9_TFSYNC	50
#define P9_TLOCK	52
#define P9_TGETLOCK	54
#define P9_TLINK	70
#define P9_TMKDIR	72
#define P9_TRENAMEAT	74
#define P9_TUNLINKAT	76
#define P9_TVERSION	100
#define P9_TAUTH	102
#define P9_TATTACH	104
#define P9_TFLUSH	108
#define P9_TWALK	110
#define P9_TREAD	116
#define P9_TWRITE	118
#define P9_TCLUNK	120
#define P9_TREMOVE	122

#define P9_NOTAG    0xffffu
#define P9_NOFID    0xffffffffu
#define P9_HEADER   7  /* size[4] type[1] tag[2] */
#define P9_IOHDRSZ  24 /* Twrite's header: the room msize leaves data */
#define P9_MAXWELEM 16 /* names in one Twalk */
#define P9_VERSION  "9P2000.L"

/* msize: the server's largest message; Tversion gets the smaller of it
 * and the client's, and refuses one below P9_MSIZE_MIN. */
#define P9_MSIZE_MAX (512u * 1024)
#define P9_MSIZE_MIN 4096u
/* Fids one session may hold at once; one more is ENFILE. */
#define P9_FIDS_MAX 4096

/* qid types. */
#define P9_QTDIR     0x80
#define P9_QTSYMLINK 0x02
#define P9_QTFILE    0x00

/* Tgetattr: the fields the server fills (all of them, always). */
#define P9_GETATTR_BASIC 0x7ffULL

/* Tsetattr's valid bits. */
#define P9_SETATTR_MODE	     0x001
#define P9_SETATTR_UID	     0x002
#define P9_SETATTR_GID	     0x004
#define P9_SETATTR_SIZE	     0x008
#define P9_SETATTR_ATIME     0x010
#define P9_SETATTR_MTIME     0x020
#define P9_SETATTR_CTIME     0x040
#define P9_SETATTR_ATIME_SET 0x080
#define P9_SETATTR_MTIME_SET 0x100

/* Tlopen / Tlcreate flags: Linux's generic open(2) values, which the
 * wire carries whatever the host. */
#define P9_DOTL_RDONLY	  00000000
#define P9_DOTL_WRONLY	  00000001
#define P9_DOTL_RDWR	  00000002
#define P9_DOTL_CREATE	  00000100
#define P9_DOTL_EXCL	  00000200
#define P9_DOTL_TRUNC	  00001000
#define P9_DOTL_APPEND	  00002000
#define P9_DOTL_DSYNC	  00010000
#define P9_DOTL_DIRECTORY 00200000
#define P9_DOTL_SYNC	  04000000

/* Tunlinkat's flag. */
#define P9_AT_REMOVEDIR 0x200

/* Tlock / Tgetlock. */
#define P9_LOCK_TYPE_RDLCK  0
#define P9_LOCK_TYPE_WRLCK  1
#define P9_LOCK_TYPE_UNLCK  2
#define P9_LOCK_FLAGS_BLOCK 1
#define P9_LOCK_SUCCESS	    0
#define P9_LOCK_BLOCKED	    1
#define P9_LOCK_ERROR	    2

struct p9_fid;

struct p9_server {
	int root_fd; /* O_PATH of the shared folder */
	int proc_fd; /* /proc/self/fd: reopens O_PATH descriptors */
	dev_t root_dev;
	ino_t root_ino;
	bool read_only;
	mode_t umask;	/* the process's, undone on created objects */
	uint32_t msize; /* 0 until a Tversion */
	/* The largest msize Tversion gives (P9_MSIZE_MAX; a transport
	 * that carries less lowers it after p9_server_init). */
	uint32_t msize_max;
	/* Fids: a table of P9_FIDS_MAX slots, hashed by number. */
	struct p9_fid *fids;
	int *buckets;
	int free_slot; /* free list through the slots */
	unsigned int nfids;
	uint8_t *dirbuf; /* getdents64 buffer */
	uint64_t requests, errors;
};

/* Makes s serve the folder root_fd (an O_PATH | O_DIRECTORY descriptor,
 * which s owns from then on, also on failure). Returns 0, or -errno with
 * why saying what failed (out of memory, no /proc). */
int p9_server_init(struct p9_server *s, int root_fd, bool read_only, char *why,
		   size_t why_size);

/* Ends the session: every fid clunked, msize forgotten (a transport
 * reset; Tversion does the same). */
void p9_server_reset(struct p9_server *s);

/* Releases everything s holds, the root descriptor too. */
void p9_server_destroy(struct p9_server *s);

/*
 * Serves one T-message of req_len bytes (the message's own size field
 * says where it ends; bytes after it are ignored) into resp, at most
 * resp_cap bytes (and at most the negotiated msize). Returns the
 * R-message's length: the reply, or an Rlerror with a Linux errno.
 * Returns 0 only when resp_cap cannot hold an Rlerror (11 bytes).
 */
size_t p9_serve(struct p9_server *s, const uint8_t *req, size_t req_len,
		uint8_t *resp, size_t resp_cap);

/*
 * The same, with an Rread's data read straight into data (ndata buffers,
 * the reply's bytes after its 11-byte header: where the transport puts
 * them, guest memory for virtio-9p) instead of into resp. resp then holds
 * the reply's first bytes only: *head_len of them go first; the returned
 * length counts the data too. Any other reply is all in resp (*head_len
 * equals the length).
 */
struct iovec;
#define P9_DIRECT_MAX 16 /* data buffers an Rread fills directly */
size_t p9_serve_direct(struct p9_server *s, const uint8_t *req,
		       size_t req_len, uint8_t *resp, size_t resp_cap,
		       const struct iovec *data, int ndata, size_t *head_len);

/* Opens a folder to share: an O_PATH | O_DIRECTORY descriptor, or -errno
 * (ENOENT, ENOTDIR, EACCES, ...). */
int p9_share_open(const char *path);

/* Raises this process's descriptor limit (RLIMIT_NOFILE) to its hard
 * limit: each fid holds one or two descriptors. */
void p9_fd_limit_raise(void);

#endif /* TESS_VMM_P9_SERVER_H */
