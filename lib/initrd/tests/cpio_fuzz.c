/* SPDX-License-Identifier: BSD-3-Clause */
/* libFuzzer target: tess_cpio_walk over the fuzzer's bytes (a copy of
 * exactly their length, so ASan sees any read past the end). Each
 * entry's name and data must lie inside the archive. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tess/cpio.h>

struct bounds {
	const char *start, *end;
};

static int check(const struct tess_cpio_entry *e, void *ctx)
{
	const struct bounds *b = ctx;
	const char *data = e->data;

	if (e->name < b->start || e->name + e->namelen + 1 > b->end ||
	    data < b->start || e->size > (size_t)(b->end - data) ||
	    strlen(e->name) != e->namelen)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
	char *copy = malloc(len ? len : 1);
	struct bounds b = {copy, copy + len};
	size_t offset;
	int fn_err;

	memcpy(copy, bytes, len);
	if (tess_cpio_walk(copy, len, check, &b, &fn_err, &offset) !=
		    TESS_CPIO_OK &&
	    offset > len)
		abort();
	free(copy);
	return 0;
}
