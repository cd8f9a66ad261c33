/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ext/lwip: the lwIP TCP/IP stack on Tessera, and its network interface.
 *
 * Provides lwIP 2.1.3 (Debian's source, built by the image's build) with
 * its thread started at boot (TESS_INIT_NET): IPv4, ARP, ICMP echo, IGMP,
 * UDP, TCP, DHCP, DNS, a loopback interface (127.0.0.1), and the first
 * network device (lib/netdev's net0, with CONFIG_TESS_EXT_LWIP_NETDEV)
 * as its default Ethernet interface. Applications use lwIP's own APIs
 * through lwIP's headers: the socket API under lwIP's names
 * (lwip/sockets.h: lwip_socket, lwip_bind, lwip_listen, lwip_accept,
 * lwip_recv, lwip_send, lwip_close, ...; no POSIX names, so nothing
 * clashes with the C library) and the netconn API (lwip/api.h). Socket
 * calls set the C library's errno.
 *
 * Library options (left of "--" on the image's command line):
 *   net.ip=A.B.C.D/PREFIX  net0's address and prefix length (1..32);
 *                          without it net0 asks DHCP (when configured),
 *                          else stays down (a log line says so)
 *   net.gw=A.B.C.D         the default gateway (static addresses)
 *   net.dns=A.B.C.D        the DNS server lwIP's resolver asks
 *   net.ip6=ADDR/64        with CONFIG_TESS_EXT_LWIP_IPV6: a static IPv6
 *                          address beside the link-local one (from the MAC)
 *   net.gw6=ADDR           with IPv6: the default router
 *
 * Needs: lib/sched, lib/lock, lib/mpi, lib/alloc, lib/random; lib/netdev
 * for the interface.
 *
 * Promises: lwIP's APIs may be called from any thread (never from
 * interrupt handlers); they take lwIP's core lock. Received frames reach
 * the stack in bursts without a copy; transmitted ones are copied once
 * into the device's buffers.
 */
#ifndef TESS_LWIP_H
#define TESS_LWIP_H

#include <stdint.h>

struct netif;

/* net0's lwIP interface, or NULL when the image has no network device
 * (or was built without CONFIG_TESS_EXT_LWIP_NETDEV). */
struct netif *tess_lwip_netif(void);

/*
 * Waits until net0 has an IPv4 address (at once for net.ip; when DHCP
 * has one). timeout_ns is relative (UINT64_MAX: no limit). Returns 0,
 * -ETIMEDOUT, or -ENODEV: no interface, or no address to wait for (no
 * net.ip and no DHCP).
 */
int tess_lwip_netif_wait_up(uint64_t timeout_ns);

/*
 * Socket events: fn(s) runs at every change of lwIP socket s's receive,
 * send or error events (lwIP's event callback, patches/0001), from
 * whichever thread made it, with lwIP's core lock held: it must not
 * call lwIP. lib/posix-socket wakes the waiters of s's file there.
 */
void tess_lwip_socket_events(void (*fn)(int s));
/* Called by the patched lwIP. */
void tess_lwip_socket_event(int s);

/*
 * Address events: fn() runs each time net0 comes up with an address (or
 * changes it: net.ip at boot, a DHCP lease), after the name servers of
 * net.dns or DHCP are set, in lwIP's thread with the core lock held: it
 * may read lwIP's state (dns_getserver) but must not block on lwIP.
 * lib/posix-socket writes /etc/resolv.conf there.
 */
void tess_lwip_address_events(void (*fn)(void));
/* Called by the interface when it comes up with an address. */
void tess_lwip_address_event(void);

#endif /* TESS_LWIP_H */
