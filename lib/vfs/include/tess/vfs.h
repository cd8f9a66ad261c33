/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfs: the file layer under the POSIX file calls (lib/posix-fs).
 *
 * Provides: vnodes (a file system's files, with operations), file system
 * types registered with TESS_VFS_FS and a mount table, path lookup
 * (absolute and relative to a descriptor or the current directory; `.`
 * and `..` across mount points; symbolic links with a loop limit;
 * trailing slashes), open file descriptions (struct tess_file: offset and
 * status flags shared by dup'ed descriptors) with operations any kind of
 * file implements (vnode-backed files here; pipes, eventfd, epoll and
 * sockets elsewhere), the process's one file descriptor table, the
 * current directory, and POSIX advisory record locks. The root file
 * system is mounted at TESS_INIT_FS (the library option vfs.root=FSTYPE,
 * default CONFIG_TESS_VFS_ROOT_FS); other libraries mount theirs after it
 * (devfs at /dev) with tess_vfs_mount.
 *
 * Needs: lib/sched and lib/lock (one mutex serialises the namespace),
 * lib/alloc's default heap, lib/debug.
 *
 * Promises:
 * - Errors are negative errno values (Linux's); bad arguments never
 *   crash.
 * - Namespace operations (the vnode ops marked [ns] below) run with the
 *   namespace lock held, so a file system sees them one at a time; data
 *   operations ([data]) run without it, and a file system serialises its
 *   own data (so a blocking read on one file never holds up lookups).
 * - A vnode stays valid while it holds references; the file system's
 *   release op runs when the last one goes.
 * - Nothing here is for interrupt context except where said.
 */
#ifndef TESS_VFS_H
#define TESS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/list.h>
#include <tess/lock.h>
#include <tess/vfs_poll.h>

#define TESS_VFS_NAME_MAX    255
#define TESS_VFS_PATH_MAX    4096 /* with its terminating NUL */
#define TESS_VFS_SYMLOOP_MAX 40

/* st_mode's file types and Linux's open flags (x86_64 values). */
#define TESS_S_IFMT   0170000
#define TESS_S_IFSOCK 0140000
#define TESS_S_IFLNK  0120000
#define TESS_S_IFREG  0100000
#define TESS_S_IFBLK  0060000
#define TESS_S_IFDIR  0040000
#define TESS_S_IFCHR  0020000
#define TESS_S_IFIFO  0010000
#define TESS_S_ISTYPE(mode, type) (((mode) & TESS_S_IFMT) == (type))

#define TESS_O_ACCMODE	 03
#define TESS_O_RDONLY	 00
#define TESS_O_WRONLY	 01
#define TESS_O_RDWR	 02
#define TESS_O_CREAT	 0100
#define TESS_O_EXCL	 0200
#define TESS_O_NOCTTY	 0400
#define TESS_O_TRUNC	 01000
#define TESS_O_APPEND	 02000
#define TESS_O_NONBLOCK	 04000
#define TESS_O_DSYNC	 010000
#define TESS_O_DIRECT	 040000
#define TESS_O_LARGEFILE 0100000
#define TESS_O_DIRECTORY 0200000
#define TESS_O_NOFOLLOW	 0400000
#define TESS_O_NOATIME	 01000000
#define TESS_O_CLOEXEC	 02000000
#define TESS_O_SYNC	 04010000
#define TESS_O_PATH	 010000000
#define TESS_O_TMPFILE	 020200000

#define TESS_AT_FDCWD		-100
#define TESS_AT_SYMLINK_NOFOLLOW 0x100
#define TESS_AT_REMOVEDIR	0x200
#define TESS_AT_SYMLINK_FOLLOW	0x400
#define TESS_AT_EMPTY_PATH	0x1000

/* Linux's struct iovec. */
struct tess_iovec {
	void *base;
	size_t len;
};
#define TESS_IOV_MAX 1024
/* A vector a file system is handed, checked as Linux checks one: -EINVAL
 * for a count outside [0, TESS_IOV_MAX], -EFAULT for a missing array or
 * a buffer of bytes at NULL, else 0. */
int tess_iov_check(const struct tess_iovec *iov, int count);

struct tess_vfs_timespec {
	int64_t sec;
	int64_t nsec;
};

/* Linux's x86_64 struct stat. */
struct tess_stat {
	uint64_t dev;
	uint64_t ino;
	uint64_t nlink;
	uint32_t mode;
	uint32_t uid;
	uint32_t gid;
	uint32_t pad0;
	uint64_t rdev;
	int64_t size;
	int64_t blksize;
	int64_t blocks; /* 512-byte units */
	struct tess_vfs_timespec atime;
	struct tess_vfs_timespec mtime;
	struct tess_vfs_timespec ctime;
	int64_t unused[3];
};

/* What setattr changes: the fields whose bit is in mask. */
#define TESS_VFS_ATTR_MODE  0x01 /* permission bits only */
#define TESS_VFS_ATTR_UID   0x02
#define TESS_VFS_ATTR_GID   0x04
#define TESS_VFS_ATTR_SIZE  0x08
#define TESS_VFS_ATTR_ATIME 0x10
#define TESS_VFS_ATTR_MTIME 0x20
struct tess_vfs_attr {
	unsigned mask;
	uint32_t mode, uid, gid;
	uint64_t size;
	struct tess_vfs_timespec atime, mtime;
};

/* Directory entry types, as getdents64's d_type. */
#define TESS_DT_UNKNOWN 0
#define TESS_DT_FIFO	1
#define TESS_DT_CHR	2
#define TESS_DT_DIR	4
#define TESS_DT_BLK	6
#define TESS_DT_REG	8
#define TESS_DT_LNK	10
#define TESS_DT_SOCK	12
/* The d_type for an st_mode. */
unsigned tess_vfs_dtype(uint32_t mode);

/* rename flags (renameat2). */
#define TESS_RENAME_NOREPLACE 1
#define TESS_RENAME_EXCHANGE  2

struct tess_vnode;
struct tess_mount;
struct tess_file;

/*
 * readdir's callback: one entry, and the cookie that resumes after it.
 * Returns 0 to go on, or non-zero to stop (the buffer is full): the file
 * system then returns at once, and the entry counts as not given.
 */
typedef int (*tess_vfs_dirent_fn)(void *ctx, const char *name, size_t len,
				  uint64_t ino, unsigned dtype,
				  uint64_t next_cookie);

/*
 * A file system's operations on its vnodes. Names are not NUL-terminated:
 * (name, len), 1 <= len <= TESS_VFS_NAME_MAX, never "." or ".." except
 * where lookup says, never containing '/'. Ops a file system lacks are
 * NULL: the call is then -EPERM for namespace changes, -EINVAL for
 * readlink, -EISDIR/-EINVAL for data as Linux answers. The vfs checks
 * types first (a directory op is called only on a directory, read and
 * write only on regular files and devices, existence for create/mkdir/
 * symlink/link, emptiness is the file system's: -ENOTEMPTY).
 */
struct tess_vnode_ops {
	/* [ns] The child (name, len) of directory dir with a new reference
	 * in *out, or -ENOENT. ".." is asked only for a directory that is
	 * not its mount's root: the parent (a file system's root answers
	 * itself). */
	int (*lookup)(struct tess_vnode *dir, const char *name, size_t len,
		      struct tess_vnode **out);
	/* [ns] New regular file / directory / symbolic link (target is
	 * NUL-terminated) / device node (S_IFCHR, S_IFBLK, S_IFIFO,
	 * S_IFSOCK in mode) in dir; the name does not exist. create and
	 * mknod return the new vnode with a reference in *out. mode holds
	 * the type and permission bits (umask applied by the caller). */
	int (*create)(struct tess_vnode *dir, const char *name, size_t len,
		      uint32_t mode, struct tess_vnode **out);
	int (*mkdir)(struct tess_vnode *dir, const char *name, size_t len,
		     uint32_t mode);
	int (*symlink)(struct tess_vnode *dir, const char *name, size_t len,
		       const char *target);
	int (*mknod)(struct tess_vnode *dir, const char *name, size_t len,
		     uint32_t mode, uint64_t rdev, struct tess_vnode **out);
	/* [ns] A new name for target (not a directory; same mount). */
	int (*link)(struct tess_vnode *dir, const char *name, size_t len,
		    struct tess_vnode *target);
	/* [ns] Removes the name of a non-directory / an empty directory
	 * (-ENOTEMPTY otherwise). Open files keep their data. */
	int (*unlink)(struct tess_vnode *dir, const char *name, size_t len);
	int (*rmdir)(struct tess_vnode *dir, const char *name, size_t len);
	/* [ns] Moves (old, oldlen) in olddir to (new, newlen) in newdir (same
	 * mount), with TESS_RENAME_* flags; the vfs has checked that a
	 * directory is not moved below itself and the types of an existing
	 * target (replacing a non-empty directory is the file system's
	 * -ENOTEMPTY). */
	int (*rename)(struct tess_vnode *olddir, const char *old, size_t oldlen,
		      struct tess_vnode *newdir, const char *new_name,
		      size_t newlen, unsigned flags);
	/* [data] A symbolic link's target: up to len bytes, not terminated;
	 * returns the length. */
	long (*readlink)(struct tess_vnode *vn, char *buf, size_t len);
	/* [data] Attributes (st_dev is the vfs's: the mount's). */
	int (*getattr)(struct tess_vnode *vn, struct tess_stat *st);
	/* [data] Changes attributes; SIZE only on regular files (the vfs
	 * checks): grows with zeros, shrinks; -ENOSPC, -EFBIG. */
	int (*setattr)(struct tess_vnode *vn, const struct tess_vfs_attr *attr);
	/* [data] Reads / writes at offset (regular files and devices);
	 * returns bytes moved (reads: 0 at end of file) or -errno; a short
	 * count only at end of file or when space ran out. nonblock: the
	 * file was opened O_NONBLOCK (devices that could wait). */
	long (*read)(struct tess_vnode *vn, const struct tess_iovec *iov,
		     int count, uint64_t offset, bool nonblock);
	long (*write)(struct tess_vnode *vn, const struct tess_iovec *iov,
		      int count, uint64_t offset, bool nonblock);
	/* [data] Directory entries from *cookie on (0: the first; "." and
	 * ".." included), each through emit, advancing *cookie past every
	 * entry emit accepted. 0 at the end or when emit stopped. emit may
	 * run with the file system's lock held: it must not call back into
	 * the file system nor take the namespace lock. A removed directory
	 * (still referenced) lists -ENOENT, as on Linux, creates nothing in
	 * it (-ENOENT) and its ".." still names its old parent. */
	int (*readdir)(struct tess_vnode *dir, uint64_t *cookie,
		       tess_vfs_dirent_fn emit, void *ctx);
	/* [data] Writes the file's data (and attributes unless datasync) to
	 * stable storage. NULL: nothing to do. */
	int (*fsync)(struct tess_vnode *vn, bool datasync);
	/* [data] Devices: readiness (TESS_POLL* now; *head set to where a
	 * change is notified, NULL when it never changes) and ioctl
	 * (NULL: -ENOTTY). NULL poll: always readable and writable. */
	unsigned (*poll)(struct tess_vnode *vn, struct tess_poll_head **head);
	long (*ioctl)(struct tess_vnode *vn, unsigned long request,
		      unsigned long arg);
	/* [data] A file description of vn is being opened with flags (not
	 * O_PATH): a file system that reaches files through open handles
	 * (9P) makes one now, so a file unlinked later stays readable.
	 * NULL: nothing to do. */
	int (*open)(struct tess_vnode *vn, unsigned flags);
	/* The last reference went: free the vnode if the file system no
	 * longer needs it (unlinked), or keep it. Namespace lock held. */
	void (*release)(struct tess_vnode *vn);
};

struct tess_vnode {
	const struct tess_vnode_ops *ops;
	struct tess_mount *mount; /* set by the file system */
	uint32_t mode;		  /* type bits fixed; permissions may lag */
	uint64_t ino;
	void *data;		  /* the file system's */
	/* The vfs's; zero them (tess_vnode_init). A file system may read
	 * refs with the namespace lock held (to free a node that has lost
	 * its last name and reference, or to refuse an unmount). */
	unsigned long refs;
	struct tess_mount *mounted; /* a file system mounted here */
	struct tess_list locks;	    /* POSIX record locks */
	struct tess_poll_head lock_waiters;
	struct tess_list maps; /* shared mappings (struct tess_vfs_map) */
};

/* Sets up the vfs's fields of a new vnode, with one reference: create
 * and mknod hand it to their caller; mkdir and symlink, which return no
 * vnode, drop it (tess_vnode_put_locked, which may run release at once:
 * not with the file system's own lock held). */
void tess_vnode_init(struct tess_vnode *vn, const struct tess_vnode_ops *ops,
		     struct tess_mount *mount, uint32_t mode, uint64_t ino);
/* Takes / drops a reference (the last drop calls release). Both take the
 * namespace lock, unless called with it held (the _locked forms: from
 * within [ns] ops). */
void tess_vnode_ref(struct tess_vnode *vn);
void tess_vnode_put(struct tess_vnode *vn);
void tess_vnode_ref_locked(struct tess_vnode *vn);
void tess_vnode_put_locked(struct tess_vnode *vn);

/* A mounted file system. */
#define TESS_MOUNT_RDONLY 1
struct tess_mount {
	const struct tess_vfs_fs_type *type;
	struct tess_vnode *root;
	struct tess_vnode *covered; /* the vnode it is mounted on (NULL: /) */
	unsigned long flags;
	uint64_t dev; /* st_dev of its files */
	void *data;   /* the file system's */
	struct tess_list node;
	char path[64]; /* where, for listings (truncated) */
};

struct tess_vfs_fs_type {
	const char *name;
	/* Sets m->root (a vnode with a reference) and m->data from source
	 * and opts (either may be ""). */
	int (*mount)(struct tess_mount *m, const char *source, const char *opts);
	/* Frees what mount made, after the vfs dropped root's reference,
	 * with the namespace lock held; -EBUSY refuses (files still open).
	 * NULL: not unmountable. */
	int (*unmount)(struct tess_mount *m);
};
#define TESS_VFS_FS(id, ...)                                                   \
	static const struct tess_vfs_fs_type tess_vfs_fs_##id = {__VA_ARGS__}; \
	static const struct tess_vfs_fs_type *const tess_vfs_fs_rec_##id       \
		__attribute__((used, retain, section("tess_vfs_fs"),           \
			       aligned(sizeof(void *)))) = &tess_vfs_fs_##id
extern const struct tess_vfs_fs_type *const __start_tess_vfs_fs[]
	__attribute__((weak));
extern const struct tess_vfs_fs_type *const __stop_tess_vfs_fs[]
	__attribute__((weak));

/* Mounts a file system of type fstype at target (an existing directory;
 * "/" only for the first mount), e.g. tess_vfs_mount("", "/dev",
 * "devfs", 0, ""). -ENODEV: no such type; -EBUSY: something is mounted
 * there already. */
int tess_vfs_mount(const char *source, const char *target, const char *fstype,
		   unsigned long flags, const char *opts);
/* Unmounts the file system mounted at target: -EBUSY while any of its
 * vnodes is referenced (an open file, a current directory) or another
 * mount is below it; -EINVAL: not a mount point. */
int tess_vfs_umount(const char *target);

/*
 * Path lookup. dirfd is a descriptor of a directory or TESS_AT_FDCWD;
 * path is absolute or relative to it. Flags:
 *   TESS_VFS_LOOKUP_FOLLOW: follow a symbolic link in the last component;
 *   TESS_VFS_LOOKUP_PARENT: stop at the last component's directory: out
 *     gets dir and the last name (-EEXIST-free; "/" alone is -EBUSY as
 *     Linux answers mkdir("/"), and a last component "." or ".." is
 *     -EINVAL for creation and removal, as Linux's);
 *   TESS_VFS_LOOKUP_EMPTY: "" names dirfd itself (AT_EMPTY_PATH).
 * Without PARENT, out->vn is the file (a reference); with it, out->dir
 * (a reference), out->name/len, and out->vn the existing file or NULL.
 * out->slash: the path ended with '/' (the file must be a directory).
 * Errors: -ENOENT, -ENOTDIR, -ELOOP (more than TESS_VFS_SYMLOOP_MAX
 * links), -ENAMETOOLONG (a component over NAME_MAX or a path over
 * PATH_MAX), -EFAULT (path NULL), -EBADF (dirfd). Release with
 * tess_vfs_path_put.
 */
#define TESS_VFS_LOOKUP_FOLLOW 1
#define TESS_VFS_LOOKUP_PARENT 2
#define TESS_VFS_LOOKUP_EMPTY  4
struct tess_vfs_path {
	struct tess_vnode *dir;
	struct tess_vnode *vn;
	char name[TESS_VFS_NAME_MAX + 1];
	size_t len;
	bool slash;
};
int tess_vfs_lookup(int dirfd, const char *path, unsigned flags,
		    struct tess_vfs_path *out);
void tess_vfs_path_put(struct tess_vfs_path *p);

/* The namespace lock (recursive), for callers composing [ns] operations:
 * lib/posix-fs holds it across a lookup and the change it makes, so that
 * nothing comes between. */
void tess_vfs_ns_lock(void);
void tess_vfs_ns_unlock(void);

/* The absolute path of a directory vnode, from the root through mount
 * points (a buffer of len bytes, NUL-terminated); returns the length
 * without the NUL, -ERANGE if it does not fit, -ENOENT if the directory
 * was removed. Namespace lock held by the caller. */
long tess_vfs_dir_path(struct tess_vnode *dir, char *buf, size_t len);

/* Whether dir is ancestor or lies below it (rename's check that a
 * directory does not move into itself). Namespace lock held. */
bool tess_vfs_below(struct tess_vnode *dir, struct tess_vnode *ancestor);

/* The current directory: a reference to it (tess_vnode_put), and setting
 * it (takes a reference of its own). */
struct tess_vnode *tess_vfs_cwd(void);
void tess_vfs_cwd_set(struct tess_vnode *dir);
/* The root of the namespace (a reference). */
struct tess_vnode *tess_vfs_root(void);

/* ---------------------------------------------------------------- files */

/*
 * Operations of a kind of file. A file over a vnode gets the vfs's own
 * (tess_vfs_file_open); pipes, eventfds, epoll instances and sockets
 * bring theirs. pos: the offset to use and advance for a seekable file
 * (the vfs holds the file's position lock), NULL for a stream. NULL ops:
 * read/write -EINVAL, ioctl -ENOTTY, poll always ready for in and out.
 */
struct tess_file_ops {
	long (*read)(struct tess_file *f, const struct tess_iovec *iov,
		     int count, uint64_t *pos);
	long (*write)(struct tess_file *f, const struct tess_iovec *iov,
		      int count, uint64_t *pos);
	/* Readiness now, and where changes are notified (NULL: never). */
	unsigned (*poll)(struct tess_file *f, struct tess_poll_head **head);
	long (*ioctl)(struct tess_file *f, unsigned long request,
		      unsigned long arg);
	/* fstat of a file without a vnode (pipes: S_IFIFO...). */
	int (*getattr)(struct tess_file *f, struct tess_stat *st);
	/* Status flags changed by fcntl(F_SETFL) (O_NONBLOCK, O_APPEND). */
	void (*flags_changed)(struct tess_file *f);
	/* The last descriptor and reference went. */
	void (*release)(struct tess_file *f);
	bool seekable;
};

/* An open file description. */
struct tess_file {
	const struct tess_file_ops *ops;
	struct tess_vnode *vn; /* NULL for files without a name */
	unsigned flags;	       /* TESS_O_ACCMODE bits and status flags */
	uint64_t pos;
	void *data; /* the kind's */
	/* The vfs's. */
	unsigned long refs;
	uint64_t dir_cookie; /* where getdents goes on */
	struct tess_lock_mutex pos_lock;
	struct tess_list watches; /* struct tess_file_watch, masked */
};

/* A new file of a kind (ops, data), with one reference and status flags
 * flags; NULL when out of memory. */
struct tess_file *tess_file_new(const struct tess_file_ops *ops, void *data,
				unsigned flags);
void tess_file_ref(struct tess_file *f);
void tess_file_put(struct tess_file *f);

/*
 * Watching a file without holding a reference, as an epoll item does
 * (Linux's eventpoll_release): when the file's last reference goes, each
 * watch is taken off and its released(w, f) runs, before the kind's
 * release op, in the thread that dropped the reference (interrupts
 * enabled, no vfs lock held: it may block; it must not take a new
 * reference to f). tess_file_unwatch takes a watch off and returns true,
 * or returns false when the file is going and released() has run or
 * will run for it (the watcher must then leave its watch alone until
 * released() has run).
 */
struct tess_file_watch {
	struct tess_list node;
	void (*released)(struct tess_file_watch *w, struct tess_file *f);
};
void tess_file_watch(struct tess_file *f, struct tess_file_watch *w);
bool tess_file_unwatch(struct tess_file *f, struct tess_file_watch *w);

/* A file over vnode vn (a new reference of the file's) in *out, after the
 * checks of open(2) made by the caller and the file system's open op:
 * 0, its error, or -ENOMEM. */
int tess_vfs_file_open(struct tess_vnode *vn, unsigned flags,
		       struct tess_file **out);

/* Reading and writing a file as read(2)/write(2)/pread(2)... do: access
 * mode checked (-EBADF), O_APPEND, position locking; offset < 0 means
 * the file's position. Return bytes or -errno. */
long tess_file_read(struct tess_file *f, const struct tess_iovec *iov,
		    int count, int64_t offset);
long tess_file_write(struct tess_file *f, const struct tess_iovec *iov,
		     int count, int64_t offset);
/* Readiness of any file (TESS_POLLNVAL-free; ops->poll or always ready). */
unsigned tess_file_poll(struct tess_file *f, struct tess_poll_head **head);

/* ---------------------------------------------------- descriptor table */

/*
 * The process's file descriptors. Each holds a reference to a file and
 * its close-on-exec flag. Numbers are the lowest free at or above min,
 * below the limit (tess_vfs_fd_limit; -EMFILE beyond). Safe against other threads.
 */
#define TESS_VFS_FD_CLOEXEC 1
/* Installs f (takes over the caller's reference) at the lowest free
 * number >= min; returns it or -EMFILE/-ENOMEM (the reference is then
 * dropped). */
int tess_vfs_fd_alloc(struct tess_file *f, int min, unsigned fdflags);
/* Installs f (a new reference) at exactly fd, closing what was there
 * (dup2/dup3); returns fd or -EBADF (out of range). */
int tess_vfs_fd_install_at(struct tess_file *f, int fd, unsigned fdflags);
/* The file of fd with a new reference, or NULL (-EBADF for the caller). */
struct tess_file *tess_vfs_fd_get(int fd);
int tess_vfs_fd_close(int fd);
/* Descriptor flags (TESS_VFS_FD_CLOEXEC): get (or -EBADF) / set. */
int tess_vfs_fd_flags(int fd);
int tess_vfs_fd_flags_set(int fd, unsigned fdflags);
/* The limit on descriptor numbers: fn's answer at each allocation (lib/
 * posix-fs registers RLIMIT_NOFILE's soft limit), else 1024. */
void tess_vfs_fd_limit_source(int (*fn)(void));
int tess_vfs_fd_limit(void);
/* Descriptors in use (for tests and listings). */
int tess_vfs_fd_count(void);

/* ---------------------------------------------------- shared mappings */

/*
 * A MAP_SHARED mapping of a file (lib/posix-mmap through lib/posix-fs) is
 * a copy of the file's bytes in memory that the vfs keeps coherent with
 * the file at the system calls: a write(2) to the file updates the
 * mapped bytes of its range, and a read(2) first writes the mapped bytes
 * of its range back; msync and munmap write the mapping back. Two
 * mappings of one file are two copies, each coherent with the file at
 * those points but not with each other between them.
 */
struct tess_vfs_map {
	struct tess_list node;
	char *base;
	size_t len;
	uint64_t offset;
	bool writable; /* PROT_WRITE: written back */
};
void tess_vfs_map_add(struct tess_vnode *vn, struct tess_vfs_map *m);
/* Writes the mapping back (the bytes inside the file's size: writes past
 * the end are not kept, as on Linux); 0 or -errno. */
int tess_vfs_map_sync(struct tess_vnode *vn, struct tess_vfs_map *m);
void tess_vfs_map_remove(struct tess_vnode *vn, struct tess_vfs_map *m);

/* ---------------------------------------------------- record locks */

/*
 * POSIX advisory record locks (fcntl F_GETLK/F_SETLK/F_SETLKW, and
 * F_OFD_*): byte ranges [start, start+len) (len 0: to the end of any
 * file) locked shared (F_RDLCK 0) or exclusive (F_WRLCK 1), released by
 * F_UNLCK (2). One process owns every classic lock here, so they never
 * conflict with each other; open file description locks (ofd) conflict
 * between descriptions. owner identifies the holder (the file for OFD
 * locks, NULL for the process). Returns 0, -EAGAIN (conflict and not
 * wait), -EINTR, -EDEADLK, -ENOLCK.
 */
struct tess_vfs_flock {
	int16_t type;
	int64_t start;
	int64_t len;
	int32_t pid;
};
int tess_vfs_lock_set(struct tess_vnode *vn, const void *owner,
		      const struct tess_vfs_flock *lk, bool wait);
/* The first lock conflicting with lk (lk->type becomes F_UNLCK if none). */
int tess_vfs_lock_get(struct tess_vnode *vn, const void *owner,
		      struct tess_vfs_flock *lk);
/* Drops every lock of owner on vn (close of a descriptor, last close of
 * an open file description). */
void tess_vfs_lock_release(struct tess_vnode *vn, const void *owner);

#endif /* TESS_VFS_H */
