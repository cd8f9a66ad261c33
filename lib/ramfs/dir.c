/* SPDX-License-Identifier: BSD-3-Clause */
/* ramfs directories: entries in creation order, a hash table for large
 * directories, lookup and readdir with stable cookies. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>

#include "ramfs_impl.h"

/* FNV-1a, 32 bits: short names spread well, and it is a few lines. */
static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 16777619u;
	}
	return h;
}

static bool name_is(const struct ramfs_dirent *de, const char *name, size_t len,
		    uint32_t hash)
{
	return de->hash == hash && de->len == len &&
	       memcmp(de->name, name, len) == 0;
}

/* The head of hash's chain. */
static struct ramfs_dirent **bucket(struct ramfs_dir *d, uint32_t hash)
{
	return &d->buckets[hash & (d->nbuckets - 1)].first;
}

/* (Re)builds the hash table with nbuckets chains from the list. Keeps
 * the old table when the heap is out: lookups stay correct, only
 * slower. */
static void hash_rebuild(struct ramfs_dir *d, size_t nbuckets)
{
	struct ramfs_bucket *table =
		tess_calloc(tess_alloc_default(), nbuckets, sizeof(*table));
	struct tess_list *pos;

	if (!table)
		return;
	tess_free(tess_alloc_default(), d->buckets);
	d->buckets = table;
	d->nbuckets = nbuckets;
	tess_list_for_each (pos, &d->entries) {
		struct ramfs_dirent *de =
			tess_list_entry(pos, struct ramfs_dirent, link);
		struct ramfs_dirent **b = bucket(d, de->hash);

		de->hash_next = *b;
		*b = de;
	}
}

struct ramfs_dirent *ramfs_dir_find(struct ramfs_node *dir, const char *name,
				    size_t len)
{
	struct ramfs_dir *d = &dir->u.dir;
	uint32_t hash = name_hash(name, len);
	struct tess_list *pos;

	if (d->buckets) {
		for (struct ramfs_dirent *de = *bucket(d, hash); de;
		     de = de->hash_next)
			if (name_is(de, name, len, hash))
				return de;
		return NULL;
	}
	tess_list_for_each (pos, &d->entries) {
		struct ramfs_dirent *de =
			tess_list_entry(pos, struct ramfs_dirent, link);

		if (name_is(de, name, len, hash))
			return de;
	}
	return NULL;
}

struct ramfs_dirent *ramfs_dirent_new(const char *name, size_t len)
{
	struct ramfs_dirent *de =
		tess_malloc(tess_alloc_default(), sizeof(*de) + len + 1);

	if (!de)
		return NULL;
	tess_list_init(&de->link);
	de->hash_next = NULL;
	de->node = NULL;
	de->index = 0;
	de->hash = name_hash(name, len);
	de->len = (uint16_t)len;
	memcpy(de->name, name, len);
	de->name[len] = '\0';
	return de;
}

void ramfs_dir_insert(struct ramfs_node *dir, struct ramfs_dirent *de)
{
	struct ramfs_dir *d = &dir->u.dir;

	/* Appended with the highest index: the list stays in index order,
	 * which readdir's resumption relies on. */
	de->index = d->next_index++;
	tess_list_push_back(&d->entries, &de->link);
	d->count++;
	if (d->buckets) {
		struct ramfs_dirent **b = bucket(d, de->hash);

		de->hash_next = *b;
		*b = de;
	}
	if (d->count > RAMFS_DIR_HASH_MIN && d->count > 2 * d->nbuckets)
		hash_rebuild(d, d->nbuckets ? 4 * d->nbuckets
					    : 2 * RAMFS_DIR_HASH_MIN);
}

int ramfs_dir_add(struct ramfs_node *dir, const char *name, size_t len,
		  struct ramfs_node *child)
{
	struct ramfs_dirent *de = ramfs_dirent_new(name, len);

	if (!de)
		return -ENOSPC;
	de->node = child;
	ramfs_dir_insert(dir, de);
	return 0;
}

void ramfs_dir_remove(struct ramfs_node *dir, struct ramfs_dirent *de)
{
	struct ramfs_dir *d = &dir->u.dir;

	if (d->buckets) {
		struct ramfs_dirent **p = bucket(d, de->hash);

		while (*p != de)
			p = &(*p)->hash_next;
		*p = de->hash_next;
	}
	if (d->resume == de)
		d->resume = NULL;
	tess_list_remove(&de->link);
	d->count--;
	tess_free(tess_alloc_default(), de);
}

void ramfs_dir_clear(struct ramfs_node *dir)
{
	struct ramfs_dir *d = &dir->u.dir;
	struct tess_list *pos, *tmp;

	tess_list_for_each_safe (pos, tmp, &d->entries) {
		tess_list_remove(pos);
		tess_free(tess_alloc_default(),
			  tess_list_entry(pos, struct ramfs_dirent, link));
	}
	tess_free(tess_alloc_default(), d->buckets);
	d->buckets = NULL;
	d->nbuckets = 0;
	d->count = 0;
	d->resume = NULL;
}

int ramfs_lookup(struct tess_vnode *vn, const char *name, size_t len,
		 struct tess_vnode **out)
{
	struct ramfs_node *dir = ramfs_node(vn), *found = NULL;
	int err = 0;

	if (!ramfs_is(dir, TESS_S_IFDIR))
		return -ENOTDIR;
	if (len == 0 || len > TESS_VFS_NAME_MAX)
		return len ? -ENAMETOOLONG : -ENOENT;
	ramfs_node_lock(dir);
	if (len == 1 && name[0] == '.') {
		found = dir;
	} else if (len == 2 && name[0] == '.' && name[1] == '.') {
		found = dir->u.dir.parent;
	} else if (ramfs_dir_removed(dir)) {
		err = -ENOENT;
	} else {
		struct ramfs_dirent *de = ramfs_dir_find(dir, name, len);

		if (de)
			found = de->node;
		else
			err = -ENOENT;
	}
	ramfs_node_unlock(dir);
	if (err)
		return err;
	/* The namespace lock is held (an [ns] op): found cannot go away
	 * between the unlock and the reference. */
	tess_vnode_ref_locked(&found->vn);
	*out = &found->vn;
	return 0;
}

/* The first entry whose index is at least cookie, or NULL. */
static struct ramfs_dirent *resume_at(struct ramfs_dir *d, uint64_t cookie)
{
	struct tess_list *pos;

	if (d->resume && d->resume_cookie == cookie)
		return d->resume;
	tess_list_for_each (pos, &d->entries) {
		struct ramfs_dirent *de =
			tess_list_entry(pos, struct ramfs_dirent, link);

		if (de->index >= cookie)
			return de;
	}
	return NULL;
}

static struct ramfs_dirent *next_entry(struct ramfs_dir *d,
				       struct ramfs_dirent *de)
{
	if (de->link.next == &d->entries)
		return NULL;
	return tess_list_entry(de->link.next, struct ramfs_dirent, link);
}

/*
 * Cookies: 0 is ".", 1 is "..", and an entry's cookie is its index (2 and
 * up, never reused in this directory); the cookie after an entry is its
 * index + 1. Resuming at the first entry with an index >= cookie is right
 * whatever was added or removed since: removed entries are simply not
 * there, new ones come last.
 */
int ramfs_readdir(struct tess_vnode *vn, uint64_t *cookie,
		  tess_vfs_dirent_fn emit, void *ctx)
{
	struct ramfs_node *dir = ramfs_node(vn);
	struct ramfs_dir *d = &dir->u.dir;
	struct ramfs_dirent *de;
	uint64_t c = *cookie;
	int err = 0;

	if (!ramfs_is(dir, TESS_S_IFDIR))
		return -ENOTDIR;
	ramfs_node_lock(dir);
	if (ramfs_dir_removed(dir)) { /* Linux's getdents says -ENOENT */
		err = -ENOENT;
		goto out;
	}
	if (c == 0) {
		if (emit(ctx, ".", 1, vn->ino, TESS_DT_DIR, 1))
			goto stopped;
		c = 1;
	}
	if (c == 1) {
		if (emit(ctx, "..", 2, d->parent->vn.ino, TESS_DT_DIR, 2))
			goto stopped;
		c = 2;
	}
	for (de = resume_at(d, c); de; de = next_entry(d, de)) {
		if (emit(ctx, de->name, de->len, de->node->vn.ino,
			 tess_vfs_dtype(de->node->vn.mode), de->index + 1)) {
			d->resume = de;
			d->resume_cookie = c;
			goto stopped;
		}
		c = de->index + 1;
	}
	d->resume = NULL;
stopped:
	*cookie = c;
	ramfs_node_accessed(dir);
out:
	ramfs_node_unlock(dir);
	return err;
}
