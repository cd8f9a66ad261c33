/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/netdev inside: a packet buffer pool's record, which netdev.c reads to
 * check a receive pool and marks while a device receives into it. */
#ifndef TESS_NETBUF_IMPL_H
#define TESS_NETBUF_IMPL_H

#include <tess/netbuf.h>
#include <tess/pool.h>

#define NETBUF_POOL_NAME_MAX 31

struct tess_netbuf_pool {
	struct tess_pool *objects; /* the buffers, as lib/pool objects */
	struct tess_netbuf_pool_info info;
	char name[NETBUF_POOL_NAME_MAX + 1];
	/* Devices configured to receive into the pool, which then must not
	 * be destroyed. Changed by configure, with interrupts masked. */
	unsigned int receivers;
};

#endif /* TESS_NETBUF_IMPL_H */
