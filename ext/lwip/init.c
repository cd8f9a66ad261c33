/* SPDX-License-Identifier: BSD-3-Clause */
/* ext/lwip at boot: the library options net.ip, net.gw, net.dns, net.ip6, net.gw6 and the start of lwIP's thread. */
#include <errno.h>
#include <string.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/lwip.h>

#include "lwip/dns.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "lwip_impl.h"

/* Written by the option handlers before any init function, read by
 * lwip_boot. */
/* Seconds the boot waits for DHCP's lease before the program starts, so
 * that its first connect or lookup has an address (as a host's network
 * is up before its services start); 0: not at all. */
#define DHCP_WAIT_DEFAULT_S 10

static struct tess_lwip_config config = {.dhcp_wait_s = DHCP_WAIT_DEFAULT_S};

/* Parses "A.B.C.D" (four decimal numbers 0..255, nothing else) into
 * *out; *end is where it stopped. Returns 0 or -EINVAL. */
static int parse_ip(const char *text, ip4_addr_t *out, const char **end)
{
	uint32_t addr = 0;

	for (int i = 0; i < 4; i++) {
		unsigned int octet = 0, digits = 0;

		if (i > 0 && *text++ != '.')
			return -EINVAL;
		while (*text >= '0' && *text <= '9' && digits < 4) {
			octet = octet * 10 + (unsigned int)(*text++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || octet > 255)
			return -EINVAL;
		addr = addr << 8 | octet;
	}
	ip4_addr_set_u32(out, lwip_htonl(addr));
	*end = text;
	return 0;
}

static int ip_param(const char *value)
{
	const char *end;
	unsigned int prefix = 0, digits = 0;

	if (parse_ip(value, &config.ip, &end) || *end++ != '/')
		goto bad;
	while (*end >= '0' && *end <= '9' && digits < 3) {
		prefix = prefix * 10 + (unsigned int)(*end++ - '0');
		digits++;
	}
	if (digits == 0 || *end || prefix < 1 || prefix > 32)
		goto bad;
	ip4_addr_set_u32(
		&config.netmask,
		lwip_htonl((uint32_t)(0xffffffffULL << (32 - prefix))));
	config.have_ip = true;
	return 0;
bad:
	tess_pr_err("net.ip=%s: needs A.B.C.D/PREFIX (PREFIX 1..32), e.g. "
		    "10.0.2.15/24",
		    value);
	return -EINVAL;
}
TESS_PARAM(lwip_ip, "net.ip", ip_param,
	   "net0's IPv4 address and prefix, A.B.C.D/PREFIX (none: DHCP)");

static int addr_param(const char *name, const char *value, ip4_addr_t *out,
		      bool *given)
{
	const char *end;

	if (parse_ip(value, out, &end) || *end) {
		tess_pr_err("%s=%s: needs an IPv4 address A.B.C.D", name,
			    value);
		return -EINVAL;
	}
	*given = true;
	return 0;
}

static int gw_param(const char *value)
{
	return addr_param("net.gw", value, &config.gateway,
			  &config.have_gateway);
}
TESS_PARAM(lwip_gw, "net.gw", gw_param,
	   "the default gateway's IPv4 address, A.B.C.D");

static int dns_param(const char *value)
{
	return addr_param("net.dns", value, &config.dns, &config.have_dns);
}
TESS_PARAM(lwip_dns, "net.dns", dns_param,
	   "the DNS server's IPv4 address, A.B.C.D");

static int wait_param(const char *value)
{
	unsigned long s = 0;
	const char *p = value;

	while (*p >= '0' && *p <= '9' && s <= 3600)
		s = s * 10 + (unsigned long)(*p++ - '0');
	if (p == value || *p || s > 3600) {
		tess_pr_err("net.wait=%s: needs seconds, 0 to 3600", value);
		return -EINVAL;
	}
	config.dhcp_wait_s = (unsigned int)s;
	return 0;
}
TESS_PARAM(lwip_wait, "net.wait", wait_param,
	   "seconds the boot waits for a DHCP lease before main (default 10, "
	   "0: no wait)");

#if LWIP_IPV6
/* Parses an IPv6 address in its text form (hex groups of at most four
 * digits, "::" once, no zone) from text up to end into *out. lwIP's
 * ip6addr_aton alone takes more than it should (long groups). */
static int parse_ip6(const char *text, const char *end, ip6_addr_t *out)
{
	char buf[IP6ADDR_STRLEN_MAX];
	size_t len = (size_t)(end - text), digits = 0;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (c == ':')
			digits = 0;
		else if (((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			  (c >= 'A' && c <= 'F')) &&
			 ++digits <= 4)
			continue;
		else if (c != ':')
			return -EINVAL;
	}
	memcpy(buf, text, len);
	buf[len] = 0;
	return ip6addr_aton(buf, out) ? 0 : -EINVAL;
}

/* lwIP 2.1 takes a static address's subnet as /64 (nd6.c's on-link
 * test): another prefix would not be what the stack does. */
static int ip6_param(const char *value)
{
	const char *slash = strchr(value, '/');

	if (!slash || strcmp(slash, "/64") ||
	    parse_ip6(value, slash, &config.ip6) ||
	    ip6_addr_isany(&config.ip6) || ip6_addr_ismulticast(&config.ip6) ||
	    ip6_addr_islinklocal(&config.ip6) ||
	    ip6_addr_isloopback(&config.ip6)) {
		tess_pr_err("net.ip6=%s: needs ADDR/64, a global or unique "
			    "local unicast IPv6 address (lwIP's static "
			    "subnets are /64), e.g. fd00::2/64",
			    value);
		return -EINVAL;
	}
	config.have_ip6 = true;
	return 0;
}
TESS_PARAM(lwip_ip6, "net.ip6", ip6_param,
	   "net0's static IPv6 address, ADDR/64 (beside its link-local one)");

static int gw6_param(const char *value)
{
	if (parse_ip6(value, value + strlen(value), &config.gateway6) ||
	    ip6_addr_isany(&config.gateway6) ||
	    ip6_addr_ismulticast(&config.gateway6)) {
		tess_pr_err("net.gw6=%s: needs an IPv6 unicast address, e.g. "
			    "fe80::1",
			    value);
		return -EINVAL;
	}
	config.have_gateway6 = true;
	return 0;
}
TESS_PARAM(lwip_gw6, "net.gw6", gw6_param,
	   "the IPv6 default router, e.g. fe80::1 (else router "
	   "advertisements give one)");

/* lwIP's next hop for an off-link IPv6 destination when no router
 * advertisement gave one (LWIP_HOOK_ND6_GET_GW): net.gw6 on net0. */
const ip6_addr_t *tess_lwip_nd6_gw(struct netif *netif, const ip6_addr_t *dest)
{
	(void)dest;
	if (!config.have_gateway6 || netif != tess_lwip_netif())
		return NULL;
	ip6_addr_assign_zone(&config.gateway6, IP6_UNICAST, netif);
	return &config.gateway6;
}
#endif /* LWIP_IPV6 */

static void tcpip_ready(void *arg)
{
	tess_lwip_tcpip_started();
	sys_sem_signal(arg);
}

static int lwip_boot(void)
{
	sys_sem_t started;
	int err;

	if (config.have_gateway && !config.have_ip)
		tess_pr_warn("net.gw without net.ip: the gateway is ignored "
			     "(DHCP gives one)");
	sys_sem_new(&started, 0);
	tcpip_init(tcpip_ready, &started);
	sys_sem_wait(&started);
	sys_sem_free(&started);
	if (config.have_dns) {
		ip_addr_t dns; /* with IPv6, an address of either family */

		ip_addr_copy_from_ip4(dns, config.dns);
		LOCK_TCPIP_CORE();
		dns_setserver(0, &dns);
		UNLOCK_TCPIP_CORE();
	}
	err = tess_lwip_netdev_up(&config);
	if (err || config.have_ip || config.dhcp_wait_s == 0)
		return err;
	/* -ENODEV: no interface, or no DHCP to wait for. */
	if (tess_lwip_netif_wait_up((uint64_t)config.dhcp_wait_s *
				    1000000000ULL) == -ETIMEDOUT)
		tess_pr_warn("net0: no DHCP lease after %u s (net.wait): the "
			     "program starts without an address; DHCP goes on",
			     config.dhcp_wait_s);
	return 0;
}
TESS_INIT(lwip_boot, TESS_INIT_NET);

#ifndef CONFIG_TESS_EXT_LWIP_NETDEV
/* Built without an interface over lib/netdev: the loopback only. */
int tess_lwip_netdev_up(const struct tess_lwip_config *conf)
{
	if (conf->have_ip)
		tess_pr_warn("net.ip given, but this image has no network "
			     "interface (CONFIG_TESS_EXT_LWIP_NETDEV)");
	return 0;
}

struct netif *tess_lwip_netif(void)
{
	return NULL;
}

int tess_lwip_netif_wait_up(uint64_t timeout_ns)
{
	(void)timeout_ns;
	return -ENODEV;
}
#endif /* !CONFIG_TESS_EXT_LWIP_NETDEV */
