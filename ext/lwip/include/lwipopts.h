/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's configuration for Tessera (lwIP reads it through lwip/opt.h).
 *
 * The stack runs with threads (NO_SYS 0): lwIP's tcpip thread, the
 * device's receive thread (netif_netdev.c) and the application's threads,
 * which call into the stack under the core lock (LWIP_TCPIP_CORE_LOCKING)
 * instead of sending it a message and waiting. Sizes come from Kconfig
 * (ext/lwip/Config.uk); IPv4, and IPv6 beside it when configured.
 */
#ifndef TESS_LWIPOPTS_H
#define TESS_LWIPOPTS_H

/* ---- system: threads, locks, the core lock ---- */
#define NO_SYS				0
#define SYS_LIGHTWEIGHT_PROT		1
#define LWIP_TCPIP_CORE_LOCKING		1
/* Frames enter the stack under the core lock too (one lock per burst,
 * netif_netdev.c), not as one message each to the tcpip thread. */
#define LWIP_TCPIP_CORE_LOCKING_INPUT	1
/* The core lock is Tessera's (sys_arch.c): releasing it first hands the
 * frames queued for transmission to the device in one burst. */
void tess_lwip_core_lock(void);
void tess_lwip_core_unlock(void);
void tess_lwip_core_assert_locked(void);
#define LOCK_TCPIP_CORE()		tess_lwip_core_lock()
#define UNLOCK_TCPIP_CORE()		tess_lwip_core_unlock()
#define LWIP_ASSERT_CORE_LOCKED()	tess_lwip_core_assert_locked()

#define TCPIP_THREAD_NAME		"lwip-tcpip"
#define TCPIP_THREAD_STACKSIZE		(32 * 1024)
/* The default priority: a thread that polls (the receive thread) must
 * not outrank the threads it yields to (sched-preempt is strict). */
#define TCPIP_THREAD_PRIO		0
#define DEFAULT_THREAD_STACKSIZE	(32 * 1024)
#define DEFAULT_THREAD_PRIO		0
#define TCPIP_MBOX_SIZE			64
#define DEFAULT_TCP_RECVMBOX_SIZE	64
#define DEFAULT_UDP_RECVMBOX_SIZE	32
#define DEFAULT_RAW_RECVMBOX_SIZE	32
/* Connections accepted by the stack and not yet by the program: lwIP
 * caps a listen backlog at 255 (it keeps it in a byte), and a full
 * mailbox resets the connection instead of letting its SYN wait as a
 * full backlog does; so the mailbox holds the largest backlog. */
#define DEFAULT_ACCEPTMBOX_SIZE		256

/* ---- memory ---- */
#define MEM_ALIGNMENT			8
#define MEM_SIZE			(CONFIG_TESS_EXT_LWIP_HEAP_KIB * 1024)
#define MEMP_NUM_NETCONN		CONFIG_TESS_EXT_LWIP_SOCKETS
#define MEMP_NUM_TCP_PCB		CONFIG_TESS_EXT_LWIP_TCP_PCBS
#define MEMP_NUM_TCP_PCB_LISTEN		CONFIG_TESS_EXT_LWIP_TCP_LISTEN
#define MEMP_NUM_UDP_PCB		CONFIG_TESS_EXT_LWIP_UDP_PCBS
#define MEMP_NUM_RAW_PCB		4
#define MEMP_NUM_NETBUF			16
#define MEMP_NUM_SELECT_CB		8
#define MEMP_NUM_TCPIP_MSG_API		16
#define MEMP_NUM_TCPIP_MSG_INPKT	16
#define MEMP_NUM_SYS_TIMEOUT		(LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#define MEMP_NUM_ARP_QUEUE		32
/* Segments queued for sending or held out of order, over every
 * connection: two connections' full send queues, and a few for each
 * other connection (with two a connection, a thousand echoing at once
 * ran out, and lwIP dropped what it could not queue: 40 s of
 * retransmission timeouts). */
#define MEMP_NUM_TCP_SEG	(2 * TCP_SND_QUEUELEN + 8 * CONFIG_TESS_EXT_LWIP_TCP_PCBS)
/* Received frames stay in the device's buffers (custom pbufs), so this
 * pool serves only copies lwIP makes itself; it is as large as a TCP
 * window because lwIP's own sanity check (core/init.c) asks for that. */
#define PBUF_POOL_SIZE			CONFIG_TESS_EXT_LWIP_TCP_WINDOW_SEGMENTS
#define LWIP_SUPPORT_CUSTOM_PBUF	1

/* ---- protocols ---- */
#define LWIP_IPV4			1
#ifdef CONFIG_TESS_EXT_LWIP_IPV6
#define LWIP_IPV6			1
/* No MLD: its 100 ms timer would wake an idle image ten times a second
 * (as IGMP's). Without it lwIP takes the solicited-node multicast of its
 * own addresses (neighbour discovery works); what it cannot do is tell a
 * snooping switch which groups it wants. */
#define LWIP_IPV6_MLD			0
#define LWIP_IPV6_DHCP6			0
/* Addresses are given (net.ip6) or made from the MAC: no SLAAC from
 * router advertisements. */
#define LWIP_IPV6_AUTOCONFIG		0
#define LWIP_IPV6_NUM_ADDRESSES		3
#define LWIP_IPV6_FRAG			1
#define LWIP_IPV6_REASS			1
/* 64-bit pointers do not fit in the fragment header lwIP would reuse
 * (its own assertion says so at the first reassembly timer). */
#define IPV6_FRAG_COPYHEADER		1
#define LWIP_ND6_NUM_NEIGHBORS		16
#define LWIP_ND6_NUM_DESTINATIONS	16
/* net.gw6: the next hop when no router advertisement gave one (init.c). */
struct netif;
struct ip6_addr;
const struct ip6_addr *tess_lwip_nd6_gw(struct netif *netif,
					const struct ip6_addr *dest);
#define LWIP_HOOK_ND6_GET_GW(netif, dest) tess_lwip_nd6_gw(netif, dest)
#else
#define LWIP_IPV6			0
#endif
#define LWIP_ETHERNET			1
#define LWIP_ARP			1
#define ETHARP_SUPPORT_STATIC_ENTRIES	1
#define LWIP_ICMP			1
#define LWIP_RAW			1
/* No multicast: IGMP's timer would wake an idle image ten times a second. */
#define LWIP_IGMP			0
#define LWIP_UDP			1
#define LWIP_TCP			1
#define LWIP_DNS			1
#define LWIP_AUTOIP			0
#ifdef CONFIG_TESS_EXT_LWIP_DHCP
#define LWIP_DHCP			1
#else
#define LWIP_DHCP			0
#endif
#define IP_REASSEMBLY			1
#define IP_FRAG				1

#define TCP_MSS				1460
#define TCP_WND		(CONFIG_TESS_EXT_LWIP_TCP_WINDOW_SEGMENTS * TCP_MSS)
#define TCP_SND_BUF	(CONFIG_TESS_EXT_LWIP_TCP_SEND_SEGMENTS * TCP_MSS)
#define TCP_QUEUE_OOSEQ			1
#define TCP_LISTEN_BACKLOG		1
#define LWIP_TCP_KEEPALIVE		1

/* ---- interfaces ---- */
#define LWIP_NETIF_LOOPBACK		1
#define LWIP_HAVE_LOOPIF		1
#define LWIP_NETIF_STATUS_CALLBACK	1
#define LWIP_NETIF_LINK_CALLBACK	1
#define LWIP_NETIF_HOSTNAME		1
#define LWIP_NETIF_API			1

/* ---- APIs: netconn and lwIP's sockets, under lwIP's names only ---- */
#define LWIP_NETCONN			1
#define LWIP_SOCKET			1
#define LWIP_COMPAT_SOCKETS		0
#define LWIP_POSIX_SOCKETS_IO_NAMES	0
#define LWIP_SO_RCVTIMEO		1
#define LWIP_SO_SNDTIMEO		1
#define LWIP_SO_RCVBUF			1
#define SO_REUSE			1
#define LWIP_SOCKET_SELECT		1
#define LWIP_SOCKET_POLL		1
/* Every socket event to lib/posix-socket's waiters (patches/0001). */
void tess_lwip_socket_event(int s);
#define LWIP_HOOK_SOCKET_EVENT(s) tess_lwip_socket_event(s)

/* errno: the C library's (musl's per-thread errno, or nolibc's, which is
 * lib/sched's per-thread word); the socket calls set it. */
#define LWIP_ERRNO_STDINCLUDE		1

/* Random numbers (TCP initial sequence numbers, ports, DNS and DHCP
 * identifiers): lib/random's ChaCha20 generator. */
#define LWIP_RAND()			tess_random_u32()

/* Statistics are not kept; debug messages only when configured. */
#define LWIP_STATS			0
#ifdef CONFIG_TESS_EXT_LWIP_DEBUG
#define LWIP_DEBUG			1
#define LWIP_DBG_MIN_LEVEL		LWIP_DBG_LEVEL_ALL
#define LWIP_DBG_TYPES_ON		LWIP_DBG_ON
#define NETIF_DEBUG			LWIP_DBG_ON
#define DHCP_DEBUG			LWIP_DBG_ON
#endif

#endif /* TESS_LWIPOPTS_H */
