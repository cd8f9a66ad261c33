/* SPDX-License-Identifier: BSD-3-Clause */
/* malloc and friends on the default allocator of lib/alloc. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <tess/alloc.h>
#include <tess/compiler.h>

/*
 * Every function asks tess_alloc_default() afresh: the default allocator
 * exists only after the heaps are set up at boot (TESS_INIT_ALLOC) and
 * not at all in an image without a heap, where allocation fails with
 * ENOMEM.
 */

static bool alignment_valid(size_t alignment)
{
	return TESS_IS_POW2(alignment);
}

void *malloc(size_t size)
{
	struct tess_alloc *a = tess_alloc_default();
	void *p;

	/* malloc(0) is a real, freeable allocation of one byte. */
	if (size == 0)
		size = 1;
	p = a != NULL ? tess_malloc(a, size) : NULL;
	if (p == NULL)
		errno = ENOMEM;
	return p;
}

void *calloc(size_t nmemb, size_t size)
{
	struct tess_alloc *a = tess_alloc_default();
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	if (nmemb == 0 || size == 0) {
		nmemb = 1;
		size = 1;
	}
	p = a != NULL ? tess_calloc(a, nmemb, size) : NULL;
	if (p == NULL)
		errno = ENOMEM;
	return p;
}

void *realloc(void *ptr, size_t size)
{
	struct tess_alloc *a;
	void *p;

	if (ptr == NULL)
		return malloc(size);
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	a = tess_alloc_default();
	p = a != NULL ? tess_realloc(a, ptr, size) : NULL;
	if (p == NULL)
		errno = ENOMEM;
	return p;
}

void free(void *ptr)
{
	struct tess_alloc *a;

	if (ptr == NULL)
		return;
	/* ptr came from this allocator, so it exists. */
	a = tess_alloc_default();
	if (a != NULL)
		tess_free(a, ptr);
}

void *memalign(size_t alignment, size_t size)
{
	struct tess_alloc *a = tess_alloc_default();
	void *p;

	if (!alignment_valid(alignment)) {
		errno = EINVAL;
		return NULL;
	}
	if (size == 0)
		size = 1;
	/* C allows alignments 1, 2 and 4; the allocator interface starts at
	 * pointer size, which satisfies them too. */
	if (alignment < sizeof(void *))
		alignment = sizeof(void *);
	p = a != NULL ? tess_memalign(a, alignment, size) : NULL;
	if (p == NULL)
		errno = ENOMEM;
	return p;
}

/* C17 (DR 460) drops the rule that size be a multiple of alignment. */
void *aligned_alloc(size_t alignment, size_t size)
{
	return memalign(alignment, size);
}

int posix_memalign(void **memptr, size_t alignment, size_t size)
{
	int saved_errno = errno;
	void *p;

	if (!alignment_valid(alignment) || alignment % sizeof(void *) != 0)
		return EINVAL;
	p = memalign(alignment, size);
	if (p == NULL) {
		errno = saved_errno;
		return ENOMEM;
	}
	*memptr = p;
	return 0;
}
