/* SPDX-License-Identifier: BSD-3-Clause */
/* Address sanitizer runtime: shadow bookkeeping and access checks. */
#include <errno.h>
#include <string.h>
#include <tess/asan.h>
#include <tess/compiler.h>
#include <tess/debug.h>

#define RANGE_MAX 4

struct tracked_range {
	uintptr_t base;
	uintptr_t end;
	uint8_t *shadow;
};

/* Written by tess_asan_track at boot (allocator init), read by every
 * check. */
static struct tracked_range ranges[RANGE_MAX];
static unsigned int range_count;
/* Capture mode (tests only). */
static bool capturing;
static unsigned int captured;

size_t tess_asan_shadow_size(size_t len)
{
	return (len + TESS_ASAN_GRANULE - 1) / TESS_ASAN_GRANULE;
}

int tess_asan_track(uintptr_t base, size_t len, uint8_t *shadow)
{
	uintptr_t end = base + len;
	size_t shadow_len = tess_asan_shadow_size(len);

	if (!shadow || len == 0 || end < base ||
	    !TESS_IS_ALIGNED(base, TESS_ASAN_GRANULE))
		return -EINVAL;
	if ((uintptr_t)shadow < end && (uintptr_t)shadow + shadow_len > base)
		return -EINVAL;
	for (unsigned int i = 0; i < range_count; i++) {
		if (base < ranges[i].end && end > ranges[i].base)
			return -EINVAL;
	}
	if (range_count == RANGE_MAX)
		return -ENOSPC;
	memset(shadow, TESS_ASAN_UNALLOCATED, shadow_len);
	ranges[range_count].base = base;
	ranges[range_count].end = end;
	ranges[range_count].shadow = shadow;
	tess_barrier();
	range_count++;
	return 0;
}

static struct tracked_range *range_of(uintptr_t addr)
{
	for (unsigned int i = 0; i < range_count; i++) {
		if (addr >= ranges[i].base && addr < ranges[i].end)
			return &ranges[i];
	}
	return NULL;
}

static uint8_t *shadow_of(struct tracked_range *r, uintptr_t addr)
{
	return r->shadow + (addr - r->base) / TESS_ASAN_GRANULE;
}

void tess_asan_poison(const void *addr, size_t len, uint8_t code)
{
	uintptr_t a = (uintptr_t)addr;
	struct tracked_range *r = range_of(a);

	if (r == NULL || len == 0)
		return;
	if (a + len > r->end)
		len = r->end - a;
	memset(shadow_of(r, a), code, tess_asan_shadow_size(len));
}

void tess_asan_unpoison(const void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	struct tracked_range *r = range_of(a);
	uint8_t *s;

	if (r == NULL || len == 0)
		return;
	if (a + len > r->end)
		len = r->end - a;
	s = shadow_of(r, a);
	memset(s, 0, len / TESS_ASAN_GRANULE);
	if (len % TESS_ASAN_GRANULE)
		s[len / TESS_ASAN_GRANULE] = (uint8_t)(len % TESS_ASAN_GRANULE);
}

unsigned int tess_asan_capture(bool on)
{
	unsigned int n = captured;

	capturing = on;
	captured = 0;
	return n;
}

static const char *poison_name(uint8_t code)
{
	switch (code) {
	case TESS_ASAN_HEAP_REDZONE: return "heap-buffer-overflow";
	case TESS_ASAN_HEAP_FREED: return "heap-use-after-free";
	case TESS_ASAN_UNALLOCATED: return "access to unallocated heap memory";
	default: return "heap-buffer-overflow (partial granule)";
	}
}

/* Returns the first shadow value that forbids the access, or 0. */
static uint8_t access_fault(struct tracked_range *r, uintptr_t addr,
			    size_t size, uintptr_t *bad)
{
	uintptr_t last = addr + size - 1;

	if (last >= r->end || last < addr) {
		*bad = r->end;
		return TESS_ASAN_UNALLOCATED;
	}
	for (uintptr_t a = addr;;) {
		/* Last byte of a's granule, and of the access within it. */
		uintptr_t granule_end = TESS_ALIGN_DOWN(a, TESS_ASAN_GRANULE) +
					TESS_ASAN_GRANULE - 1;
		uintptr_t hi = TESS_MIN(last, granule_end);
		uint8_t s = *shadow_of(r, a);

		/* s in 1..7: only the granule's first s bytes are valid. */
		if (s != 0 && (s >= TESS_ASAN_GRANULE ||
			       hi % TESS_ASAN_GRANULE >= s)) {
			*bad = a;
			return s;
		}
		if (granule_end >= last)
			break;
		a = granule_end + 1;
	}
	return 0;
}

__attribute__((noinline)) static void check(uintptr_t addr, size_t size,
					    bool write, uintptr_t caller)
{
	struct tracked_range *r;
	uintptr_t bad;
	uint8_t code;

	if (tess_likely(range_count == 0) || size == 0)
		return;
	r = range_of(addr);
	if (r == NULL)
		return;
	code = access_fault(r, addr, size, &bad);
	if (tess_likely(code == 0))
		return;
	if (capturing) {
		captured++;
		return;
	}
	tess_pr_crit("%s: %s of %zu bytes at %#lx (first bad byte near %#lx), from code at %#lx",
		     poison_name(code), write ? "write" : "read", size,
		     (unsigned long)addr, (unsigned long)bad,
		     (unsigned long)caller);
	tess_panic("address sanitizer report");
}

#define CALLER ((uintptr_t)__builtin_return_address(0))
#define DEFINE_CHECKS(n)                                                     \
	void __asan_load##n##_noabort(uintptr_t addr)                        \
	{                                                                    \
		check(addr, n, false, CALLER);                               \
	}                                                                    \
	void __asan_store##n##_noabort(uintptr_t addr)                       \
	{                                                                    \
		check(addr, n, true, CALLER);                                \
	}

DEFINE_CHECKS(1)
DEFINE_CHECKS(2)
DEFINE_CHECKS(4)
DEFINE_CHECKS(8)
DEFINE_CHECKS(16)

void __asan_loadN_noabort(uintptr_t addr, size_t size)
{
	check(addr, size, false, CALLER);
}

void __asan_storeN_noabort(uintptr_t addr, size_t size)
{
	check(addr, size, true, CALLER);
}

/* Called before noreturn calls to clean stack poisoning; stacks are not
 * poisoned here, so there is nothing to do. */
void __asan_handle_no_return(void)
{
}
