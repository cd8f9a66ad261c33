/* SPDX-License-Identifier: BSD-3-Clause */
/* The file system type "ramfs": mount options, mounting, unmounting. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/debug.h>
#include <tess/init.h>

#include "ramfs_impl.h"

struct ramfs_options {
	unsigned long size; /* 0: no cap */
	uint32_t mode;	    /* the root's permissions */
};

static int parse_mode(const char *text, uint32_t *out)
{
	uint32_t mode = 0;

	if (!*text)
		return -EINVAL;
	for (; *text; text++) {
		if (*text < '0' || *text > '7' || mode > 07777 / 8)
			return -EINVAL;
		mode = mode * 8 + (uint32_t)(*text - '0');
	}
	*out = mode;
	return 0;
}

/* One "name=value" option (NUL-terminated): 0 or -EINVAL, as Linux
 * answers a bad mount option. */
static int parse_option(const char *opt, struct ramfs_options *o)
{
	if (strncmp(opt, "size=", 5) == 0) {
		if (tess_param_parse_size(opt + 5, &o->size) == 0)
			return 0;
		tess_pr_err("mount option '%s': not a size (N[K|M|G])", opt);
	} else if (strncmp(opt, "mode=", 5) == 0) {
		if (parse_mode(opt + 5, &o->mode) == 0)
			return 0;
		tess_pr_err("mount option '%s': not an octal mode <= 7777",
			    opt);
	} else {
		tess_pr_err("unknown mount option '%s' (known: size=, mode=)",
			    opt);
	}
	return -EINVAL;
}

/* Comma-separated options; empty ones are skipped, as Linux does. */
static int parse_options(const char *opts, struct ramfs_options *o)
{
	char opt[64];

	while (*opts) {
		size_t len = strcspn(opts, ",");
		int err;

		if (len >= sizeof(opt)) {
			tess_pr_err("mount option '%.*s...' is too long", 16,
				    opts);
			return -EINVAL;
		}
		memcpy(opt, opts, len);
		opt[len] = '\0';
		opts += len;
		if (*opts == ',')
			opts++;
		if (!len)
			continue;
		err = parse_option(opt, o);
		if (err)
			return err;
	}
	return 0;
}

static int ramfs_mount(struct tess_mount *m, const char *source,
		       const char *opts)
{
	struct ramfs_options o = {0, 0755};
	struct ramfs_mount *fs;
	struct ramfs_node *root;
	int err;

	(void)source; /* any: there is nothing to read */
	err = parse_options(opts ? opts : "", &o);
	if (err)
		return err;
	fs = tess_calloc(tess_alloc_default(), 1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	tess_lock_mutex_init(&fs->lock);
	tess_list_init(&fs->nodes);
	fs->next_ino = 1;
	fs->cap_bytes = o.size;
	root = ramfs_node_new(fs, TESS_S_IFDIR | o.mode);
	if (!root) {
		tess_free(tess_alloc_default(), fs);
		return -ENOMEM;
	}
	root->vn.mount = m;
	root->nlink = 2;
	root->u.dir.parent = root;
	m->root = &root->vn; /* with ramfs_node_new's reference */
	m->data = fs;
	return 0;
}

/* The vfs dropped the root's reference: busy while any node is still
 * referenced (an open file, a current directory, an unlinked file still
 * open); otherwise everything goes. Namespace lock held. */
static int ramfs_unmount(struct tess_mount *m)
{
	struct ramfs_mount *fs = m->data;
	struct tess_list *pos, *tmp;

	tess_lock_mutex_lock(&fs->lock);
	tess_list_for_each (pos, &fs->nodes) {
		if (tess_list_entry(pos, struct ramfs_node, link)->vn.refs) {
			tess_lock_mutex_unlock(&fs->lock);
			return -EBUSY;
		}
	}
	tess_list_for_each_safe (pos, tmp, &fs->nodes)
		ramfs_node_free(tess_list_entry(pos, struct ramfs_node, link));
	tess_lock_mutex_unlock(&fs->lock);
	tess_free(tess_alloc_default(), fs);
	m->data = NULL;
	m->root = NULL;
	return 0;
}

TESS_VFS_FS(ramfs, .name = "ramfs", .mount = ramfs_mount,
	    .unmount = ramfs_unmount);
