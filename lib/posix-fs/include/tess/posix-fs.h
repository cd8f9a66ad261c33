/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-fs: Linux's file system calls over lib/vfs, in lib/syscall's table
 * and as direct tess_sys_<name> functions (musl calls them directly).
 *
 * Descriptors 0, 1 and 2 are the console at boot (ordinary entries of the
 * vfs's table: dup2 and close work on them as on any): 1 and 2 write to
 * the platform console, 0 reads end of file until console input exists.
 * The console is a terminal exactly when the host's side is one
 * (TCGETS/TIOCGWINSZ answer, else -ENOTTY).
 *
 * Semantics are Linux's, with these differences (each a choice, see
 * docs/lib/posix-fs.md): one process, running as root (permission bits
 * are kept and reported but do not refuse root, except execute);
 * classic record locks never conflict within the process (so never with
 * each other), open file description locks conflict as on Linux, and
 * flock() locks are open file description locks over the whole file;
 * O_APPEND writes from two open file descriptions of one file are not
 * atomic with respect to each other; O_TMPFILE and named FIFOs are
 * -EOPNOTSUPP / -ENXIO. The descriptor limit is RLIMIT_NOFILE's soft
 * limit (lib/posix-process).
 */
#ifndef TESS_POSIX_FS_H
#define TESS_POSIX_FS_H

#include <stddef.h>
#include <stdint.h>
#include <tess/vfs.h>

long tess_sys_read(int fd, void *buf, size_t len);
long tess_sys_write(int fd, const void *buf, size_t len);
long tess_sys_readv(int fd, const struct tess_iovec *iov, int count);
long tess_sys_writev(int fd, const struct tess_iovec *iov, int count);
long tess_sys_pread64(int fd, void *buf, size_t len, long offset);
long tess_sys_pwrite64(int fd, const void *buf, size_t len, long offset);
long tess_sys_preadv(int fd, const struct tess_iovec *iov, int count,
		     long offset);
long tess_sys_pwritev(int fd, const struct tess_iovec *iov, int count,
		      long offset);
long tess_sys_lseek(int fd, long offset, int whence);
long tess_sys_sendfile(int out_fd, int in_fd, long *offset, size_t count);

long tess_sys_open(const char *path, int flags, unsigned mode);
long tess_sys_openat(int dirfd, const char *path, int flags, unsigned mode);
long tess_sys_creat(const char *path, unsigned mode);
long tess_sys_close(int fd);

long tess_sys_stat(const char *path, struct tess_stat *st);
long tess_sys_lstat(const char *path, struct tess_stat *st);
long tess_sys_fstat(int fd, struct tess_stat *st);
long tess_sys_newfstatat(int dirfd, const char *path, struct tess_stat *st,
			 int flags);
long tess_sys_statx(int dirfd, const char *path, int flags, unsigned mask,
		    void *statxbuf);

long tess_sys_getdents64(int fd, void *buf, size_t len);
long tess_sys_mkdir(const char *path, unsigned mode);
long tess_sys_mkdirat(int dirfd, const char *path, unsigned mode);
long tess_sys_rmdir(const char *path);
long tess_sys_chdir(const char *path);
long tess_sys_fchdir(int fd);
long tess_sys_getcwd(char *buf, size_t size);

long tess_sys_unlink(const char *path);
long tess_sys_unlinkat(int dirfd, const char *path, int flags);
long tess_sys_rename(const char *oldpath, const char *newpath);
long tess_sys_renameat(int olddirfd, const char *oldpath, int newdirfd,
		       const char *newpath);
long tess_sys_renameat2(int olddirfd, const char *oldpath, int newdirfd,
			const char *newpath, unsigned flags);
long tess_sys_link(const char *oldpath, const char *newpath);
long tess_sys_linkat(int olddirfd, const char *oldpath, int newdirfd,
		     const char *newpath, int flags);
long tess_sys_symlink(const char *target, const char *linkpath);
long tess_sys_symlinkat(const char *target, int newdirfd,
			const char *linkpath);
long tess_sys_readlink(const char *path, char *buf, size_t size);
long tess_sys_readlinkat(int dirfd, const char *path, char *buf, size_t size);
long tess_sys_mknod(const char *path, unsigned mode, unsigned dev);
long tess_sys_mknodat(int dirfd, const char *path, unsigned mode,
		      unsigned dev);

long tess_sys_chmod(const char *path, unsigned mode);
long tess_sys_fchmod(int fd, unsigned mode);
long tess_sys_fchmodat(int dirfd, const char *path, unsigned mode);
long tess_sys_chown(const char *path, int uid, int gid);
long tess_sys_lchown(const char *path, int uid, int gid);
long tess_sys_fchown(int fd, int uid, int gid);
long tess_sys_fchownat(int dirfd, const char *path, int uid, int gid,
		       int flags);
long tess_sys_utimensat(int dirfd, const char *path,
			const struct tess_vfs_timespec *times, int flags);
long tess_sys_access(const char *path, int mode);
long tess_sys_faccessat(int dirfd, const char *path, int mode);
long tess_sys_faccessat2(int dirfd, const char *path, int mode, int flags);
long tess_sys_umask(unsigned mask);
long tess_sys_truncate(const char *path, long length);
long tess_sys_ftruncate(int fd, long length);
long tess_sys_fallocate(int fd, int mode, long offset, long len);
long tess_sys_fsync(int fd);
long tess_sys_fdatasync(int fd);
long tess_sys_sync(void);
long tess_sys_syncfs(int fd);

long tess_sys_dup(int fd);
long tess_sys_dup2(int oldfd, int newfd);
long tess_sys_dup3(int oldfd, int newfd, int flags);
long tess_sys_fcntl(int fd, int cmd, unsigned long arg);
long tess_sys_ioctl(int fd, unsigned long request, unsigned long arg);
long tess_sys_flock(int fd, int operation);

#endif /* TESS_POSIX_FS_H */
