/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX advisory record locks. One process holds every classic lock
 * (owner NULL), so classic locks never conflict with each other; open
 * file description locks (owner: the file) conflict with other
 * descriptions' and with classic ones, as on Linux. Each vnode keeps its
 * locks in a list sorted by owner then start; one mutex guards every
 * list, and a generation counter lets a waiter sleep without missing a
 * release.
 */
#include <errno.h>
#include <stdint.h>
#include <tess/alloc.h>
#include <tess/lock.h>
#include <tess/plat/irq.h>
#include <tess/sched.h>
#include <tess/vfs.h>

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

struct range_lock {
	struct tess_list node;
	const void *owner;
	int type;
	uint64_t start, end; /* inclusive */
};

static struct tess_lock_mutex locks_lock = TESS_LOCK_MUTEX_INIT(locks_lock);
static unsigned long generation; /* bumped (masked) at each release */

static int range_of(const struct tess_vfs_flock *lk, uint64_t *start,
		    uint64_t *end)
{
	int64_t s = lk->start, len = lk->len;

	if (s < 0)
		return -EINVAL;
	if (len < 0) {
		if (s + len < 0)
			return -EINVAL;
		*start = (uint64_t)(s + len);
		*end = (uint64_t)s - 1;
	} else {
		*start = (uint64_t)s;
		if (len == 0 || (uint64_t)len - 1 > INT64_MAX - (uint64_t)s)
			*end = INT64_MAX;
		else
			*end = (uint64_t)s + (uint64_t)len - 1;
	}
	return 0;
}

static struct range_lock *conflict(struct tess_vnode *vn, const void *owner,
				   int type, uint64_t start, uint64_t end)
{
	struct tess_list *pos;

	tess_list_for_each(pos, &vn->locks)
	{
		struct range_lock *l =
			tess_list_entry(pos, struct range_lock, node);

		if (l->owner == owner || l->end < start || l->start > end)
			continue;
		if (l->type == F_WRLCK || type == F_WRLCK)
			return l;
	}
	return NULL;
}

static struct range_lock *lock_new(const void *owner, int type, uint64_t start,
				   uint64_t end)
{
	struct range_lock *l = tess_malloc(tess_alloc_default(), sizeof(*l));

	if (l) {
		l->owner = owner;
		l->type = type;
		l->start = start;
		l->end = end;
	}
	return l;
}

/* Takes [start, end] out of owner's locks, splitting one that spans it
 * (spare: a lock to use for the split, set to NULL when used). */
static void carve(struct tess_vnode *vn, const void *owner, uint64_t start,
		  uint64_t end, struct range_lock **spare)
{
	struct tess_list *pos, *tmp;

	tess_list_for_each_safe(pos, tmp, &vn->locks)
	{
		struct range_lock *l =
			tess_list_entry(pos, struct range_lock, node);

		if (l->owner != owner || l->end < start || l->start > end)
			continue;
		if (l->start < start && l->end > end) {
			struct range_lock *tail = *spare;

			/* An owner's locks never overlap, so one lock at most
			 * spans the range: the spare is there for it. */
			if (!tail)
				break;
			*spare = NULL;
			*tail = *l;
			tail->start = end + 1;
			l->end = start - 1;
			tess_list_insert_before(l->node.next, &tail->node);
		} else if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			tess_list_remove(&l->node);
			tess_free(tess_alloc_default(), l);
		}
	}
}

/* Joins owner's locks of one type that touch [start, end] into it. */
static void merge(struct tess_vnode *vn, struct range_lock *n)
{
	struct tess_list *pos, *tmp;

	tess_list_for_each_safe(pos, tmp, &vn->locks)
	{
		struct range_lock *l =
			tess_list_entry(pos, struct range_lock, node);

		if (l == n || l->owner != n->owner || l->type != n->type)
			continue;
		if ((n->start && l->end < n->start - 1) ||
		    (n->end != INT64_MAX && l->start > n->end + 1))
			continue;
		if (l->start < n->start)
			n->start = l->start;
		if (l->end > n->end)
			n->end = l->end;
		tess_list_remove(&l->node);
		tess_free(tess_alloc_default(), l);
	}
}

static void released(struct tess_vnode *vn)
{
	bool was = tess_plat_irq_save();

	generation++;
	tess_plat_irq_restore(was);
	tess_poll_notify(&vn->lock_waiters, TESS_POLLOUT);
}

int tess_vfs_lock_set(struct tess_vnode *vn, const void *owner,
		      const struct tess_vfs_flock *lk, bool wait)
{
	struct range_lock *n = NULL, *spare;
	uint64_t start, end;
	int err = range_of(lk, &start, &end);

	if (err)
		return err;
	if (lk->type != F_RDLCK && lk->type != F_WRLCK && lk->type != F_UNLCK)
		return -EINVAL;
	spare = lock_new(owner, lk->type, start, end);
	if (!spare || (lk->type != F_UNLCK &&
		       !(n = lock_new(owner, lk->type, start, end)))) {
		tess_free(tess_alloc_default(), spare);
		return -ENOLCK;
	}
	for (;;) {
		unsigned long gen;
		bool was;

		tess_lock_mutex_lock(&locks_lock);
		if (!n || !conflict(vn, owner, n->type, start, end))
			break;
		gen = generation;
		tess_lock_mutex_unlock(&locks_lock);
		if (!wait) {
			err = -EAGAIN;
			goto out;
		}
		was = tess_plat_irq_save();
		err = gen == generation ? tess_poll_wait(&vn->lock_waiters,
							 TESS_SCHED_FOREVER,
							 "record lock")
					: 0;
		tess_plat_irq_restore(was);
		if (err == -EINTR) {
			err = tess_sched_interrupted();
			goto out;
		}
	}
	carve(vn, owner, start, end, &spare);
	if (n) {
		tess_list_push_back(&vn->locks, &n->node);
		merge(vn, n);
		n = NULL;
	}
	tess_lock_mutex_unlock(&locks_lock);
	/* A downgrade or an unlock may let a waiter in. */
	released(vn);
out:
	tess_free(tess_alloc_default(), n);
	tess_free(tess_alloc_default(), spare);
	return err;
}

int tess_vfs_lock_get(struct tess_vnode *vn, const void *owner,
		      struct tess_vfs_flock *lk)
{
	struct range_lock *l;
	uint64_t start, end;
	int err = range_of(lk, &start, &end);

	if (err)
		return err;
	if (lk->type != F_RDLCK && lk->type != F_WRLCK)
		return -EINVAL;
	tess_lock_mutex_lock(&locks_lock);
	l = conflict(vn, owner, lk->type, start, end);
	if (!l) {
		lk->type = F_UNLCK;
	} else {
		lk->type = (int16_t)l->type;
		lk->start = (int64_t)l->start;
		lk->len = l->end == INT64_MAX ? 0
					      : (int64_t)(l->end - l->start + 1);
		lk->pid = l->owner ? -1 : 0; /* the caller fills in its pid */
	}
	tess_lock_mutex_unlock(&locks_lock);
	return 0;
}

void tess_vfs_lock_release(struct tess_vnode *vn, const void *owner)
{
	struct tess_list *pos, *tmp;
	bool any = false;

	if (tess_list_empty(&vn->locks))
		return;
	tess_lock_mutex_lock(&locks_lock);
	tess_list_for_each_safe(pos, tmp, &vn->locks)
	{
		struct range_lock *l =
			tess_list_entry(pos, struct range_lock, node);

		if (l->owner != owner)
			continue;
		tess_list_remove(&l->node);
		tess_free(tess_alloc_default(), l);
		any = true;
	}
	tess_lock_mutex_unlock(&locks_lock);
	if (any)
		released(vn);
}
