/* SPDX-License-Identifier: BSD-3-Clause */
/* ext/lwip's port, internal: what its files share. */
#ifndef TESS_LWIP_IMPL_H
#define TESS_LWIP_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "lwip/ip4_addr.h"
#include "lwip/ip6_addr.h"

/* The interface configuration the library options give (init.c). */
struct tess_lwip_config {
	bool have_ip; /* net.ip given: static address, no DHCP */
	ip4_addr_t ip, netmask, gateway, dns;
	bool have_gateway, have_dns;
	unsigned int dhcp_wait_s; /* net.wait: boot waits for a lease */
#if LWIP_IPV6
	bool have_ip6, have_gateway6; /* net.ip6, net.gw6 */
	ip6_addr_t ip6, gateway6;
#endif
};

/* The tcpip thread calls this as it starts, holding the core lock: from
 * then on tess_lwip_core_assert_locked checks callers. */
void tess_lwip_tcpip_started(void);

/* hook runs in tess_lwip_core_unlock, core lock held, before it is
 * released (netif_netdev.c: transmit what is queued). Set before the
 * stack has an interface. */
void tess_lwip_unlock_hook_set(void (*hook)(void));

/* Brings the first network device up as an lwIP interface configured
 * from conf (netif_netdev.c). Called at boot without the core lock.
 * Returns 0 (also when there is no device: the loopback interface
 * only) or a negative errno. */
int tess_lwip_netdev_up(const struct tess_lwip_config *conf);

#endif /* TESS_LWIP_IMPL_H */
