/* SPDX-License-Identifier: BSD-3-Clause */
/* The "9p" file system type, its sessions, and 9pfs.mount= at boot. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/debug.h>
#include <tess/init.h>

#include "p9fs_impl.h"

#define VERSION	  "9P2000.L"
#define MSIZE_MAX (512u << 10)

static int session_start(struct p9_session *s, struct tess_mount *m)
{
	struct p9_buf *b, r;
	const char *version;
	struct p9_qid qid;
	struct p9_node *root;
	size_t vlen;
	uint32_t msize;
	int err;

	p9_lock(s);
	b = p9_request(s, P9_TVERSION);
	/* Tversion's tag is NOTAG (9P): rewrite the one p9_request put. */
	s->out.data[5] = 0xff;
	s->out.data[6] = 0xff;
	p9_put32(b, s->msize);
	p9_putstr(b, VERSION, strlen(VERSION));
	err = p9_call(s, b, P9_TVERSION, &r);
	if (err)
		goto out;
	msize = p9_get32(&r);
	version = p9_getstr(&r, &vlen);
	if (r.err || !version || vlen != strlen(VERSION) ||
	    memcmp(version, VERSION, vlen) != 0) {
		tess_pr_err("9p %s: the server does not speak %s", s->t->tag,
			    VERSION);
		err = -EPROTONOSUPPORT;
		goto out;
	}
	if (msize < 4096 || msize > s->msize) {
		err = -EPROTO;
		goto out;
	}
	s->msize = msize;
	b = p9_request(s, P9_TATTACH);
	p9_put32(b, 0); /* the root's fid */
	p9_put32(b, P9_NOFID);
	p9_putstr(b, "root", 4);
	p9_putstr(b, "", 0);
	p9_put32(b, 0); /* n_uname: root */
	s->next_fid = 1;
	err = p9_call(s, b, P9_TATTACH, &r);
	if (err)
		goto out;
	qid = p9_getqid(&r);
	root = p9_node_get(s, m, 0, qid, TESS_S_IFDIR | 0755);
	if (!root) {
		err = -ENOMEM;
		goto out;
	}
	m->root = &root->vn;
out:
	p9_unlock(s);
	return err;
}

static void session_free(struct p9_session *s)
{
	tess_free(tess_alloc_default(), s->req);
	tess_free(tess_alloc_default(), s->resp);
	tess_free(tess_alloc_default(), s->free_fids);
	tess_free(tess_alloc_default(), s);
}

static int p9_mount(struct tess_mount *m, const char *source, const char *opts)
{
	struct tess_9p_transport *t = p9_transport_find(source);
	struct p9_session *s;
	int err;

	(void)opts;
	if (!t) {
		tess_pr_err("9p: no device with the tag '%s' (tess run -v "
			    "HOSTDIR:GUESTDIR gives one)",
			    source);
		return -ENODEV;
	}
	s = tess_calloc(tess_alloc_default(), 1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->t = t;
	s->msize = t->msize < MSIZE_MAX ? t->msize : MSIZE_MAX;
	s->req = tess_malloc(tess_alloc_default(), s->msize);
	s->resp = tess_malloc(tess_alloc_default(), s->msize);
	tess_lock_mutex_init(&s->lock);
	for (unsigned i = 0; i < P9_CACHE_BUCKETS; i++)
		tess_list_init(&s->cache[i]);
	err = s->req && s->resp ? session_start(s, m) : -ENOMEM;
	if (err) {
		session_free(s);
		return err;
	}
	m->data = s;
	return 0;
}

static int p9_unmount(struct tess_mount *m)
{
	struct p9_session *s = m->data;
	struct p9_node *root = p9_node_of(m->root);

	/* Called once the root's only reference is the mount's: every
	 * other node is gone (the vfs refused while any was open). */
	p9_lock(s);
	tess_list_remove(&root->cache_link);
	p9_clunk(s, root->io_fid);
	p9_clunk(s, root->fid);
	p9_unlock(s);
	tess_free(tess_alloc_default(), root);
	session_free(s);
	return 0;
}

TESS_VFS_FS(p9, .name = "9p", .mount = p9_mount, .unmount = p9_unmount);

/* 9pfs.mount=TAG:GUESTDIR[:ro], up to MOUNTS_MAX. */
#define MOUNTS_MAX 8
static struct {
	char tag[32];
	char dir[256];
	bool ro;
} mounts[MOUNTS_MAX];
static unsigned nmounts;

static int mount_param(const char *value)
{
	const char *colon = strchr(value, ':');
	const char *dir, *end;
	size_t taglen, dirlen;

	if (nmounts == MOUNTS_MAX)
		return -E2BIG;
	if (!colon || colon == value || colon[1] != '/')
		goto bad;
	taglen = (size_t)(colon - value);
	dir = colon + 1;
	end = strchr(dir, ':');
	dirlen = end ? (size_t)(end - dir) : strlen(dir);
	if (end && strcmp(end, ":ro") != 0)
		goto bad;
	if (taglen >= sizeof(mounts[0].tag) || dirlen >= sizeof(mounts[0].dir))
		return -ENAMETOOLONG;
	memcpy(mounts[nmounts].tag, value, taglen);
	memcpy(mounts[nmounts].dir, dir, dirlen);
	mounts[nmounts].ro = end != NULL;
	nmounts++;
	return 0;
bad:
	tess_pr_err("9pfs.mount=%s: needs TAG:/GUESTDIR or TAG:/GUESTDIR:ro",
		    value);
	return -EINVAL;
}
TESS_PARAM(p9_mount, "9pfs.mount", mount_param,
	   "TAG:/GUESTDIR[:ro]: mount the host folder shared as TAG "
	   "(tess run -v)");

/* mkdir -p of path, through the vfs. */
static int dir_make(const char *path)
{
	char part[256];
	int err = 0;

	for (size_t i = 1; !err && path[i - 1]; i++) {
		struct tess_vfs_path p;

		if (path[i] != '/' && path[i] != '\0')
			continue;
		memcpy(part, path, i);
		part[i] = '\0';
		tess_vfs_ns_lock();
		err = tess_vfs_lookup(TESS_AT_FDCWD, part,
				      TESS_VFS_LOOKUP_PARENT |
					      TESS_VFS_LOOKUP_FOLLOW,
				      &p);
		if (!err) {
			if (p.len && !p.vn)
				err = p.dir->ops->mkdir
					      ? p.dir->ops->mkdir(
							p.dir, p.name, p.len,
							TESS_S_IFDIR | 0755)
					      : -EPERM;
			tess_vfs_path_put(&p);
		}
		tess_vfs_ns_unlock();
		if (!path[i])
			break;
	}
	return err == -EEXIST ? 0 : err;
}

static int mounts_at_boot(void)
{
	for (unsigned i = 0; i < nmounts; i++) {
		int err = dir_make(mounts[i].dir);

		if (!err)
			err = tess_vfs_mount(mounts[i].tag, mounts[i].dir, "9p",
					     mounts[i].ro ? TESS_MOUNT_RDONLY
							  : 0,
					     "");
		if (err) {
			tess_pr_err("9pfs.mount=%s:%s: cannot mount it: %s",
				    mounts[i].tag, mounts[i].dir,
				    tess_errno_text(err));
			return err;
		}
	}
	return 0;
}
/* After the root (TESS_INIT_FS), /dev (+1) and the initrd (+2). */
TESS_INIT(mounts_at_boot, TESS_INIT_FS + 3);
