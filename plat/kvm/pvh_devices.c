/* SPDX-License-Identifier: BSD-3-Clause */
/* virtio-mmio devices from a PVH loader's command line, and their IOAPIC
 * routes (see pvh_devices.h). */
#include <stdbool.h>

#include "pvh_devices.h"

#define NOSSP __attribute__((no_stack_protector))
#define WORD  "virtio_mmio.device="
#define IOAPIC_INDEX 0x00
#define IOAPIC_DATA  0x10
#define IOAPIC_REDIR 0x10 /* redirection entry n: 0x10 + 2n, + 1 */

/* A number in C syntax (0x hex or decimal) with an optional K/M suffix;
 * *p moves past it. Returns false when there is none. */
static NOSSP bool number(const char **p, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X'), any = false;

	if (hex)
		s += 2;
	for (;; s++) {
		unsigned int digit;

		if (*s >= '0' && *s <= '9')
			digit = (unsigned int)(*s - '0');
		else if (hex && *s >= 'a' && *s <= 'f')
			digit = (unsigned int)(*s - 'a' + 10);
		else if (hex && *s >= 'A' && *s <= 'F')
			digit = (unsigned int)(*s - 'A' + 10);
		else
			break;
		if (v > (~0ULL >> 4))
			return false;
		v = v * (hex ? 16 : 10) + digit;
		any = true;
	}
	if (*s == 'K' || *s == 'k')
		v <<= 10, s++;
	else if (*s == 'M' || *s == 'm')
		v <<= 20, s++;
	*p = s;
	*out = v;
	return any;
}

/* SIZE@BASE:GSI up to the end of the word; false when malformed. */
static NOSSP bool parse(const char *p, const char *end, uint64_t *size,
			uint64_t *base, uint64_t *gsi)
{
	if (!number(&p, size) || *p++ != '@' || !number(&p, base) ||
	    *p++ != ':' || !number(&p, gsi))
		return false;
	return p == end && *size >= 0x100 && *size <= 0x1000 &&
	       *base >= PVH_DEVICE_START && *base + *size <= PVH_DEVICE_END &&
	       *base % 0x100 == 0 &&
	       (*base & 0xfff) + *size <= 0x1000 && *gsi < PVH_GSI_MAX;
}

static NOSSP bool starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

void NOSSP pvh_devices_take(char *cmdline, uint64_t *len, struct pvh_devices *d)
{
	uint64_t at = 0;

	d->count = 0;
	while (at < *len) {
		uint64_t end = at, size, base, gsi, cut;

		while (end < *len && cmdline[end] != ' ')
			end++;
		if (d->count < TESS_KVM_DEVICE_MAX &&
		    starts_with(cmdline + at, WORD) &&
		    parse(cmdline + at + sizeof(WORD) - 1, cmdline + end, &size,
			  &base, &gsi)) {
			struct tess_kvm_device *e = &d->devices[d->count];

			e->kind = TESS_KVM_DEVICE_VIRTIO_MMIO_PIN;
			e->line = d->count % TESS_KVM_DEVICE_LINES;
			e->base = base;
			e->size = size;
			d->gsi[d->count++] = (uint32_t)gsi;
			/* The word and the blank before it go. */
			cut = end - at + (end < *len ? 1 : 0);
			if (at > 0 && end == *len)
				at--, cut++;
			for (uint64_t i = at; i + cut <= *len; i++)
				cmdline[i] = cmdline[i + cut];
			*len -= cut;
			continue;
		}
		at = end + 1;
	}
}

void NOSSP pvh_devices_pages(const struct pvh_devices *d,
			     struct guest_image *img)
{
	img->device_page_count = 0;
	for (unsigned int i = 0; i < d->count; i++) {
		uint64_t page = d->devices[i].base & ~0xfffULL;
		bool seen = false;

		for (unsigned int k = 0; k < img->device_page_count; k++)
			seen |= img->device_pages[k] == page;
		if (!seen)
			img->device_pages[img->device_page_count++] = page;
	}
	img->ioapics = d->count > 0;
}

static NOSSP void ioapic_write(uint64_t base, uint32_t reg, uint32_t value)
{
	*(volatile uint32_t *)(uintptr_t)(base + IOAPIC_INDEX) = reg;
	*(volatile uint32_t *)(uintptr_t)(base + IOAPIC_DATA) = value;
}

void NOSSP pvh_devices_route(const struct pvh_devices *d)
{
	for (unsigned int i = 0; i < d->count; i++) {
		uint32_t gsi = d->gsi[i];
		uint64_t ioapic = gsi < 24 ? PVH_IOAPIC_BASE : PVH_IOAPIC2_BASE;
		uint32_t pin = gsi % 24;

		/* Destination APIC 0; fixed delivery, physical, active high,
		 * edge-triggered, unmasked, the line's vector. */
		ioapic_write(ioapic, IOAPIC_REDIR + 2 * pin + 1, 0);
		ioapic_write(ioapic, IOAPIC_REDIR + 2 * pin,
			     TESS_KVM_VECTOR_DEVICE(d->devices[i].line));
	}
}
