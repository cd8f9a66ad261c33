/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tess run --initrd DIR: the folder packed on the fly into a cpio archive
 * in the newc format (what lib/initrd unpacks, and `cpio -H newc`
 * writes), entries in name order so the same folder gives the same
 * archive. Directories, regular files, symbolic links and device nodes;
 * hard links are stored as separate files.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tess.h"

struct packer {
	FILE *out;
	unsigned long ino;
	char *why;
	size_t whylen;
};

static int header(struct packer *p, const char *name, const struct stat *st,
		  unsigned long size)
{
	size_t namesize = strlen(name) + 1;
	static const char zeros[4];

	fprintf(p->out,
		"070701%08lX%08X%08X%08X%08lX%08lX%08lX%08X%08X%08X%08X%08zX"
		"%08X",
		++p->ino, (unsigned)st->st_mode, (unsigned)st->st_uid,
		(unsigned)st->st_gid, 1ul,
		(unsigned long)(st->st_mtime > 0 ? st->st_mtime : 0), size,
		0u, 0u, major(st->st_rdev), minor(st->st_rdev), namesize, 0u);
	fwrite(name, 1, namesize, p->out);
	fwrite(zeros, 1, (4 - (110 + namesize) % 4) % 4, p->out);
	return ferror(p->out) ? -EIO : 0;
}

static int pad(struct packer *p, unsigned long size)
{
	static const char zeros[4];

	fwrite(zeros, 1, (4 - size % 4) % 4, p->out);
	return ferror(p->out) ? -EIO : 0;
}

static int fail(struct packer *p, const char *path, int err)
{
	snprintf(p->why, p->whylen, "%s: %s", path, strerror(err));
	return -err;
}

static int pack_file(struct packer *p, const char *path, const char *name,
		     const struct stat *st)
{
	FILE *in = fopen(path, "rb");
	char buf[65536];
	unsigned long left = (unsigned long)st->st_size;
	int err;

	if (!in)
		return fail(p, path, errno);
	err = header(p, name, st, left);
	while (!err && left) {
		size_t n = fread(buf, 1, sizeof(buf), in);

		if (n == 0) {
			err = fail(p, path, ferror(in) ? errno : EIO);
			break;
		}
		if (n > left)
			n = left; /* the file grew meanwhile */
		fwrite(buf, 1, n, p->out);
		left -= n;
	}
	fclose(in);
	return err ? err : pad(p, (unsigned long)st->st_size);
}

static int pack_entry(struct packer *p, const char *path, const char *name)
{
	struct stat st;
	char target[PATH_MAX];
	ssize_t n;
	int err;

	if (lstat(path, &st) < 0)
		return fail(p, path, errno);
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:
		return pack_file(p, path, name, &st);
	case S_IFLNK:
		n = readlink(path, target, sizeof(target));
		if (n < 0 || n == (ssize_t)sizeof(target))
			return fail(p, path, n < 0 ? errno : ENAMETOOLONG);
		err = header(p, name, &st, (unsigned long)n);
		fwrite(target, 1, (size_t)n, p->out);
		return err ? err : pad(p, (unsigned long)n);
	default: /* directories, devices, FIFOs, sockets: no data */
		return header(p, name, &st, 0);
	}
}

static int pack_dir(struct packer *p, const char *dir, const char *prefix)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort), err = 0;

	if (n < 0)
		return fail(p, dir, errno);
	for (int i = 0; i < n; i++) {
		const char *d = list[i]->d_name;
		char *path = NULL, *name = NULL;
		struct stat st;

		if (err || strcmp(d, ".") == 0 || strcmp(d, "..") == 0)
			continue;
		if (asprintf(&path, "%s/%s", dir, d) < 0 ||
		    asprintf(&name, "%s%s%s", prefix, *prefix ? "/" : "",
			     d) < 0) {
			err = -ENOMEM;
		} else {
			err = pack_entry(p, path, name);
			if (!err && lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
				err = pack_dir(p, path, name);
		}
		free(path);
		free(name);
	}
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return err;
}

int tess_initrd_pack(const char *dir, int fd, char *why, size_t whylen)
{
	struct packer p = {fdopen(dup(fd), "wb"), 0, why, whylen};
	struct stat st = {.st_mode = 0};
	int err;

	if (!p.out)
		return fail(&p, dir, errno);
	err = pack_dir(&p, dir, "");
	if (!err)
		err = header(&p, "TRAILER!!!", &st, 0);
	if (fclose(p.out) != 0 && !err)
		err = fail(&p, dir, errno);
	return err;
}
