/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/ramfs's internals shared between its sources. */
#ifndef TESS_RAMFS_IMPL_H
#define TESS_RAMFS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/list.h>
#include <tess/lock.h>
#include <tess/vfs.h>

/* File data is kept in pages of this size. */
#define RAMFS_PAGE 4096u
/* The largest file size (Linux's MAX_LFS_FILESIZE on 64-bit). */
#define RAMFS_SIZE_MAX ((uint64_t)INT64_MAX)
/* A directory looks names up in a hash table beyond this many entries. */
#define RAMFS_DIR_HASH_MIN 32
/* The bytes a directory entry adds to a directory's st_size (tmpfs's
 * BOGO_DIRENT_SIZE: a size for `ls -l`, not memory). */
#define RAMFS_DIRENT_BOGO 20

/* One mounted instance. Every field below lock is guarded by it. */
struct ramfs_mount {
	struct tess_lock_mutex lock;
	struct tess_list nodes; /* every node not yet freed */
	uint64_t next_ino;
	uint64_t cap_bytes;  /* size= (0: none) */
	uint64_t data_bytes; /* pages of file data held, in bytes */
};

/* A name in a directory. */
struct ramfs_dirent {
	struct tess_list link;		/* the directory's, in index order */
	struct ramfs_dirent *hash_next; /* its hash bucket's chain */
	struct ramfs_node *node;
	uint64_t index; /* readdir cookie: unique, increasing in a dir */
	uint32_t hash;
	uint16_t len;
	char name[];
};

/* A hash chain of a large directory. */
struct ramfs_bucket {
	struct ramfs_dirent *first;
};

struct ramfs_dir {
	struct tess_list entries; /* creation order */
	size_t count;
	uint64_t next_index;	      /* 0 and 1 are "." and ".." */
	struct ramfs_bucket *buckets; /* NULL: search the list */
	size_t nbuckets;	      /* a power of two */
	/* The parent; the root's is itself. A removed directory still in
	 * use keeps its former parent, and a vfs reference on it, so that
	 * its ".." works as on Linux (a removed current directory). */
	struct ramfs_node *parent;
	/* Where readdir stopped: the first entry at or after cookie
	 * resume_cookie (NULL: unknown, search from the start). */
	struct ramfs_dirent *resume;
	uint64_t resume_cookie;
};

struct ramfs_file {
	char **pages;	/* NULL entries are holes (zeros) */
	size_t slots;	/* entries in pages */
	size_t present; /* pages allocated */
	uint64_t size;
};

struct ramfs_node {
	struct tess_vnode vn; /* vn.mode: type and permission bits */
	struct ramfs_mount *fs;
	struct tess_list link; /* in fs->nodes */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t rdev;
	struct tess_vfs_timespec atime, mtime, ctime;
	union {
		struct ramfs_file file;
		struct ramfs_dir dir;
		struct {
			char *target;
			size_t len;
		} symlink;
	} u;
};

static inline struct ramfs_node *ramfs_node(struct tess_vnode *vn)
{
	return tess_container_of(vn, struct ramfs_node, vn);
}

static inline bool ramfs_is(const struct ramfs_node *n, uint32_t type)
{
	return TESS_S_ISTYPE(n->vn.mode, type);
}

/* A directory that was removed (rmdir, or replaced by a rename) but is
 * still referenced: nothing can be looked up or made in it. */
static inline bool ramfs_dir_removed(const struct ramfs_node *dir)
{
	return dir->nlink == 0;
}

extern const struct tess_vnode_ops ramfs_vnode_ops;

/* node.c. */
struct tess_vfs_timespec ramfs_now(void);
/* A new node of mode (type and permissions) with one vfs reference and
 * no names (nlink 0), or NULL when the heap is out. fs locked. */
struct ramfs_node *ramfs_node_new(struct ramfs_mount *fs, uint32_t mode);
/* Frees node and everything it holds (a directory's entries, not the
 * nodes they name). fs locked. */
void ramfs_node_free(struct ramfs_node *node);
/* Frees node if nothing holds it: no names and no vfs references
 * (namespace lock held, so the count cannot change). fs locked. */
void ramfs_node_free_if_unused(struct ramfs_node *node);
/* Access time after a read, as Linux's relatime: only when it is not
 * newer than the last change, or a day old. fs locked. */
void ramfs_node_accessed(struct ramfs_node *node);
void ramfs_node_lock(struct ramfs_node *node);
void ramfs_node_unlock(struct ramfs_node *node);

/* dir.c (fs locked). */
struct ramfs_dirent *ramfs_dir_find(struct ramfs_node *dir, const char *name,
				    size_t len);
/* Adds (name, len) -> child at the end of dir: 0 or -ENOSPC. */
int ramfs_dir_add(struct ramfs_node *dir, const char *name, size_t len,
		  struct ramfs_node *child);
/* A new entry for (name, len) that is in no directory yet (rename
 * allocates before it changes anything), and putting it in one. */
struct ramfs_dirent *ramfs_dirent_new(const char *name, size_t len);
void ramfs_dir_insert(struct ramfs_node *dir, struct ramfs_dirent *de);
/* Takes de out of dir and frees it. */
void ramfs_dir_remove(struct ramfs_node *dir, struct ramfs_dirent *de);
/* Frees every entry and the hash table (the named nodes stay). */
void ramfs_dir_clear(struct ramfs_node *dir);
int ramfs_lookup(struct tess_vnode *dir, const char *name, size_t len,
		 struct tess_vnode **out);
int ramfs_readdir(struct tess_vnode *dir, uint64_t *cookie,
		  tess_vfs_dirent_fn emit, void *ctx);

/* names.c. */
int ramfs_create(struct tess_vnode *dir, const char *name, size_t len,
		 uint32_t mode, struct tess_vnode **out);
int ramfs_mkdir(struct tess_vnode *dir, const char *name, size_t len,
		uint32_t mode);
int ramfs_symlink(struct tess_vnode *dir, const char *name, size_t len,
		  const char *target);
int ramfs_mknod(struct tess_vnode *dir, const char *name, size_t len,
		uint32_t mode, uint64_t rdev, struct tess_vnode **out);
int ramfs_link(struct tess_vnode *dir, const char *name, size_t len,
	       struct tess_vnode *target);
int ramfs_unlink(struct tess_vnode *dir, const char *name, size_t len);
int ramfs_rmdir(struct tess_vnode *dir, const char *name, size_t len);
int ramfs_rename(struct tess_vnode *olddir, const char *old, size_t oldlen,
		 struct tess_vnode *newdir, const char *new_name, size_t newlen,
		 unsigned flags);

/* data.c. */
long ramfs_read(struct tess_vnode *vn, const struct tess_iovec *iov, int count,
		uint64_t offset, bool nonblock);
long ramfs_write(struct tess_vnode *vn, const struct tess_iovec *iov, int count,
		 uint64_t offset, bool nonblock);
long ramfs_readlink(struct tess_vnode *vn, char *buf, size_t len);
/* Sets a regular file's size: grows with zeros (holes), shrinks freeing
 * the pages past the end. fs locked. */
void ramfs_file_truncate(struct ramfs_node *node, uint64_t size);
/* Frees every page of a regular file. fs locked. */
void ramfs_file_free(struct ramfs_node *node);

#endif /* TESS_RAMFS_IMPL_H */
