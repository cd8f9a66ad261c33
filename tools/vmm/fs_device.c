/* SPDX-License-Identifier: BSD-3-Clause */
/* --share HOSTDIR,tag=TAG[,ro]: a host folder as a virtio-9p device. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fs_device.h"
#include "p9_server.h"
#include "seccomp.h"

struct fs_device {
	struct p9_server server;
	/* Each message is copied out of guest RAM before it is parsed (the
	 * guest cannot change it meanwhile) and the reply copied in. */
	uint8_t *req, *resp;
	/* The driver reset the device: the session ends at the thread's
	 * next work (a reset comes from the vCPU thread, whose seccomp
	 * filter does not let it close the fids' descriptors). */
	bool reset;
};

bool fs_tag_valid(const char *tag)
{
	size_t len = strlen(tag);

	if (len == 0 || len > FS_TAG_MAX)
		return false;
	for (const char *c = tag; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' ||
		      *c == '.'))
			return false;
	return true;
}

int fs_share_parse(char *spec, struct fs_share *share, char *why,
		   size_t why_size)
{
	size_t len = strlen(spec);
	char *tag;

	share->read_only = len >= 3 && strcmp(spec + len - 3, ",ro") == 0;
	if (share->read_only)
		spec[len - 3] = '\0';
	tag = strstr(spec, ",tag=");
	for (char *next = tag; next; next = strstr(next + 1, ",tag="))
		tag = next; /* the last one: the folder may hold ",tag=" */
	if (!tag || tag == spec) {
		snprintf(why, why_size,
			 "--share %s: needs HOSTDIR,tag=TAG[,ro]", spec);
		return -1;
	}
	*tag = '\0';
	share->path = spec;
	share->tag = tag + 5;
	if (!fs_tag_valid(share->tag)) {
		snprintf(why, why_size,
			 "--share %s: the tag '%s' must be 1 to "
			 "%d letters, digits, '_', '-' or '.'",
			 spec, share->tag, FS_TAG_MAX);
		return -1;
	}
	return 0;
}

int fs_device_status(int open_errno)
{
	switch (open_errno) {
	case ENOENT:
	case ENOTDIR: return TESS_KVM_STATUS_DEVICE_MISSING;
	case EACCES:
	case EPERM: return TESS_KVM_STATUS_DEVICE_DENIED;
	default: return TESS_KVM_STATUS_BAD_EXIT;
	}
}

/* An Rread's header: size[4] type[1] tag[2] count[4]. */
#define RREAD_HEAD 11

/* The readable buffers of a chain, in order, into buf (at most cap
 * bytes; a longer message is cut, and its size field then says so). */
static size_t gather(const struct virtq_chain *c, uint8_t *buf, size_t cap)
{
	size_t at = 0;

	for (unsigned int i = 0; i < c->nseg && !c->seg[i].write; i++) {
		size_t n = c->seg[i].len < cap - at ? c->seg[i].len : cap - at;

		memcpy(buf + at, c->seg[i].ptr, n);
		at += n;
	}
	return at;
}

/* The reply into the chain's writable buffers, in order. */
static void scatter(const struct virtq_chain *c, const uint8_t *buf, size_t len)
{
	size_t at = 0;

	for (unsigned int i = 0; i < c->nseg && at < len; i++) {
		size_t n;

		if (!c->seg[i].write)
			continue;
		n = c->seg[i].len < len - at ? c->seg[i].len : len - at;
		memcpy(c->seg[i].ptr, buf + at, n);
		at += n;
	}
}

/* The chain's writable buffers after an Rread's 11-byte header, as an
 * iovec (guest memory, checked by virtq_pop): where its data can go. */
static int reply_data(const struct virtq_chain *c, struct iovec *data)
{
	size_t skip = RREAD_HEAD;
	int n = 0;

	for (unsigned int i = 0; i < c->nseg && n < P9_DIRECT_MAX; i++) {
		size_t len = c->seg[i].len;

		if (!c->seg[i].write)
			continue;
		if (len <= skip) {
			skip -= len;
			continue;
		}
		data[n++] = (struct iovec){c->seg[i].ptr + skip, len - skip};
		skip = 0;
	}
	return n;
}

/* Each chain: a T-message in its readable buffers, the R-message into
 * its writable ones (virtio 1.2, 5.11.6). At most a ring's worth per
 * call. */
static int fs_work(struct vmm_device *d, void *ctx)
{
	struct fs_device *fd = ctx;
	struct virtq *q = vmmio_queue(&d->mmio, 0);
	struct virtq_chain c; /* on the stack: one per device thread */
	int done = 0, r = 0;

	if (fd->reset) {
		p9_server_reset(&fd->server);
		fd->reset = false;
	}
	while (q && done < q->num && (r = virtq_pop(q, &c)) == 1) {
		size_t len = gather(&c, fd->req, P9_MSIZE_MAX);
		size_t cap =
			c.write_len < P9_MSIZE_MAX ? c.write_len : P9_MSIZE_MAX;
		struct iovec data[P9_DIRECT_MAX];
		int ndata = reply_data(&c, data);
		size_t head, n;

		/* An Rread's data goes straight to the guest's buffers; the
		 * rest of every reply is copied. */
		n = p9_serve_direct(&fd->server, fd->req, len, fd->resp, cap,
				    data, ndata, &head);
		scatter(&c, fd->resp, head);
		virtq_push(q, c.head, (uint32_t)n);
		done++;
	}
	return r < 0 ? -1 : done;
}

/* A device reset ends the 9P session (the driver starts a new one),
 * in the device's thread (fs_work). Lock held. */
static void fs_reset(void *ctx)
{
	struct fs_device *fd = ctx;

	fd->reset = true;
}

int fs_device_attach(struct vmm_devices *bus, char *spec, char *why,
		     size_t why_size)
{
	struct vmm_device_model model = {.work = fs_work,
					 .reset = fs_reset,
					 .input_fd = -1,
					 .confine = vmm_seccomp_confine_fs};
	struct fs_share share;
	struct fs_device *fd;
	char label[96];
	uint16_t tag_len;
	int root, err;

	if (fs_share_parse(spec, &share, why, why_size) < 0)
		return TESS_KVM_STATUS_USAGE;
	for (unsigned int i = 0; i < bus->count; i++) {
		const struct vmmio_device *t = &bus->devices[i].model.transport;

		if (t->device_id == FS_DEVICE_ID &&
		    t->config[0] == strlen(share.tag) &&
		    memcmp(t->config + 2, share.tag, t->config[0]) == 0) {
			snprintf(why, why_size,
				 "--share: the tag %s is given "
				 "twice",
				 share.tag);
			return TESS_KVM_STATUS_USAGE;
		}
	}
	if (bus->count == TESS_KVM_DEVICE_MAX) {
		snprintf(why, why_size, "too many devices (at most %d)",
			 TESS_KVM_DEVICE_MAX);
		return TESS_KVM_STATUS_USAGE;
	}
	root = p9_share_open(share.path);
	if (root < 0) {
		snprintf(why, why_size, "--share %s: %s", share.path,
			 root == -ENOTDIR ? "not a folder" : strerror(-root));
		return fs_device_status(-root);
	}
	fd = calloc(1, sizeof(*fd));
	if (fd) {
		fd->req = malloc(P9_MSIZE_MAX);
		fd->resp = malloc(P9_MSIZE_MAX);
	}
	if (!fd || !fd->req || !fd->resp) {
		snprintf(why, why_size, "out of memory");
		err = -ENOMEM;
		close(root);
	} else {
		err = p9_server_init(&fd->server, root, share.read_only, why,
				     why_size);
	}
	if (err) {
		if (fd) {
			free(fd->req);
			free(fd->resp);
		}
		free(fd);
		return TESS_KVM_STATUS_BAD_EXIT;
	}
	p9_fd_limit_raise(); /* a fid holds a descriptor or two */
	model.transport.device_id = FS_DEVICE_ID;
	model.transport.features = (1ULL << FS_F_MOUNT_TAG) |
				   (1ULL << TESS_VIRTIO_F_EVENT_IDX) |
				   (1ULL << TESS_VIRTIO_F_INDIRECT_DESC);
	model.transport.num_queues = 1;
	model.transport.queue_max = 128;
	/* Config space: le16 tag_len, then the tag (no NUL). */
	tag_len = (uint16_t)strlen(share.tag);
	model.transport.config[0] = (uint8_t)tag_len;
	model.transport.config[1] = (uint8_t)(tag_len >> 8);
	memcpy(model.transport.config + 2, share.tag, tag_len);
	model.ctx = fd;
	snprintf(label, sizeof(label), "share %s (tag %s%s)", share.path,
		 share.tag, share.read_only ? ", read-only" : "");
	if (!vmm_devices_add(bus, &model, label)) {
		snprintf(why, why_size, "too many devices (at most %d)",
			 TESS_KVM_DEVICE_MAX);
		return TESS_KVM_STATUS_USAGE;
	}
	return 0;
}
