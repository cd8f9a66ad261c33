/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unpacks the platform's initrd (tess_plat_initrd) into the root file
 * system before main: directories, regular files, symbolic links, device
 * nodes, hard links, with their modes, owners and times. Parents a
 * careless archive left out are made. A corrupt archive or an entry that
 * cannot be made stops the boot with a message naming it.
 */
#include <errno.h>
#include <string.h>
#include <tess/cpio.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/memory.h>
#include <tess/posix-fs.h>

#define HARDLINKS_MAX 64

struct unpack {
	unsigned files, dirs, others;
	/* Files with more than one name: the first name of each inode. */
	struct {
		uint32_t ino;
		char path[128];
	} links[HARDLINKS_MAX];
	unsigned nlinks;
};

/* The entry's name as an absolute path in buf: "./a/b", "a/b" and "/a/b"
 * all name /a/b. Returns false for names that escape or are too long. */
static bool path_of(const struct tess_cpio_entry *e, char *buf, size_t size)
{
	const char *n = e->name;

	while (n[0] == '.' && n[1] == '/')
		n += 2;
	while (*n == '/')
		n++;
	if (strlen(n) + 2 > size)
		return false;
	buf[0] = '/';
	strcpy(buf + 1, n);
	return true;
}

/* mkdir -p of path's parent. */
static void parents_make(char *path)
{
	for (char *p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		tess_sys_mkdir(path, 0755);
		*p = '/';
	}
}

static long write_all(int fd, const char *data, size_t size)
{
	while (size) {
		long n = tess_sys_write(fd, data, size);

		if (n <= 0)
			return n ? n : -EIO;
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

static long make_file(struct unpack *u, const struct tess_cpio_entry *e,
		      const char *path)
{
	int flags = TESS_O_WRONLY | TESS_O_CREAT | TESS_O_TRUNC |
		    TESS_O_CLOEXEC | TESS_O_NOFOLLOW;
	long fd, err;

	if (e->nlink > 1) {
		for (unsigned i = 0; i < u->nlinks; i++) {
			if (u->links[i].ino != e->ino)
				continue;
			err = tess_sys_link(u->links[i].path, path);
			if (err)
				return err;
			/* newc gives the data with the last name. */
			if (!e->size)
				return 0;
			flags &= ~TESS_O_CREAT;
		}
		if ((flags & TESS_O_CREAT) && u->nlinks < HARDLINKS_MAX &&
		    strlen(path) < sizeof(u->links[0].path)) {
			u->links[u->nlinks].ino = e->ino;
			strcpy(u->links[u->nlinks++].path, path);
		}
	}
	fd = tess_sys_open(path, flags, e->mode & 07777);
	if (fd < 0)
		return fd;
	err = write_all((int)fd, e->data, e->size);
	tess_sys_close((int)fd);
	u->files++;
	return err;
}

static long make_symlink(const struct tess_cpio_entry *e, const char *path)
{
	char target[TESS_VFS_PATH_MAX];

	if (e->size == 0 || e->size >= sizeof(target) ||
	    memchr(e->data, '\0', e->size))
		return -EINVAL;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	return tess_sys_symlink(target, path);
}

static long make_entry(struct unpack *u, const struct tess_cpio_entry *e,
		       const char *path)
{
	unsigned type = e->mode & TESS_S_IFMT;
	long err;

	switch (type) {
	case TESS_S_IFDIR:
		u->dirs++;
		err = tess_sys_mkdir(path, e->mode & 07777);
		return err == -EEXIST ? 0 : err;
	case TESS_S_IFREG:
		return make_file(u, e, path);
	case TESS_S_IFLNK:
		u->others++;
		return make_symlink(e, path);
	case TESS_S_IFCHR:
	case TESS_S_IFBLK:
	case TESS_S_IFIFO:
	case TESS_S_IFSOCK:
		u->others++;
		err = tess_sys_mknod(path, e->mode,
				     (e->rdev_minor & 0xff) |
					     (e->rdev_major << 8) |
					     ((e->rdev_minor & ~0xffu) << 12));
		return err;
	default:
		return -EINVAL;
	}
}

static int unpack_entry(const struct tess_cpio_entry *e, void *ctx)
{
	struct unpack *u = ctx;
	char path[TESS_VFS_PATH_MAX];
	struct tess_vfs_timespec times[2];
	long err;

	if (!path_of(e, path, sizeof(path))) {
		tess_pr_err("entry %s: name too long", e->name);
		return -ENAMETOOLONG;
	}
	if (strcmp(path, "/") == 0 || strcmp(path, "/.") == 0)
		return 0; /* the root itself */
	parents_make(path);
	err = make_entry(u, e, path);
	if (err) {
		tess_pr_err("cannot make %s (mode %o): %s", path,
			    e->mode, tess_errno_text((int)err));
		return (int)err;
	}
	if ((e->mode & TESS_S_IFMT) != TESS_S_IFLNK)
		tess_sys_chmod(path, e->mode & 07777);
	tess_sys_lchown(path, (int)e->uid, (int)e->gid);
	times[0] = times[1] = (struct tess_vfs_timespec){(int64_t)e->mtime, 0};
	tess_sys_utimensat(TESS_AT_FDCWD, path, times,
			   TESS_AT_SYMLINK_NOFOLLOW);
	return 0;
}

/* An archive linked into the image (CONFIG_TESS_INITRD_EMBED): weak,
 * so an image without one has none. */
extern const char _binary_embedded_cpio_start[] __attribute__((weak));
extern const char _binary_embedded_cpio_end[] __attribute__((weak));

static int unpack(const char *what, const void *base, size_t len)
{
	static struct unpack u;
	enum tess_cpio_error err;
	size_t offset;
	int fn_err;

	memset(&u, 0, sizeof(u));
	err = tess_cpio_walk(base, len, unpack_entry, &u, &fn_err, &offset);
	if (err) {
		tess_pr_err("%s: corrupt archive at byte %zu of %zu: %s", what,
			    offset, len, tess_cpio_error_text(err));
		return -EINVAL;
	}
	if (fn_err)
		return fn_err;
	tess_pr_info("%s: %u files, %u directories, %u others unpacked "
		     "(%zu bytes)",
		     what, u.files, u.dirs, u.others, len);
	return 0;
}

static int initrd_unpack(void)
{
	const void *base;
	size_t len;
	int err = 0;

	/* The image's own first, then the boot's, whose files win. */
	if (_binary_embedded_cpio_start)
		err = unpack("the image's initrd", _binary_embedded_cpio_start,
			     (size_t)(_binary_embedded_cpio_end -
				      _binary_embedded_cpio_start));
	tess_plat_initrd(&base, &len);
	if (!err && len)
		err = unpack("the boot's initrd", base, len);
	return err;
}
/* After the root (TESS_INIT_FS) and /dev (devfs, + 1). */
TESS_INIT(initrd_unpack, TESS_INIT_FS + 2);
