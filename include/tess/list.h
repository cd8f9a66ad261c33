/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intrusive circular doubly-linked lists (the kernel's classic list).
 *
 * A struct tess_list is both the head of a list and the link embedded in
 * each element; an empty head points at itself. Every operation is O(1)
 * and allocates nothing. No locking: the owner of a list serialises access
 * (lib/sched and lib/lock do it with interrupts masked).
 */
#ifndef TESS_LIST_H
#define TESS_LIST_H

#include <stdbool.h>
#include <tess/compiler.h>

struct tess_list {
	struct tess_list *next;
	struct tess_list *prev;
};

#define TESS_LIST_INIT(name)                                                   \
	{                                                                      \
		&(name), &(name)                                               \
	}

static inline void tess_list_init(struct tess_list *l)
{
	l->next = l;
	l->prev = l;
}

static inline bool tess_list_empty(const struct tess_list *l)
{
	return l->next == l;
}

/* Inserts n between prev and next. */
static inline void tess_list_insert_(struct tess_list *n,
				     struct tess_list *prev,
				     struct tess_list *next)
{
	n->next = next;
	n->prev = prev;
	prev->next = n;
	next->prev = n;
}

/* Adds n at the front / at the end of head. */
static inline void tess_list_push_front(struct tess_list *head,
					struct tess_list *n)
{
	tess_list_insert_(n, head, head->next);
}

static inline void tess_list_push_back(struct tess_list *head,
				       struct tess_list *n)
{
	tess_list_insert_(n, head->prev, head);
}

/* Inserts n just before pos (pos may be the head: then at the end). */
static inline void tess_list_insert_before(struct tess_list *pos,
					   struct tess_list *n)
{
	tess_list_insert_(n, pos->prev, pos);
}

/* Unlinks n and makes it an empty list, so that tess_list_linked() tells
 * whether it is on a list and a second removal is harmless. */
static inline void tess_list_remove(struct tess_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	tess_list_init(n);
}

/* True when n (initialised with tess_list_init) is on some list. */
static inline bool tess_list_linked(const struct tess_list *n)
{
	return n->next != n;
}

#define tess_list_entry(ptr, type, member) tess_container_of(ptr, type, member)

/* The first element, or NULL for an empty list. */
#define tess_list_first_entry_or_null(head, type, member)                      \
	(tess_list_empty(head) ? NULL                                          \
			       : tess_list_entry((head)->next, type, member))

/* Iterates over the links; it may not remove pos (use _safe). */
#define tess_list_for_each(pos, head)                                          \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)
#define tess_list_for_each_safe(pos, tmp, head)                                \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head);       \
	     (pos) = (tmp), (tmp) = (pos)->next)

#endif /* TESS_LIST_H */
