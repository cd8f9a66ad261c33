/* SPDX-License-Identifier: BSD-3-Clause */
/* AF_UNIX names: a path (a socket file in the vfs) or an abstract name
 * (sun_path[0] == 0), the table of bound sockets, autobind. */
#include <errno.h>
#include <string.h>
#include <tess/plat/irq.h>
#include <tess/posix-fs.h>

#include "unix_impl.h"

/* Every bound socket (by bound_node). Masked. */
static struct tess_list bound = TESS_LIST_INIT(bound);
static unsigned autobind_next;

int name_check(const void *addr, unsigned *len)
{
	const char *a = addr;
	uint16_t family;

	if (!addr)
		return -EFAULT;
	if (*len <= PATH_OFF || *len > ADDR_MAX)
		return -EINVAL;
	memcpy(&family, a, sizeof(family));
	if (family != LX_AF_UNIX)
		return -EINVAL;
	if (a[PATH_OFF]) /* a path: up to its NUL, which counts */
		*len = PATH_OFF +
		       (unsigned)strnlen(a + PATH_OFF, *len - PATH_OFF) + 1;
	return 0;
}

/* The checked name (len from name_check) into a: a path ends with its
 * NUL, as Linux's unix_mkname_bsd ends it at the length given. */
static void name_copy_in(char *a, const char *addr, unsigned len)
{
	memcpy(a, addr, len);
	if (a[PATH_OFF])
		a[len - 1] = 0;
}

static bool is_path(const char *addr)
{
	return addr[PATH_OFF] != 0;
}

/* The bound socket whose socket file is vn, or (vn NULL) the one of type
 * type with abstract name (addr, len): as Linux's, the abstract names of
 * each type are apart. Masked. */
static struct usock *find(const char *addr, unsigned len, struct tess_vnode *vn,
			  int type)
{
	struct tess_list *pos;

	tess_list_for_each (pos, &bound) {
		struct usock *u =
			tess_list_entry(pos, struct usock, bound_node);

		if (vn ? u->vn == vn
		       : !u->vn && u->base.type == type && u->addrlen == len &&
				    !memcmp(u->addr, addr, len))
			return u;
	}
	return NULL;
}

/* Binds u to (addr, len) unless it is bound or the name is taken. */
static long bind_locked(struct usock *u, const char *addr, unsigned len,
			struct tess_vnode *vn)
{
	bool was = tess_plat_irq_save();
	long err = 0;

	if (u->addrlen)
		err = -EINVAL;
	else if (!vn && find(addr, len, NULL, u->base.type))
		err = -EADDRINUSE;
	if (!err) {
		memcpy(u->addr, addr, len);
		u->addrlen = len;
		u->vn = vn;
		tess_list_push_back(&bound, &u->bound_node);
	}
	tess_plat_irq_restore(was);
	return err;
}

long name_autobind(struct usock *u)
{
	char a[PATH_OFF + 6] = {LX_AF_UNIX, 0, 0};
	static const char hex[] = "0123456789abcdef";
	long err;

	if (u->addrlen)
		return 0;
	/* As Linux: "\0" and five hex digits, the first one free. */
	for (unsigned i = 0; i < 0x100000; i++) {
		bool was = tess_plat_irq_save();
		unsigned n = autobind_next++ & 0xfffff;

		tess_plat_irq_restore(was);
		for (int d = 0; d < 5; d++)
			a[PATH_OFF + 1 + d] = hex[(n >> (4 * (4 - d))) & 0xf];
		err = bind_locked(u, a, sizeof(a), NULL);
		if (err != -EADDRINUSE)
			return err == -EINVAL ? 0 : err;
	}
	return -ENOSPC;
}

long name_bind(struct usock *u, const void *addr, unsigned len)
{
	char a[ADDR_MAX + 1] = {0};
	struct tess_vfs_path p;
	long err;

	if (addr && len == PATH_OFF) {
		uint16_t family;

		memcpy(&family, addr, sizeof(family));
		if (family == LX_AF_UNIX)
			return name_autobind(u);
	}
	err = name_check(addr, &len);
	if (err)
		return err;
	name_copy_in(a, addr, len);
	if (!is_path(a))
		return bind_locked(u, a, len, NULL);
	/* The socket file first, as Linux's mknod of S_IFSOCK (umask
	 * applied): a name that exists is EADDRINUSE even for a socket
	 * already bound; then a bound socket is EINVAL, the file undone. */
	err = tess_sys_mknodat(TESS_AT_FDCWD, a + PATH_OFF,
			       TESS_S_IFSOCK | 0777, 0);
	if (err == -EEXIST)
		return -EADDRINUSE;
	if (err)
		return err;
	err = tess_vfs_lookup(TESS_AT_FDCWD, a + PATH_OFF, 0, &p);
	if (!err) {
		struct tess_vnode *vn = p.vn;

		tess_vnode_ref(vn);
		tess_vfs_path_put(&p);
		err = bind_locked(u, a, len, vn);
		if (err)
			tess_vnode_put(vn);
	}
	if (err)
		tess_sys_unlink(a + PATH_OFF);
	return err;
}

long name_find(const void *addr, unsigned len, int type, struct usock **out)
{
	char a[ADDR_MAX + 1] = {0};
	struct tess_vfs_path p = {0};
	struct usock *u;
	long err = name_check(addr, &len);
	bool was;

	if (err)
		return err;
	name_copy_in(a, addr, len);
	if (is_path(a)) {
		err = tess_vfs_lookup(TESS_AT_FDCWD, a + PATH_OFF,
				      TESS_VFS_LOOKUP_FOLLOW, &p);
		if (err)
			return err;
	}
	was = tess_plat_irq_save();
	if (p.vn && !TESS_S_ISTYPE(p.vn->mode, TESS_S_IFSOCK))
		u = NULL;
	else
		u = find(a, len, p.vn, type);
	if (!u)
		err = -ECONNREFUSED;
	else if (u->base.type != type)
		err = -EPROTOTYPE;
	else
		usock_ref(u), *out = u;
	tess_plat_irq_restore(was);
	if (p.vn)
		tess_vfs_path_put(&p);
	return err;
}

struct tess_vnode *name_unbind(struct usock *u)
{
	struct tess_vnode *vn = u->vn;

	tess_list_remove(&u->bound_node);
	u->vn = NULL;
	return vn;
}

void name_copy(const struct usock *u, void *addr, unsigned *len)
{
	char unnamed[PATH_OFF] = {LX_AF_UNIX, 0};
	const char *a = u->addrlen ? u->addr : unnamed;
	unsigned n = u->addrlen ? u->addrlen : PATH_OFF;

	/* As Linux: cut to the caller's room, the full length told. */
	if (addr)
		memcpy(addr, a, *len < n ? *len : n);
	*len = n;
}
