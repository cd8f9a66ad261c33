/* SPDX-License-Identifier: BSD-3-Clause */
/* bsearch: binary search of a sorted array. */
#include <stdlib.h>

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*compar)(const void *, const void *))
{
	const unsigned char *elements = base;
	size_t low = 0, high = nmemb;

	/* The key, if present, is in [low, high). */
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		const void *element = elements + mid * size;
		int order = compar(key, element);

		if (order == 0)
			return (void *)element;
		if (order < 0)
			high = mid;
		else
			low = mid + 1;
	}
	return NULL;
}
