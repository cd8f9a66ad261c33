/* SPDX-License-Identifier: BSD-3-Clause */
/* libFuzzer target: the client's parsing of a server's reply (lib/9pfs's
 * p9_msg.c), read the ways node.c reads them: a walk's qids, getattr's
 * fields, readlink's string, a readdir's packed entries. A copy of
 * exactly the input's length, so ASan sees any read past it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../p9_msg.h"

static void readdir_entries(struct p9_buf *r)
{
	uint32_t bytes = p9_get32(r);
	const void *data = p9_getbytes(r, bytes);
	struct p9_buf list;

	if (!data)
		return;
	list = (struct p9_buf){.data = (uint8_t *)data, .len = bytes,
			       .cap = bytes};
	while (list.pos < list.len && !list.err) {
		size_t len;

		(void)p9_getqid(&list);
		(void)p9_get64(&list);
		(void)p9_get8(&list);
		(void)p9_getstr(&list, &len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	static const uint8_t types[] = {111, 25, 23, 41, 117, 101, 13};
	struct p9_buf r;
	size_t slen;

	memcpy(copy, bytes, len);
	for (unsigned i = 0; i < sizeof(types); i++) {
		if (p9_reply(&r, copy, len, types[i]) != 0)
			continue;
		switch (types[i]) {
		case 111: /* Rwalk */
			for (uint16_t n = p9_get16(&r); n && !r.err; n--)
				(void)p9_getqid(&r);
			break;
		case 41: /* Rreaddir */
			readdir_entries(&r);
			break;
		case 23: /* Rreadlink */
		case 101: /* Rversion */
			(void)p9_get32(&r);
			(void)p9_getstr(&r, &slen);
			break;
		default:
			while (!r.err)
				(void)p9_get64(&r);
		}
	}
	/* An Rread's header alone, its data elsewhere. */
	if (len >= 4)
		(void)p9_reply_head(&r, copy, len < 11 ? len : 11, len + 1000,
				    117);
	free(copy);
	return 0;
}
