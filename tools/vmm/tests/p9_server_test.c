/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of the 9P2000.L server over a temporary folder: each
 * message as a client sends it, built byte by byte, and each way a
 * client (or the host racing it) could try to get outside the share or
 * break the server: "..", names with '/', symlinks out of the folder, a
 * folder swapped for a symlink between walk and open, one moved out,
 * truncated, oversized and random messages, bad fids, fid exhaustion and
 * read-only shares. The last group runs in a thread confined by the
 * share's seccomp filter: a call it forbids ends the test (status 79).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HOST_CHECK_PREFIX "9p: "
#include "../../common/host_check.h"
#include "../p9_server.h"
#include "../seccomp.h"

static char base[64], share[96], outside[96];
static struct p9_server srv;
static uint8_t req[P9_MSIZE_MAX + 64], resp[P9_MSIZE_MAX];
static size_t reqn, rlen, rpos;
static size_t resp_cap = sizeof(resp);

/* ---- building T-messages and reading R-messages ------------------------ */

static void le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void t_begin(uint8_t type)
{
	reqn = 7;
	req[4] = type;
	le(req + 5, 1, 2); /* tag 1 */
}

static void t_u8(uint8_t v)
{
	req[reqn++] = v;
}
static void t_u16(uint16_t v)
{
	le(req + reqn, v, 2);
	reqn += 2;
}
static void t_u32(uint32_t v)
{
	le(req + reqn, v, 4);
	reqn += 4;
}
static void t_u64(uint64_t v)
{
	le(req + reqn, v, 8);
	reqn += 8;
}

static void t_strn(const char *s, size_t len)
{
	t_u16((uint16_t)len);
	memcpy(req + reqn, s, len);
	reqn += len;
}

static void t_str(const char *s)
{
	t_strn(s, strlen(s));
}

static uint64_t r_get(int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n && rpos + i < rlen; i++)
		v |= (uint64_t)resp[rpos + i] << (8 * i);
	rpos += (size_t)n;
	return v;
}

/* Sends the message to s: returns -errno for an Rlerror, else 0 with
 * the reply's body next for r_get. */
static int t_send(struct p9_server *s)
{
	le(req, reqn, 4);
	rlen = p9_serve(s, req, reqn, resp, resp_cap);
	rpos = 7;
	if (rlen < 7)
		return -1000;
	if (resp[4] == P9_RLERROR)
		return -(int)r_get(4);
	return resp[4] == req[4] + 1 ? 0 : -1001;
}

struct qid {
	uint8_t type;
	uint64_t path;
};

static struct qid r_qid(void)
{
	struct qid q = {0};

	q.type = (uint8_t)r_get(1);
	(void)r_get(4);
	q.path = r_get(8);
	return q;
}

/* ---- one call per message ------------------------------------------- */

static int version(struct p9_server *s, uint32_t msize, const char *v)
{
	t_begin(P9_TVERSION);
	t_u32(msize);
	t_str(v);
	return t_send(s);
}

static int attach(struct p9_server *s, uint32_t fid)
{
	t_begin(P9_TATTACH);
	t_u32(fid);
	t_u32(P9_NOFID);
	t_str("user");
	t_str("");
	t_u32(0);
	return t_send(s);
}

/* A session on s with fid 0 at the root. */
static void session(struct p9_server *s)
{
	version(s, P9_MSIZE_MAX, P9_VERSION);
	attach(s, 0);
}

/* Walks n names; returns -errno or the qids walked (last in *last). */
static int walkv(struct p9_server *s, uint32_t fid, uint32_t newfid, int n,
		 const char *const *names, struct qid *last)
{
	int err, count;

	t_begin(P9_TWALK);
	t_u32(fid);
	t_u32(newfid);
	t_u16((uint16_t)n);
	for (int i = 0; i < n; i++)
		t_str(names[i]);
	if ((err = t_send(s)))
		return err;
	count = (int)r_get(2);
	for (int i = 0; i < count; i++) {
		struct qid q = r_qid();

		if (last)
			*last = q;
	}
	return count;
}

static int walk1(struct p9_server *s, uint32_t fid, uint32_t newfid,
		 const char *name, struct qid *q)
{
	return walkv(s, fid, newfid, name ? 1 : 0, &name, q);
}

static int clunk(struct p9_server *s, uint32_t fid)
{
	t_begin(P9_TCLUNK);
	t_u32(fid);
	return t_send(s);
}

static int lopen(struct p9_server *s, uint32_t fid, uint32_t flags)
{
	t_begin(P9_TLOPEN);
	t_u32(fid);
	t_u32(flags);
	return t_send(s);
}

static int lcreate(struct p9_server *s, uint32_t fid, const char *name,
		   uint32_t flags, uint32_t mode)
{
	t_begin(P9_TLCREATE);
	t_u32(fid);
	t_str(name);
	t_u32(flags);
	t_u32(mode);
	t_u32(0);
	return t_send(s);
}

/* A new fid at name under the root, opened with flags. */
static int open_at(struct p9_server *s, uint32_t fid, const char *name,
		   uint32_t flags)
{
	int err = walk1(s, 0, fid, name, NULL);

	return err < 0 ? err : lopen(s, fid, flags);
}

static long p9write(struct p9_server *s, uint32_t fid, uint64_t off,
		    const void *data, uint32_t len)
{
	int err;

	t_begin(P9_TWRITE);
	t_u32(fid);
	t_u64(off);
	t_u32(len);
	memcpy(req + reqn, data, len);
	reqn += len;
	if ((err = t_send(s)))
		return err;
	return (long)r_get(4);
}

static long p9read(struct p9_server *s, uint32_t fid, uint64_t off,
		   uint32_t count, char *buf)
{
	uint32_t n;
	int err;

	t_begin(P9_TREAD);
	t_u32(fid);
	t_u64(off);
	t_u32(count);
	if ((err = t_send(s)))
		return err;
	n = (uint32_t)r_get(4);
	if (buf)
		memcpy(buf, resp + rpos, n);
	return n;
}

struct attr {
	struct qid qid;
	uint32_t mode, uid, gid;
	uint64_t nlink, size, atime, mtime, mtime_nsec;
};

static int getattr(struct p9_server *s, uint32_t fid, struct attr *a)
{
	int err;

	t_begin(P9_TGETATTR);
	t_u32(fid);
	t_u64(P9_GETATTR_BASIC);
	if ((err = t_send(s)))
		return err;
	(void)r_get(8);
	a->qid = r_qid();
	a->mode = (uint32_t)r_get(4);
	a->uid = (uint32_t)r_get(4);
	a->gid = (uint32_t)r_get(4);
	a->nlink = r_get(8);
	(void)r_get(8); /* rdev */
	a->size = r_get(8);
	(void)r_get(8); /* blksize */
	(void)r_get(8); /* blocks */
	a->atime = r_get(8);
	(void)r_get(8);
	a->mtime = r_get(8);
	a->mtime_nsec = r_get(8);
	return 0;
}

static int setattr(struct p9_server *s, uint32_t fid, uint32_t valid,
		   uint32_t mode, uint32_t uid, uint64_t size, uint64_t mtime,
		   uint64_t mtime_nsec)
{
	t_begin(P9_TSETATTR);
	t_u32(fid);
	t_u32(valid);
	t_u32(mode);
	t_u32(uid);
	t_u32((uint32_t)-1);
	t_u64(size);
	t_u64(0);
	t_u64(0);
	t_u64(mtime);
	t_u64(mtime_nsec);
	return t_send(s);
}

static int mkdir_(struct p9_server *s, uint32_t dfid, const char *name,
		  uint32_t mode)
{
	t_begin(P9_TMKDIR);
	t_u32(dfid);
	t_str(name);
	t_u32(mode);
	t_u32(0);
	return t_send(s);
}

static int symlink_(struct p9_server *s, uint32_t dfid, const char *name,
		    const char *target)
{
	t_begin(P9_TSYMLINK);
	t_u32(dfid);
	t_str(name);
	t_str(target);
	t_u32(0);
	return t_send(s);
}

static int readlink_(struct p9_server *s, uint32_t fid, char *buf)
{
	int err, len;

	t_begin(P9_TREADLINK);
	t_u32(fid);
	if ((err = t_send(s)))
		return err;
	len = (int)r_get(2);
	memcpy(buf, resp + rpos, (size_t)len);
	buf[len] = '\0';
	return 0;
}

static int unlinkat_(struct p9_server *s, uint32_t dfid, const char *name,
		     uint32_t flags)
{
	t_begin(P9_TUNLINKAT);
	t_u32(dfid);
	t_str(name);
	t_u32(flags);
	return t_send(s);
}

static int renameat_(struct p9_server *s, uint32_t od, const char *on,
		     uint32_t nd, const char *nn)
{
	t_begin(P9_TRENAMEAT);
	t_u32(od);
	t_str(on);
	t_u32(nd);
	t_str(nn);
	return t_send(s);
}

static int rename_(struct p9_server *s, uint32_t fid, uint32_t dfid,
		   const char *name)
{
	t_begin(P9_TRENAME);
	t_u32(fid);
	t_u32(dfid);
	t_str(name);
	return t_send(s);
}

static int remove_(struct p9_server *s, uint32_t fid)
{
	t_begin(P9_TREMOVE);
	t_u32(fid);
	return t_send(s);
}

static int link_(struct p9_server *s, uint32_t dfid, uint32_t fid,
		 const char *name)
{
	t_begin(P9_TLINK);
	t_u32(dfid);
	t_u32(fid);
	t_str(name);
	return t_send(s);
}

static int mknod_(struct p9_server *s, uint32_t dfid, const char *name,
		  uint32_t mode)
{
	t_begin(P9_TMKNOD);
	t_u32(dfid);
	t_str(name);
	t_u32(mode);
	t_u32(1);
	t_u32(3);
	t_u32(0);
	return t_send(s);
}

/* Tlock: the status, or -errno. */
static int lock_(struct p9_server *s, uint32_t fid, uint8_t type,
		 uint32_t flags)
{
	int err;

	t_begin(P9_TLOCK);
	t_u32(fid);
	t_u8(type);
	t_u32(flags);
	t_u64(0);
	t_u64(0);
	t_u32(42);
	t_str("guest");
	if ((err = t_send(s)))
		return err;
	return (int)r_get(1);
}

/* Tgetlock: the type of a lock in the way, or -errno. */
static int getlock_(struct p9_server *s, uint32_t fid, uint8_t type)
{
	int err;

	t_begin(P9_TGETLOCK);
	t_u32(fid);
	t_u8(type);
	t_u64(0);
	t_u64(0);
	t_u32(42);
	t_str("guest");
	if ((err = t_send(s)))
		return err;
	return (int)r_get(1);
}

/* The names Treaddir gives for the opened folder fid, count bytes at a
 * time, joined by '/', in names (at most size); -errno on failure, or
 * the number of entries. */
static int readdir_all(struct p9_server *s, uint32_t fid, uint32_t count,
		       char *names, size_t size, uint64_t *dotdot_path)
{
	uint64_t offset = 0;
	int entries = 0, err;

	names[0] = '\0';
	for (;;) {
		uint32_t n;
		size_t end;

		t_begin(P9_TREADDIR);
		t_u32(fid);
		t_u64(offset);
		t_u32(count);
		if ((err = t_send(s)))
			return err;
		n = (uint32_t)r_get(4);
		if (n == 0)
			return entries;
		end = rpos + n;
		while (rpos < end) {
			struct qid q = r_qid();
			char name[256];
			uint16_t len;

			offset = r_get(8);
			(void)r_get(1);
			len = (uint16_t)r_get(2);
			memcpy(name, resp + rpos, len);
			name[len] = '\0';
			rpos += len;
			if (strcmp(name, "..") == 0 && dotdot_path)
				*dotdot_path = q.path;
			strncat(names, "/", size - strlen(names) - 1);
			strncat(names, name, size - strlen(names) - 1);
			entries++;
		}
	}
}

/* ---- the host side ------------------------------------------------------- */

static void host_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static bool host_has(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strcmp(buf, text) == 0;
}

static bool host_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Entries of the outside folder (the one the share must never reach). */
static int outside_entries(void)
{
	DIR *d = opendir(outside);
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static const char *in_share(const char *rel)
{
	static char path[4][256];
	static int next;

	next = (next + 1) % 4;
	snprintf(path[next], sizeof(path[next]), "%s/%s", share, rel);
	return path[next];
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static struct p9_server *server_new(struct p9_server *s, bool ro)
{
	char why[200];

	if (p9_server_init(s, p9_share_open(share), ro, why, sizeof(why))) {
		printf("# cannot start the server: %s\n", why);
		exit(1);
	}
	return s;
}

/* ---- the tests ------------------------------------------------------------ */

static void test_version_and_attach(void)
{
	struct qid q = {0};
	struct stat st;

	check(attach(&srv, 0) == -EPROTO,
	      "a message before Tversion is EPROTO");
	check(version(&srv, 8192, "9P2000") == 0 && r_get(4) == 8192 &&
		      r_get(2) == 7 && memcmp(resp + rpos, "unknown", 7) == 0 &&
		      attach(&srv, 0) == -EPROTO,
	      "Tversion of another dialect: version \"unknown\", no session");
	check(version(&srv, 512, P9_VERSION) == -EINVAL,
	      "Tversion with an msize under 4096 is EINVAL");
	check(version(&srv, 1u << 30, P9_VERSION) == 0 &&
		      r_get(4) == P9_MSIZE_MAX && r_get(2) == 8 &&
		      memcmp(resp + rpos, P9_VERSION, 8) == 0,
	      "Tversion 9P2000.L: msize capped at 512 KiB");
	t_begin(P9_TATTACH);
	t_u32(0);
	t_u32(7);
	t_str("");
	t_str("");
	t_u32(0);
	check(t_send(&srv) == -EINVAL,
	      "Tattach with an afid is EINVAL (no auth)");
	t_begin(P9_TATTACH);
	t_u32(0);
	t_u32(P9_NOFID);
	t_str("");
	t_str("/etc");
	check(t_send(&srv) == -ENOENT, "Tattach to another aname is ENOENT");
	stat(share, &st);
	check(attach(&srv, 0) == 0 && (q = r_qid(), q.type == P9_QTDIR) &&
		      q.path == st.st_ino,
	      "Tattach: the root's qid (a folder, path = inode)");
	check(attach(&srv, 0) == -EEXIST && attach(&srv, P9_NOFID) == -EINVAL,
	      "Tattach to a fid in use is EEXIST, to NOFID EINVAL");
	t_begin(P9_TFLUSH);
	t_u16(1);
	check(t_send(&srv) == 0 && rlen == 7, "Tflush: Rflush");
}

static void test_walk(void)
{
	static const char *dir_f[] = {"dir", "f"},
			  *dir_nope[] = {"dir", "nope"};
	static const char *up3[] = {"dir", "..", "..", ".."};
	static const char *many[17] = {"dir"};
	struct qid q = {0}, root;
	struct attr a;

	for (int i = 1; i < 17; i++)
		many[i] = "..";
	getattr(&srv, 0, &a);
	root = a.qid;
	check(walk1(&srv, 0, 1, "dir", &q) == 1 && q.type == P9_QTDIR,
	      "Twalk one name: its qid");
	check(walkv(&srv, 0, 2, 2, dir_f, &q) == 2 && q.type == P9_QTFILE,
	      "Twalk two names: two qids, the last a file's");
	check(walk1(&srv, 0, 3, NULL, NULL) == 0 && getattr(&srv, 3, &a) == 0 &&
		      a.qid.path == root.path,
	      "Twalk of no names clones the fid");
	check(walk1(&srv, 0, 4, "nope", NULL) == -ENOENT &&
		      clunk(&srv, 4) == -EBADF,
	      "the first name missing: Rlerror ENOENT, no new fid");
	check(walkv(&srv, 0, 4, 2, dir_nope, NULL) == 1 &&
		      clunk(&srv, 4) == -EBADF,
	      "a later name missing: the qids walked so far, no new fid");
	check(walk1(&srv, 0, 4, "..", &q) == 1 && q.path == root.path &&
		      clunk(&srv, 4) == 0,
	      "\"..\" from the root stays at the root");
	check(walkv(&srv, 0, 4, 4, up3, &q) == 4 && q.path == root.path &&
		      clunk(&srv, 4) == 0,
	      "dir/../../..: still the root");
	check(walkv(&srv, 0, 4, 17, many, NULL) == -EINVAL,
	      "more than 16 names is EINVAL");
	check(walk1(&srv, 0, 4, "dir/f", NULL) == -EINVAL &&
		      walk1(&srv, 0, 4, "/etc", NULL) == -EINVAL &&
		      walk1(&srv, 0, 4, "", NULL) == -EINVAL,
	      "names with '/' and the empty name are EINVAL");
	check(walk1(&srv, 0, 4, ".", NULL) == -ENOENT,
	      "\".\" is no entry: ENOENT");
	t_begin(P9_TWALK);
	t_u32(0);
	t_u32(4);
	t_u16(1);
	t_strn("d\0ir", 4);
	check(t_send(&srv) == -EINVAL, "a name with a NUL in it is EINVAL");
	check(walk1(&srv, 2, 4, "x", NULL) == -ENOTDIR,
	      "walking on from a file is ENOTDIR");
	check(walk1(&srv, 0, 1, "dir", NULL) == -EEXIST,
	      "a newfid in use is EEXIST");
	check(walk1(&srv, 3, 3, "dir", &q) == 1 && getattr(&srv, 3, &a) == 0 &&
		      a.qid.type == P9_QTDIR,
	      "a walk onto the same fid moves it");
	check(walk1(&srv, 99, 4, NULL, NULL) == -EBADF,
	      "Twalk from an unknown fid is EBADF");
	clunk(&srv, 1);
	clunk(&srv, 2);
	clunk(&srv, 3);
}

static void test_symlinks(void)
{
	static const char *out_secret[] = {"out", "secret"};
	static const char *abs_secret[] = {"abs", "secret"};
	static const char *made_passwd[] = {"made", "passwd"};
	int before = outside_entries();
	char target[256];
	struct qid q = {0};

	check(walk1(&srv, 0, 10, "out", &q) == 1 && q.type == P9_QTSYMLINK,
	      "a walk onto a symlink yields the link itself");
	check(walkv(&srv, 0, 11, 2, out_secret, NULL) == 1 &&
		      clunk(&srv, 11) == -EBADF &&
		      walkv(&srv, 0, 11, 2, abs_secret, NULL) == 1 &&
		      clunk(&srv, 11) == -EBADF,
	      "walking through a symlink out of the share stops at the link "
	      "(relative and absolute)");
	check(readlink_(&srv, 10, target) == 0 &&
		      strcmp(target, "../outside") == 0,
	      "Treadlink gives the link's text");
	check(lopen(&srv, 10, P9_DOTL_RDONLY) == -ELOOP,
	      "Tlopen of a symlink is ELOOP (never followed)");
	check(setattr(&srv, 10, P9_SETATTR_SIZE, 0, 0, 0, 0, 0) == -EINVAL &&
		      setattr(&srv, 10, P9_SETATTR_MODE, 0777, 0, 0, 0, 0) ==
			      -EOPNOTSUPP &&
		      host_has(in_share("../outside/secret"), "top secret"),
	      "Tsetattr size or mode on a symlink does not reach its target");
	check(lcreate(&srv, 0, "out", P9_DOTL_WRONLY | P9_DOTL_TRUNC, 0644) ==
			      -ELOOP &&
		      mkdir_(&srv, 0, "out", 0755) == -EEXIST &&
		      outside_entries() == before,
	      "creating through a symlink: ELOOP or EEXIST, nothing outside");
	check(symlink_(&srv, 0, "made", "/etc") == 0 &&
		      r_qid().type == P9_QTSYMLINK &&
		      walk1(&srv, 0, 12, "made", NULL) == 1 &&
		      readlink_(&srv, 12, target) == 0 &&
		      strcmp(target, "/etc") == 0 &&
		      walkv(&srv, 0, 13, 2, made_passwd, NULL) == 1,
	      "Tsymlink makes a link to anywhere, which is data only");
	check(readlink_(&srv, 0, target) == -EINVAL,
	      "Treadlink of a folder is EINVAL");
	clunk(&srv, 10);
	clunk(&srv, 12);
	unlinkat_(&srv, 0, "made", 0);
}

static void test_races(void)
{
	char moved[200], list[4096];
	static const char *mv_sub[] = {"mv", "sub"};
	static const char *up2[] = {"..", ".."};
	int before;
	struct qid q = {0};

	/* A folder swapped for a symlink out of the share between Twalk and
	 * Tlopen: the fid holds the folder, not its name. */
	mkdir(in_share("victim"), 0755);
	host_write(in_share("victim/inner"), "inside");
	walk1(&srv, 0, 20, "victim", NULL);
	walk1(&srv, 20, 21, NULL, NULL);
	snprintf(moved, sizeof(moved), "%s", in_share("victim.moved"));
	rename(in_share("victim"), moved);
	symlink(outside, in_share("victim"));
	before = outside_entries();
	check(lopen(&srv, 20, P9_DOTL_RDONLY | P9_DOTL_DIRECTORY) == 0 &&
		      readdir_all(&srv, 20, 8192, list, sizeof(list), NULL) >
			      0 &&
		      strstr(list, "/inner") && !strstr(list, "secret"),
	      "a folder swapped for a symlink after the walk: Tlopen and "
	      "Treaddir see the folder walked to");
	check(walk1(&srv, 21, 22, "inner", NULL) == 1 &&
		      walk1(&srv, 21, 23, "secret", NULL) == -ENOENT,
	      "... and walks from it stay in it");
	check(lcreate(&srv, 21, "new", P9_DOTL_RDWR, 0644) == 0 &&
		      outside_entries() == before &&
		      host_exists(in_share("victim.moved/new")),
	      "... and a Tlcreate in it creates there, not outside");
	check(walk1(&srv, 0, 24, "victim", &q) == 1 && q.type == P9_QTSYMLINK,
	      "a new walk sees the symlink, as a symlink");
	clunk(&srv, 20);
	clunk(&srv, 21);
	clunk(&srv, 22);
	clunk(&srv, 24);
	/* A folder the host moves out of the share while a fid is in it:
	 * ".." from there would be outside. */
	mkdir(in_share("mv"), 0755);
	mkdir(in_share("mv/sub"), 0755);
	walkv(&srv, 0, 25, 2, mv_sub, NULL);
	snprintf(moved, sizeof(moved), "%s/mv", outside);
	rename(in_share("mv"), moved);
	check(walk1(&srv, 25, 26, "..", NULL) == -EACCES &&
		      walkv(&srv, 25, 26, 2, up2, NULL) == -EACCES,
	      "\"..\" from a folder moved out of the share is refused");
	clunk(&srv, 25);
	snprintf(moved, sizeof(moved), "%s/mv/sub", outside);
	rmdir(moved);
	snprintf(moved, sizeof(moved), "%s/mv", outside);
	rmdir(moved);
}

static void test_io(void)
{
	char buf[64];
	struct attr a;
	struct qid q = {0};

	walk1(&srv, 0, 30, NULL, NULL);
	check(lcreate(&srv, 30, "file", P9_DOTL_RDWR, 0640) == 0 &&
		      (q = r_qid(), q.type == P9_QTFILE) &&
		      r_get(4) == P9_MSIZE_MAX - P9_IOHDRSZ,
	      "Tlcreate: a file's qid, iounit msize - 24");
	check(p9write(&srv, 30, 0, "hello world", 11) == 11 &&
		      p9read(&srv, 30, 0, 100, buf) == 11 &&
		      memcmp(buf, "hello world", 11) == 0 &&
		      p9read(&srv, 30, 100, 10, buf) == 0,
	      "Twrite then Tread: the bytes back; past the end: 0");
	check(getattr(&srv, 30, &a) == 0 && a.size == 11 &&
		      a.mode == (S_IFREG | 0640) && a.nlink == 1 &&
		      a.uid == getuid() && a.qid.path == q.path,
	      "Tgetattr: size, mode, links, owner, qid");
	check(host_has(in_share("file"), "hello world"),
	      "the host sees what was written");
	clunk(&srv, 30);
	check(open_at(&srv, 31, "file", P9_DOTL_RDONLY) == 0 &&
		      p9write(&srv, 31, 0, "x", 1) == -EBADF &&
		      p9read(&srv, 31, 6, 5, buf) == 5 &&
		      memcmp(buf, "world", 5) == 0,
	      "opened read-only: reads work, writes are EBADF");
	check(lopen(&srv, 31, P9_DOTL_RDONLY) == -EINVAL,
	      "a second Tlopen of a fid is EINVAL");
	check(walk1(&srv, 0, 32, "file", NULL) == 1 &&
		      p9read(&srv, 32, 0, 5, buf) == -EBADF &&
		      p9write(&srv, 32, 0, "x", 1) == -EBADF,
	      "Tread and Twrite on a fid not opened are EBADF");
	check(lopen(&srv, 32, P9_DOTL_WRONLY | P9_DOTL_APPEND) == 0 &&
		      p9write(&srv, 32, 0, "!", 1) == 1 &&
		      host_has(in_share("file"), "hello world!"),
	      "APPEND: writes land at the end");
	clunk(&srv, 31);
	clunk(&srv, 32);
	check(open_at(&srv, 33, "file", P9_DOTL_RDWR | P9_DOTL_TRUNC) == 0 &&
		      getattr(&srv, 33, &a) == 0 && a.size == 0,
	      "TRUNC empties the file");
	clunk(&srv, 33);
	walk1(&srv, 0, 34, NULL, NULL);
	check(lcreate(&srv, 34, "file", P9_DOTL_RDWR | P9_DOTL_EXCL, 0600) ==
			      -EEXIST &&
		      lcreate(&srv, 34, "file", P9_DOTL_RDWR, 0600) == 0 &&
		      getattr(&srv, 34, &a) == 0 && (a.mode & 07777) == 0640,
	      "Tlcreate of an existing file: EEXIST with EXCL, else opens it "
	      "(its mode kept)");
	clunk(&srv, 34);
	walk1(&srv, 0, 35, NULL, NULL);
	check(lcreate(&srv, 35, "suid", P9_DOTL_RDWR, 06777) == 0 &&
		      getattr(&srv, 35, &a) == 0 && (a.mode & 07777) == 0777,
	      "a created file never gets set-user-ID or set-group-ID bits; "
	      "the process umask (022) is undone");
	check(setattr(&srv, 35, P9_SETATTR_MODE, 04755, 0, 0, 0, 0) == 0 &&
		      getattr(&srv, 35, &a) == 0 && (a.mode & 07777) == 0755,
	      "... nor through Tsetattr");
	clunk(&srv, 35);
	check(lcreate(&srv, 0, "x", P9_DOTL_RDWR | 3, 0644) == -EINVAL &&
		      open_at(&srv, 36, "dir", P9_DOTL_RDWR) == -EISDIR,
	      "access mode 3 is EINVAL; a folder opened to write is EISDIR");
	clunk(&srv, 36);
	{
		t_begin(P9_TFSYNC);
		t_u32(0);
		t_u32(0);
		bool unopened = t_send(&srv) == -EBADF;

		open_at(&srv, 37, "file", P9_DOTL_RDWR);
		t_begin(P9_TFSYNC);
		t_u32(37);
		t_u32(1);
		check(unopened && t_send(&srv) == 0,
		      "Tfsync: an opened fid syncs, one not opened is EBADF");
		clunk(&srv, 37);
	}
}

static void test_dirs(void)
{
	char list[8192], name[32];
	int entries, all = 1;
	uint64_t dotdot = 0;
	struct attr a, root;

	check(mkdir_(&srv, 0, "sub", 0750) == 0 && r_qid().type == P9_QTDIR &&
		      walk1(&srv, 0, 40, "sub", NULL) == 1 &&
		      getattr(&srv, 40, &a) == 0 && a.mode == (S_IFDIR | 0750),
	      "Tmkdir: a folder with the mode asked");
	for (int i = 0; i < 40; i++) {
		walk1(&srv, 40, 41, NULL, NULL);
		snprintf(name, sizeof(name), "entry-%02d", i);
		all &= lcreate(&srv, 41, name, P9_DOTL_RDWR, 0644) == 0;
		clunk(&srv, 41);
	}
	lopen(&srv, 40, P9_DOTL_RDONLY);
	entries = readdir_all(&srv, 40, 100, list, sizeof(list), NULL);
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "/entry-%02d", i);
		all &= strstr(list, name) != NULL;
	}
	check(all && entries == 42, "Treaddir 100 bytes at a time, resuming "
				    "at each last entry's offset: every "
				    "entry once, . and .. too");
	t_begin(P9_TREADDIR);
	t_u32(40);
	t_u64(0);
	t_u32(10);
	check(t_send(&srv) == -EINVAL,
	      "Treaddir with room for no entry is EINVAL, not the end");
	getattr(&srv, 0, &root);
	walk1(&srv, 0, 42, NULL, NULL);
	lopen(&srv, 42, P9_DOTL_RDONLY);
	check(readdir_all(&srv, 42, 8192, list, sizeof(list), &dotdot) > 0 &&
		      dotdot == root.qid.path,
	      "the root's \"..\" entry is the root");
	check(readdir_all(&srv, 0, 8192, list, sizeof(list), NULL) == -EBADF &&
		      open_at(&srv, 43, "file", P9_DOTL_RDONLY) == 0 &&
		      readdir_all(&srv, 43, 8192, list, sizeof(list), NULL) ==
			      -ENOTDIR,
	      "Treaddir of a fid not opened is EBADF, of a file ENOTDIR");
	clunk(&srv, 40);
	clunk(&srv, 42);
	clunk(&srv, 43);
}

static void test_setattr(void)
{
	struct attr a;
	struct timespec now;
	int err;

	walk1(&srv, 0, 50, "file", NULL);
	host_write(in_share("file"), "0123456789");
	check(setattr(&srv, 50, P9_SETATTR_MODE, 0600, 0, 0, 0, 0) == 0 &&
		      getattr(&srv, 50, &a) == 0 && a.mode == (S_IFREG | 0600),
	      "Tsetattr mode");
	check(setattr(&srv, 50, P9_SETATTR_SIZE, 0, 0, 2, 0, 0) == 0 &&
		      getattr(&srv, 50, &a) == 0 && a.size == 2 &&
		      host_has(in_share("file"), "01"),
	      "Tsetattr size on a fid not opened truncates");
	check(setattr(&srv, 50, P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET, 0, 0,
		      0, 1000000000, 5) == 0 &&
		      getattr(&srv, 50, &a) == 0 && a.mtime == 1000000000 &&
		      a.mtime_nsec == 5,
	      "Tsetattr mtime to a given time");
	clock_gettime(CLOCK_REALTIME, &now);
	check(setattr(&srv, 50, P9_SETATTR_MTIME, 0, 0, 0, 0, 0) == 0 &&
		      getattr(&srv, 50, &a) == 0 &&
		      a.mtime + 5 >= (uint64_t)now.tv_sec,
	      "Tsetattr mtime without MTIME_SET: now");
	check(setattr(&srv, 50, P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET, 0, 0,
		      0, 1, 1000000000) == -EINVAL,
	      "a nanosecond count of a second or more is EINVAL");
	check(setattr(&srv, 50, P9_SETATTR_UID, 0, getuid(), 0, 0, 0) == 0,
	      "Tsetattr uid to the owner's own");
	err = setattr(&srv, 50, P9_SETATTR_UID, 0, 12345, 0, 0, 0);
	check(getuid() == 0
		      ? err == 0 && getattr(&srv, 50, &a) == 0 && a.uid == 12345
		      : err == -EPERM,
	      "Tsetattr uid to another: done as root, else EPERM passed on");
	check(setattr(&srv, 0, P9_SETATTR_SIZE, 0, 0, 0, 0, 0) == -EISDIR,
	      "Tsetattr size of a folder is EISDIR");
	clunk(&srv, 50);
}

static void test_namespace(void)
{
	struct attr a;
	int before;

	host_write(in_share("a"), "moving");
	check(renameat_(&srv, 0, "a", 0, "b") == 0 &&
		      !host_exists(in_share("a")) &&
		      host_has(in_share("b"), "moving"),
	      "Trenameat");
	walk1(&srv, 0, 60, "b", NULL);
	walk1(&srv, 0, 61, "sub", NULL);
	check(rename_(&srv, 60, 61, "c") == 0 &&
		      host_has(in_share("sub/c"), "moving") &&
		      rename_(&srv, 60, 0, "d") == 0 &&
		      host_has(in_share("d"), "moving") &&
		      getattr(&srv, 60, &a) == 0,
	      "Trename moves the fid's file, and the fid follows it");
	rename(in_share("d"), in_share("e"));
	check(rename_(&srv, 60, 0, "f") == -ENOENT,
	      "Trename of a fid whose name the host changed fails");
	check(link_(&srv, 0, 60, "hard") == 0 && getattr(&srv, 60, &a) == 0 &&
		      a.nlink == 2 && host_has(in_share("hard"), "moving"),
	      "Tlink: a second name for the fid's file");
	check(unlinkat_(&srv, 0, "hard", 0) == 0 &&
		      !host_exists(in_share("hard")),
	      "Tunlinkat of a file");
	check(unlinkat_(&srv, 0, "sub", 0) == -EISDIR &&
		      unlinkat_(&srv, 0, "sub", 1) == -EINVAL &&
		      unlinkat_(&srv, 0, "..", P9_AT_REMOVEDIR) == -EINVAL &&
		      unlinkat_(&srv, 0, "a/b", 0) == -EINVAL,
	      "Tunlinkat of a folder without AT_REMOVEDIR, other flags, \"..\" "
	      "and '/' are refused");
	mkdir(in_share("empty"), 0755);
	check(unlinkat_(&srv, 0, "empty", P9_AT_REMOVEDIR) == 0 &&
		      !host_exists(in_share("empty")),
	      "Tunlinkat AT_REMOVEDIR removes a folder");
	clunk(&srv, 60);
	walk1(&srv, 0, 62, "e", NULL);
	check(remove_(&srv, 62) == 0 && !host_exists(in_share("e")) &&
		      clunk(&srv, 62) == -EBADF,
	      "Tremove: the file goes, and the fid");
	walk1(&srv, 0, 63, NULL, NULL);
	check(remove_(&srv, 63) == -EBUSY && clunk(&srv, 63) == -EBADF &&
		      host_exists(share),
	      "Tremove of the root is EBUSY, and clunks the fid");
	check(mknod_(&srv, 0, "fifo", S_IFIFO | 0644) == 0 &&
		      open_at(&srv, 64, "fifo", P9_DOTL_RDONLY) == -ENXIO,
	      "Tmknod makes a FIFO, which Tlopen refuses (never blocks)");
	clunk(&srv, 64);
	before = outside_entries();
	check(mknod_(&srv, 0, "disk", S_IFBLK | 0600) == -EPERM &&
		      mknod_(&srv, 0, "tty", S_IFCHR | 0600) == -EPERM &&
		      !host_exists(in_share("disk")),
	      "Tmknod of a device node is EPERM");
	check(lcreate(&srv, 0, "fifo", P9_DOTL_RDONLY, 0644) == -ENXIO &&
		      outside_entries() == before,
	      "Tlcreate onto a FIFO does not hang: ENXIO");
	unlinkat_(&srv, 0, "fifo", 0);
	t_begin(P9_TSTATFS);
	t_u32(0);
	check(t_send(&srv) == 0 && (r_get(4), r_get(4) > 0) &&
		      (rpos += 48, r_get(4) >= 255),
	      "Tstatfs: block size and name length");
	t_begin(P9_TXATTRWALK);
	t_u32(0);
	t_u32(65);
	t_str("user.x");
	check(t_send(&srv) == -EOPNOTSUPP, "Txattrwalk is EOPNOTSUPP");
	t_begin(200);
	check(t_send(&srv) == -EOPNOTSUPP, "an unknown message is EOPNOTSUPP");
}

static void test_locks(void)
{
	host_write(in_share("lockf"), "locks");
	open_at(&srv, 70, "lockf", P9_DOTL_RDWR);
	open_at(&srv, 71, "lockf", P9_DOTL_RDWR);
	check(lock_(&srv, 70, P9_LOCK_TYPE_WRLCK, 0) == P9_LOCK_SUCCESS,
	      "Tlock: a write lock");
	check(lock_(&srv, 71, P9_LOCK_TYPE_WRLCK, 0) == P9_LOCK_BLOCKED &&
		      lock_(&srv, 71, P9_LOCK_TYPE_WRLCK,
			    P9_LOCK_FLAGS_BLOCK) == P9_LOCK_BLOCKED,
	      "a conflicting lock: BLOCKED at once, BLOCK flag or not");
	check(getlock_(&srv, 71, P9_LOCK_TYPE_WRLCK) == P9_LOCK_TYPE_WRLCK &&
		      getlock_(&srv, 70, P9_LOCK_TYPE_WRLCK) ==
			      P9_LOCK_TYPE_UNLCK,
	      "Tgetlock: the lock in another fid's way, none in its owner's");
	check(lock_(&srv, 70, P9_LOCK_TYPE_UNLCK, 0) == P9_LOCK_SUCCESS &&
		      lock_(&srv, 71, P9_LOCK_TYPE_WRLCK, 0) == P9_LOCK_SUCCESS,
	      "after the unlock the other fid gets it");
	clunk(&srv, 71);
	check(lock_(&srv, 70, P9_LOCK_TYPE_RDLCK, 0) == P9_LOCK_SUCCESS,
	      "a clunk lets the fid's locks go");
	check(lock_(&srv, 70, 7, 0) == -EINVAL &&
		      lock_(&srv, 0, 1, 0) == -EBADF,
	      "Tlock of an unknown type is EINVAL, on a fid not opened EBADF");
	open_at(&srv, 72, "lockf", P9_DOTL_RDONLY);
	check(lock_(&srv, 72, P9_LOCK_TYPE_WRLCK, 0) == P9_LOCK_ERROR,
	      "a write lock on a read-only fid: ERROR");
	clunk(&srv, 70);
	clunk(&srv, 72);
}

/* Every message of a small set, cut at every length: an Rlerror each
 * time, the share unchanged. */
static void test_truncated(void)
{
	uint8_t full[256];
	size_t full_len, len;
	bool all = true;
	int before = outside_entries();

	for (int kind = 0; kind < 6; kind++) {
		switch (kind) {
		case 0:
			t_begin(P9_TWALK);
			t_u32(0);
			t_u32(80);
			t_u16(2);
			t_str("dir");
			t_str("f");
			break;
		case 1:
			t_begin(P9_TLCREATE);
			t_u32(0);
			t_str("cut");
			t_u32(2);
			t_u32(0644);
			t_u32(0);
			break;
		case 2:
			t_begin(P9_TSYMLINK);
			t_u32(0);
			t_str("cutlink");
			t_str("target");
			t_u32(0);
			break;
		case 3:
			t_begin(P9_TRENAMEAT);
			t_u32(0);
			t_str("file");
			t_u32(0);
			t_str("cutname");
			break;
		case 4:
			t_begin(P9_TLOCK);
			t_u32(0);
			t_u8(1);
			t_u32(0);
			t_u64(0);
			t_u64(0);
			t_u32(1);
			t_str("x");
			break;
		default:
			t_begin(P9_TMKDIR);
			t_u32(0);
			t_str("cutdir");
			t_u32(0755);
			t_u32(0);
		}
		full_len = reqn;
		le(req, reqn, 4);
		memcpy(full, req, full_len);
		for (len = 0; len < full_len; len++) {
			/* The size field says the cut length... */
			memcpy(req, full, full_len);
			le(req, len, 4);
			rlen = p9_serve(&srv, req, len, resp, sizeof(resp));
			rpos = 7;
			all &= rlen == 11 && resp[4] == P9_RLERROR &&
			       r_get(4) == EPROTO;
			/* ... or the whole, with fewer bytes given. */
			memcpy(req, full, full_len);
			rlen = p9_serve(&srv, req, len, resp, sizeof(resp));
			rpos = 7;
			all &= rlen == 11 && resp[4] == P9_RLERROR &&
			       r_get(4) == EPROTO;
		}
	}
	check(all && !host_exists(in_share("cut")) &&
		      !host_exists(in_share("cutlink")) &&
		      !host_exists(in_share("cutname")) &&
		      !host_exists(in_share("cutdir")) &&
		      host_exists(in_share("file")) &&
		      clunk(&srv, 80) == -EBADF && outside_entries() == before,
	      "every message cut at every length: Rlerror, nothing done");
	req[0] = 3;
	rlen = p9_serve(&srv, req, 3, resp, sizeof(resp));
	check(rlen == 11 && resp[4] == P9_RLERROR && resp[5] == 0xff &&
		      resp[6] == 0xff,
	      "a message shorter than a header: Rlerror with NOTAG");
	t_begin(P9_TCLUNK);
	t_u32(12345);
	le(req, 5, 4);
	rlen = p9_serve(&srv, req, reqn, resp, sizeof(resp));
	rpos = 7;
	check(resp[4] == P9_RLERROR && r_get(4) == EPROTO,
	      "a size field under 7 is EPROTO");
	t_begin(P9_TWALK);
	t_u32(0);
	t_u32(81);
	t_u16(1);
	t_u16(500); /* a name longer than the message */
	t_u8('x');
	check(t_send(&srv) == -EPROTO && clunk(&srv, 81) == -EBADF,
	      "a string longer than the message is EPROTO");
	walk1(&srv, 0, 82, NULL, NULL);
	lcreate(&srv, 82, "wfile", P9_DOTL_RDWR, 0644);
	t_begin(P9_TWRITE);
	t_u32(82);
	t_u64(0);
	t_u32(1000);
	t_u32(0x41414141);
	check(t_send(&srv) == -EPROTO && host_has(in_share("wfile"), ""),
	      "Twrite with a count past the message is EPROTO, nothing "
	      "written");
	t_begin(P9_TWRITE);
	t_u32(82);
	t_u64(0);
	t_u32(P9_MSIZE_MAX);
	memset(req + reqn, 'z', P9_MSIZE_MAX);
	reqn += P9_MSIZE_MAX;
	check(t_send(&srv) == -EPROTO && host_has(in_share("wfile"), ""),
	      "a message over msize is EPROTO");
	t_begin(P9_TCLUNK);
	t_u32(82);
	le(req, reqn, 4);
	memset(req + reqn, 0xee, 16);
	rlen = p9_serve(&srv, req, reqn + 16, resp, sizeof(resp));
	check(rlen == 7 && resp[4] == P9_TCLUNK + 1,
	      "bytes after the message's size are the transport's: ignored");
}

static void test_reply_room(void)
{
	long n;

	open_at(&srv, 85, "wfile", P9_DOTL_RDWR);
	p9write(&srv, 85, 0, "0123456789abcdefghijklmnopqrstuvwxyz", 36);
	resp_cap = 10;
	t_begin(P9_TCLUNK);
	t_u32(9999);
	check(t_send(&srv) == -1000 && rlen == 0,
	      "no room for an Rlerror: no reply");
	resp_cap = 31;
	n = p9read(&srv, 85, 0, 1000, NULL);
	check(n == 20 && rlen == 31,
	      "Tread with a small reply buffer reads what fits");
	check(walk1(&srv, 0, 86, "dir", NULL) == -EMSGSIZE &&
		      (resp_cap = sizeof(resp), clunk(&srv, 86) == -EBADF),
	      "other messages with under 256 bytes of room: EMSGSIZE, "
	      "nothing done");
	resp_cap = sizeof(resp);
	clunk(&srv, 85);
}

/* Random messages of every type: each answered with a well-formed
 * reply, and the share never left. */
static void test_random(void)
{
	static const uint8_t types[] = {
		P9_TSTATFS,   P9_TLOPEN,     P9_TLCREATE,  P9_TSYMLINK,
		P9_TMKNOD,    P9_TRENAME,    P9_TREADLINK, P9_TGETATTR,
		P9_TSETATTR,  P9_TXATTRWALK, P9_TREADDIR,  P9_TFSYNC,
		P9_TLOCK,     P9_TGETLOCK,   P9_TLINK,	   P9_TMKDIR,
		P9_TRENAMEAT, P9_TUNLINKAT,  P9_TWALK,	   P9_TREAD,
		P9_TWRITE,    P9_TCLUNK,     P9_TREMOVE,   P9_TFLUSH,
	};
	static const char *names[] = {"..", "dir", "f", "out", "x", "y", "sub"};
	unsigned int seed = 12345;
	int before = outside_entries(), bad = 0;

	for (int i = 0; i < 200000; i++) {
		uint8_t type = types[rand_r(&seed) % sizeof(types)];
		int fields = rand_r(&seed) % 8;

		t_begin(type);
		for (int f = 0; f < fields; f++) {
			switch (rand_r(&seed) % 5) {
			case 0: t_u32((uint32_t)(rand_r(&seed) % 6)); break;
			case 1: t_u8((uint8_t)rand_r(&seed)); break;
			case 2: t_str(names[rand_r(&seed) % 7]); break;
			case 3:
				t_u64((uint64_t)rand_r(&seed)
				      << (rand_r(&seed) % 40));
				break;
			default: t_u16((uint16_t)(rand_r(&seed) % 3)); break;
			}
		}
		le(req, reqn, 4);
		rlen = p9_serve(&srv, req, reqn, resp, sizeof(resp));
		if (rlen < 7 ||
		    (size_t)(resp[0] | resp[1] << 8 | resp[2] << 16) != rlen ||
		    (resp[4] != P9_RLERROR && resp[4] != type + 1))
			bad++;
		if (srv.nfids == 0)
			attach(&srv, 0);
	}
	check(bad == 0 && outside_entries() == before &&
		      host_has(in_share("../outside/secret"), "top secret"),
	      "200000 random messages: each reply well-formed, nothing "
	      "outside touched");
	p9_server_reset(&srv);
	session(&srv);
}

static void test_fids(void)
{
	int made = 0, err = 0;

	check(clunk(&srv, 999) == -EBADF && lopen(&srv, 999, 0) == -EBADF,
	      "an unknown fid is EBADF");
	p9_server_reset(&srv);
	session(&srv);
	for (uint32_t fid = 1; fid < 10000 && !err; fid++) {
		err = walk1(&srv, 0, fid * 7919, NULL, NULL);
		made += err == 0;
	}
	check(made == P9_FIDS_MAX - 1 && err == -ENFILE,
	      "fids up to the table's 4096, then ENFILE");
	check(clunk(&srv, 7919) == 0 && walk1(&srv, 0, 7919, NULL, NULL) == 0,
	      "a clunk frees a slot for the next");
	check(version(&srv, 8192, P9_VERSION) == 0 && srv.nfids == 0 &&
		      attach(&srv, 0) == 0 && clunk(&srv, 7919) == -EBADF,
	      "Tversion ends the session: every fid clunked");
	p9_server_reset(&srv);
	session(&srv);
}

static void test_read_only(void)
{
	static struct p9_server ro;
	char buf[16];
	int e[12];

	server_new(&ro, true);
	session(&ro);
	host_write(in_share("rofile"), "keep");
	walk1(&ro, 0, 1, NULL, NULL);
	walk1(&ro, 0, 2, "rofile", NULL);
	e[0] = lcreate(&ro, 1, "new", P9_DOTL_RDWR, 0644);
	e[1] = mkdir_(&ro, 0, "newdir", 0755);
	e[2] = lopen(&ro, 2, P9_DOTL_RDWR);
	e[3] = lopen(&ro, 2, P9_DOTL_RDONLY | P9_DOTL_TRUNC);
	e[4] = setattr(&ro, 2, P9_SETATTR_SIZE, 0, 0, 0, 0, 0);
	e[5] = unlinkat_(&ro, 0, "rofile", 0);
	e[6] = renameat_(&ro, 0, "rofile", 0, "moved");
	e[7] = symlink_(&ro, 0, "ln", "rofile");
	e[8] = link_(&ro, 0, 2, "hard");
	e[9] = mknod_(&ro, 0, "fifo", S_IFIFO | 0644);
	e[10] = rename_(&ro, 2, 0, "moved");
	e[11] = p9write(&ro, 2, 0, "x", 1);
	bool all = true;

	for (int i = 0; i < 12; i++)
		all &= e[i] == -EROFS;
	check(all && host_has(in_share("rofile"), "keep") &&
		      !host_exists(in_share("new")) &&
		      !host_exists(in_share("newdir")),
	      "a read-only share refuses every change with EROFS");
	check(lopen(&ro, 2, P9_DOTL_RDONLY) == 0 &&
		      p9read(&ro, 2, 0, 16, buf) == 4 &&
		      lock_(&ro, 2, P9_LOCK_TYPE_RDLCK, 0) == P9_LOCK_SUCCESS,
	      "... and reads, and read locks");
	walk1(&ro, 0, 3, "rofile", NULL);
	check(remove_(&ro, 3) == -EROFS && clunk(&ro, 3) == -EBADF &&
		      host_exists(in_share("rofile")),
	      "Tremove on a read-only share: EROFS, the fid clunked");
	p9_server_destroy(&ro);
}

/* The share's thread, confined as the monitor confines it, serving one
 * message of each kind. */
static int confined_result = -1;
static uid_t confined_uid; /* getuid() is not the server's to make */

static void *confined_thread(void *arg)
{
	struct p9_server *s = arg;
	struct attr a;
	char buf[64];
	int bad = 0;

	if (vmm_seccomp_confine_fs() < 0) {
		confined_result = -2;
		return NULL;
	}
	session(s);
	bad += walk1(s, 0, 1, NULL, NULL) != 0;
	bad += lcreate(s, 1, "sc", P9_DOTL_RDWR, 0666) != 0;
	bad += p9write(s, 1, 0, "seccomp", 7) != 7;
	bad += p9read(s, 1, 0, 7, buf) != 7;
	bad += getattr(s, 1, &a) != 0;
	bad += setattr(s, 1,
		       P9_SETATTR_MODE | P9_SETATTR_SIZE | P9_SETATTR_MTIME |
			       P9_SETATTR_ATIME | P9_SETATTR_UID,
		       0644, confined_uid, 3, 0, 0) != 0;
	bad += lock_(s, 1, P9_LOCK_TYPE_WRLCK, 0) != P9_LOCK_SUCCESS;
	bad += getlock_(s, 1, P9_LOCK_TYPE_WRLCK) < 0;
	t_begin(P9_TFSYNC);
	t_u32(1);
	t_u32(0);
	bad += t_send(s) != 0;
	t_begin(P9_TSTATFS);
	t_u32(1);
	bad += t_send(s) != 0;
	bad += mkdir_(s, 0, "scdir", 0755) != 0;
	bad += symlink_(s, 0, "sclink", "sc") != 0;
	bad += walk1(s, 0, 2, "sclink", NULL) != 1;
	bad += readlink_(s, 2, buf) != 0;
	bad += link_(s, 0, 1, "schard") != 0;
	bad += renameat_(s, 0, "schard", 0, "schard2") != 0;
	bad += walk1(s, 0, 3, "schard2", NULL) != 1;
	bad += rename_(s, 3, 0, "schard3") != 0;
	bad += remove_(s, 3) != 0;
	bad += mknod_(s, 0, "scfifo", S_IFIFO | 0600) != 0;
	bad += unlinkat_(s, 0, "scfifo", 0) != 0;
	bad += walk1(s, 0, 4, "scdir", NULL) != 1;
	bad += walk1(s, 4, 5, "..", NULL) != 1;
	bad += lopen(s, 4, P9_DOTL_RDONLY) != 0;
	bad += readdir_all(s, 4, 4096, buf, sizeof(buf), NULL) < 0;
	bad += unlinkat_(s, 0, "scdir", P9_AT_REMOVEDIR) != 0;
	bad += unlinkat_(s, 0, "sclink", 0) != 0;
	bad += unlinkat_(s, 0, "sc", 0) != 0;
	p9_server_reset(s);
	confined_result = bad;
	return NULL;
}

static void test_confined(void)
{
	static struct p9_server s;
	pthread_t t;

	server_new(&s, false);
	confined_uid = getuid();
	pthread_create(&t, NULL, confined_thread, &s);
	pthread_join(t, NULL);
	check(confined_result == 0,
	      "every message served by a thread under the share's seccomp "
	      "filter (a forbidden call would end the test with 79)");
	p9_server_destroy(&s);
}

int main(void)
{
	char path[200];

	umask(022);
	p9_fd_limit_raise();
	snprintf(base, sizeof(base), "/tmp/p9test-XXXXXX");
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(share, sizeof(share), "%s/share", base);
	snprintf(outside, sizeof(outside), "%s/outside", base);
	mkdir(share, 0755);
	mkdir(outside, 0755);
	snprintf(path, sizeof(path), "%s/secret", outside);
	host_write(path, "top secret");
	mkdir(in_share("dir"), 0755);
	host_write(in_share("dir/f"), "f");
	symlink("../outside", in_share("out"));
	symlink(outside, in_share("abs"));
	server_new(&srv, false);

	test_version_and_attach();
	test_walk();
	test_symlinks();
	test_races();
	test_io();
	test_dirs();
	test_setattr();
	test_namespace();
	test_locks();
	test_truncated();
	test_reply_room();
	test_fids();
	test_read_only();
	test_random();
	test_confined();

	p9_server_destroy(&srv);
	nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	printf("# 9p server tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
