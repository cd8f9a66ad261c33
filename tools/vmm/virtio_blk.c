/* SPDX-License-Identifier: BSD-3-Clause */
/* virtio-blk requests on a backend: checked, carried out, statused. */
#include <string.h>

#include "virtio_blk.h"

void vblk_init(struct vblk *b, const struct vblk_backend *backend,
	       uint64_t sectors, bool read_only, const char *id)
{
	memset(b, 0, sizeof(*b));
	b->backend = backend;
	b->sectors = sectors;
	b->read_only = read_only;
	strncpy(b->id, id ? id : "", sizeof(b->id));
}

uint64_t vblk_features(const struct vblk *b)
{
	return (1ULL << VBLK_F_SEG_MAX) | (1ULL << VBLK_F_FLUSH) |
	       (b->read_only ? 1ULL << VBLK_F_RO : 0) |
	       (1ULL << TESS_VIRTIO_F_EVENT_IDX) |
	       (1ULL << TESS_VIRTIO_F_INDIRECT_DESC);
}

void vblk_config(const struct vblk *b, uint8_t *config)
{
	uint32_t seg_max = VIRTQ_CHAIN_MAX - 2; /* header and status */

	memset(config, 0, 64);
	memcpy(config + VBLK_CONFIG_CAPACITY, &b->sectors, 8);
	memcpy(config + VBLK_CONFIG_SEG_MAX, &seg_max, 4);
}

/*
 * The chain as header, data and status: where the first 16 readable bytes
 * end, and where the last writable byte is. Each piece may span buffers.
 */
struct framing {
	unsigned int data_seg;	/* first segment after the header */
	uint32_t data_off;	/* offset into it */
	unsigned int status_seg; /* segment holding the status byte */
};

/* Copies the header out of the readable bytes; false when they are fewer
 * than 16. */
static bool header_take(const struct virtq_chain *c, uint8_t *hdr,
			struct framing *f)
{
	uint32_t got = 0;

	for (unsigned int s = 0; s < c->nseg && !c->seg[s].write; s++) {
		uint32_t take = c->seg[s].len < 16 - got ? c->seg[s].len
							  : 16 - got;

		memcpy(hdr + got, c->seg[s].ptr, take);
		got += take;
		if (got == 16) {
			f->data_seg = take == c->seg[s].len ? s + 1 : s;
			f->data_off = take == c->seg[s].len ? 0 : take;
			return true;
		}
	}
	return false;
}

/* Moves len bytes of the data area (from f's start) to or from the
 * backend at offset, segment by segment. want_write: the segments must be
 * the device-readable ones (a write), else the writable ones before the
 * status byte (a read). Returns a status. */
static uint8_t data_move(struct vblk *b, const struct virtq_chain *c,
			 const struct framing *f, uint32_t status_len,
			 bool to_disk, uint64_t offset, uint32_t *moved)
{
	uint32_t off = f->data_off;

	*moved = 0;
	for (unsigned int s = f->data_seg; s < c->nseg; s++, off = 0) {
		const struct virtq_seg *seg = &c->seg[s];
		uint32_t len = seg->len - off;
		int err;

		if (seg->write == to_disk)
			continue; /* the other direction's buffers */
		if (!to_disk && s == f->status_seg)
			len -= status_len; /* the status byte is not data */
		if (!len)
			continue;
		if (len % VBLK_SECTOR || offset + len > b->sectors * VBLK_SECTOR)
			return VBLK_S_IOERR;
		err = to_disk ? b->backend->write(b->backend->ctx, offset,
						  seg->ptr + off, len)
			      : b->backend->read(b->backend->ctx, offset,
						 seg->ptr + off, len);
		if (err)
			return VBLK_S_IOERR;
		offset += len;
		*moved += len;
	}
	return VBLK_S_OK;
}

uint32_t vblk_request(struct vblk *b, const struct virtq_chain *c)
{
	uint8_t hdr[16], status = VBLK_S_OK;
	struct framing f = {0};
	uint32_t type, moved = 0;
	uint64_t sector;
	const struct virtq_seg *last;

	b->requests++;
	/* The status: the last byte of the last (writable) buffer. */
	if (!c->nseg || !c->seg[c->nseg - 1].write || !header_take(c, hdr, &f)) {
		b->errors++;
		return 0;
	}
	last = &c->seg[c->nseg - 1];
	f.status_seg = c->nseg - 1;
	memcpy(&type, hdr, 4);
	memcpy(&sector, hdr + 8, 8);
	if (sector > b->sectors)
		sector = b->sectors; /* so the range check below fails */
	switch (type) {
	case VBLK_T_IN:
		status = data_move(b, c, &f, 1, false, sector * VBLK_SECTOR,
				   &moved);
		break;
	case VBLK_T_OUT:
		status = b->read_only ? VBLK_S_IOERR
				      : data_move(b, c, &f, 1, true,
						  sector * VBLK_SECTOR, &moved);
		moved = 0; /* nothing written into the chain but the status */
		break;
	case VBLK_T_FLUSH:
		status = b->backend->flush(b->backend->ctx) ? VBLK_S_IOERR
							    : VBLK_S_OK;
		break;
	case VBLK_T_GET_ID: {
		uint32_t writable = 0;

		for (unsigned int s = 0; s < c->nseg; s++)
			if (c->seg[s].write)
				writable += c->seg[s].len;
		/* 20 bytes of the id into the writable data. */
		if (writable >= 21) {
			uint32_t left = 20;

			for (unsigned int s = 0; s < c->nseg && left; s++) {
				uint32_t n = c->seg[s].len;

				if (!c->seg[s].write)
					continue;
				if (s == f.status_seg)
					n--;
				n = n < left ? n : left;
				memcpy(c->seg[s].ptr, b->id + (20 - left), n);
				left -= n;
				moved += n;
			}
		} else {
			status = VBLK_S_IOERR;
		}
		break;
	}
	default: status = VBLK_S_UNSUPP;
	}
	if (status != VBLK_S_OK)
		b->errors++;
	last->ptr[last->len - 1] = status;
	return moved + 1;
}

int vblk_work(struct vblk *b, struct virtq *q)
{
	struct virtq_chain c; /* on the stack: one per device thread */
	int done = 0, r;

	while ((r = virtq_pop(q, &c)) == 1) {
		virtq_push(q, c.head, vblk_request(b, &c));
		done++;
	}
	return r < 0 ? -1 : done;
}
