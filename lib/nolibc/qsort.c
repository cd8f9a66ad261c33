/* SPDX-License-Identifier: BSD-3-Clause */
/* qsort as a heapsort: O(n log n) at worst, no recursion, no memory. */
#include <stdlib.h>

typedef int (*compare_fn)(const void *, const void *);

static void swap_elements(unsigned char *a, unsigned char *b, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		unsigned char t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
}

/* Moves the element at root down the max-heap of n elements until it is
 * not smaller than its children. */
static void sift_down(unsigned char *base, size_t root, size_t n, size_t size,
		      compare_fn compar)
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n &&
		    compar(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (compar(base + root * size, base + child * size) >= 0)
			return;
		swap_elements(base + root * size, base + child * size, size);
		root = child;
	}
}

/*
 * Heapsort rather than quicksort: sorted, reversed or equal inputs cannot
 * make it quadratic or deep, which matters on small fixed kernel stacks.
 * Builds a max-heap, then repeatedly moves its top to the end.
 */
void qsort(void *base, size_t nmemb, size_t size, compare_fn compar)
{
	unsigned char *elements = base;
	size_t i;

	if (nmemb < 2 || size == 0)
		return;
	for (i = nmemb / 2; i-- > 0;)
		sift_down(elements, i, nmemb, size, compar);
	for (i = nmemb - 1; i > 0; i--) {
		swap_elements(elements, elements + i * size, size);
		sift_down(elements, 0, i, size, compar);
	}
}
