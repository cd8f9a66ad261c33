/* SPDX-License-Identifier: BSD-3-Clause */
/* memcpy, memmove, memset (a word at a time), memcmp and memchr. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * Copies and fills move whole words once the destination is aligned.
 * Source words are loaded through a type of alignment 1, which is correct
 * at any address on every architecture: the compiler emits plain loads
 * where the CPU allows unaligned access (x86_64, arm64) and byte loads
 * elsewhere. may_alias: the words may hold objects of any type.
 *
 * The byte loops rely on -fno-tree-loop-distribute-patterns (in the
 * global CFLAGS): without it gcc may turn them into calls to memcpy and
 * memset, that is, into endless recursion.
 */
typedef unsigned long word_t __attribute__((may_alias));
typedef unsigned long unaligned_word_t __attribute__((may_alias, aligned(1)));

#define WORD_SIZE  sizeof(word_t)
#define BLOCK_SIZE (4 * WORD_SIZE)

static bool word_aligned(const void *p)
{
	return (uintptr_t)p % WORD_SIZE == 0;
}

/* Safe for overlapping buffers when dest is below src: every block is
 * loaded before any of its stores. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	while (n > 0 && !word_aligned(d)) {
		*d++ = *s++;
		n--;
	}
	for (; n >= BLOCK_SIZE;
	     d += BLOCK_SIZE, s += BLOCK_SIZE, n -= BLOCK_SIZE) {
		const unaligned_word_t *sw = (const unaligned_word_t *)s;
		word_t *dw = (word_t *)d;
		word_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];

		dw[0] = w0;
		dw[1] = w1;
		dw[2] = w2;
		dw[3] = w3;
	}
	for (; n >= WORD_SIZE; d += WORD_SIZE, s += WORD_SIZE, n -= WORD_SIZE)
		*(word_t *)d = *(const unaligned_word_t *)s;
	while (n > 0) {
		*d++ = *s++;
		n--;
	}
}

/* The mirror image, safe when dest is above src. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	while (n > 0 && !word_aligned(d)) {
		*--d = *--s;
		n--;
	}
	while (n >= BLOCK_SIZE) {
		const unaligned_word_t *sw;
		word_t *dw, w0, w1, w2, w3;

		d -= BLOCK_SIZE;
		s -= BLOCK_SIZE;
		n -= BLOCK_SIZE;
		sw = (const unaligned_word_t *)s;
		dw = (word_t *)d;
		w3 = sw[3];
		w2 = sw[2];
		w1 = sw[1];
		w0 = sw[0];
		dw[3] = w3;
		dw[2] = w2;
		dw[1] = w1;
		dw[0] = w0;
	}
	while (n >= WORD_SIZE) {
		d -= WORD_SIZE;
		s -= WORD_SIZE;
		n -= WORD_SIZE;
		*(word_t *)d = *(const unaligned_word_t *)s;
	}
	while (n > 0) {
		*--d = *--s;
		n--;
	}
}

void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
	copy_forward(dest, src, n);
	return dest;
}

void *memmove(void *dest, const void *src, size_t n)
{
	/* Compared as integers: the buffers are distinct objects. */
	if ((uintptr_t)dest <= (uintptr_t)src ||
	    (uintptr_t)dest >= (uintptr_t)src + n)
		copy_forward(dest, src, n);
	else
		copy_backward(dest, src, n);
	return dest;
}

void *memset(void *dest, int c, size_t n)
{
	unsigned char *d = dest;
	unsigned char byte = (unsigned char)c;
	/* The byte in every byte of a word: 0x0101...01 * byte. */
	word_t pattern = (word_t)-1 / 0xff * byte;

	while (n > 0 && !word_aligned(d)) {
		*d++ = byte;
		n--;
	}
	for (; n >= BLOCK_SIZE; d += BLOCK_SIZE, n -= BLOCK_SIZE) {
		word_t *dw = (word_t *)d;

		dw[0] = pattern;
		dw[1] = pattern;
		dw[2] = pattern;
		dw[3] = pattern;
	}
	for (; n >= WORD_SIZE; d += WORD_SIZE, n -= WORD_SIZE)
		*(word_t *)d = pattern;
	while (n > 0) {
		*d++ = byte;
		n--;
	}
	return dest;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;

	for (; n > 0; pa++, pb++, n--) {
		if (*pa != *pb)
			return *pa - *pb;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; p++, n--) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}
