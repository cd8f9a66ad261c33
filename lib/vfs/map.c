/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared file mappings kept coherent with read(2) and write(2). */
#include <errno.h>
#include <tess/lock.h>
#include <tess/vfs.h>

#include "vfs_impl.h"

/* Guards every vnode's list of mappings. */
static struct tess_lock_mutex maps_lock = TESS_LOCK_MUTEX_INIT(maps_lock);

void tess_vfs_map_add(struct tess_vnode *vn, struct tess_vfs_map *m)
{
	tess_lock_mutex_lock(&maps_lock);
	tess_list_push_back(&vn->maps, &m->node);
	tess_lock_mutex_unlock(&maps_lock);
}

void tess_vfs_map_remove(struct tess_vnode *vn, struct tess_vfs_map *m)
{
	(void)vn;
	tess_lock_mutex_lock(&maps_lock);
	tess_list_remove(&m->node);
	tess_lock_mutex_unlock(&maps_lock);
}

/* The part of m inside [start, end) of the file: its offset in m and its
 * length (0: none). */
static size_t overlap(const struct tess_vfs_map *m, uint64_t start,
		      uint64_t end, size_t *at)
{
	uint64_t from = start > m->offset ? start : m->offset;
	uint64_t to = end < m->offset + m->len ? end : m->offset + m->len;

	*at = (size_t)(from - m->offset);
	return from < to ? (size_t)(to - from) : 0;
}

/* Writes [start, end) of m back to the file, within its size. */
static int map_write_back(struct tess_vnode *vn, struct tess_vfs_map *m,
			  uint64_t start, uint64_t end)
{
	struct tess_stat st;
	struct tess_iovec v;
	size_t at, n;
	long done;
	int err;

	if (!m->writable || !vn->ops->write || !vn->ops->getattr)
		return 0;
	err = vn->ops->getattr(vn, &st);
	if (err)
		return err;
	if (end > (uint64_t)st.size)
		end = (uint64_t)st.size;
	n = overlap(m, start, end, &at);
	if (!n)
		return 0;
	v = (struct tess_iovec){m->base + at, n};
	done = vn->ops->write(vn, &v, 1, m->offset + at, false);
	return done < 0 ? (int)done : 0;
}

int tess_vfs_map_sync(struct tess_vnode *vn, struct tess_vfs_map *m)
{
	int err;

	tess_lock_mutex_lock(&maps_lock);
	err = map_write_back(vn, m, m->offset, m->offset + m->len);
	tess_lock_mutex_unlock(&maps_lock);
	return err;
}

void vfs_maps_before_read(struct tess_vnode *vn, uint64_t start, uint64_t end)
{
	struct tess_list *pos;

	if (tess_list_empty(&vn->maps))
		return;
	tess_lock_mutex_lock(&maps_lock);
	tess_list_for_each(pos, &vn->maps)
		map_write_back(vn, tess_list_entry(pos, struct tess_vfs_map,
						   node),
			       start, end);
	tess_lock_mutex_unlock(&maps_lock);
}

void vfs_maps_after_write(struct tess_vnode *vn, uint64_t start, uint64_t end)
{
	struct tess_list *pos;

	if (tess_list_empty(&vn->maps) || !vn->ops->read)
		return;
	tess_lock_mutex_lock(&maps_lock);
	tess_list_for_each(pos, &vn->maps)
	{
		struct tess_vfs_map *m =
			tess_list_entry(pos, struct tess_vfs_map, node);
		size_t at, n = overlap(m, start, end, &at);
		struct tess_iovec v = {m->base + at, n};

		if (n)
			vn->ops->read(vn, &v, 1, m->offset + at, false);
	}
	tess_lock_mutex_unlock(&maps_lock);
}
