/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /etc/hosts and /etc/resolv.conf, which the C library's resolver reads
 * (musl's getaddrinfo, gethostbyname): localhost, and the name servers
 * lwIP has (net.dns, or a DHCP lease's), rewritten each time net0 comes up
 * with an address. Files already there at boot (from an initrd) are the
 * user's and left alone. CONFIG_TESS_POSIX_SOCKET_ETC.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/lwip.h>
#include <tess/posix-fs.h>
#include <tess/vfs.h>

#include "lwip/dns.h"
#include "lwip/ip_addr.h"

#define HOSTS  "/etc/hosts"
#define RESOLV "/etc/resolv.conf"
/* As Debian's default, ::1 with IPv6. */
#if LWIP_IPV6
#define HOSTS_TEXT                                                             \
	"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
#else
#define HOSTS_TEXT "127.0.0.1\tlocalhost\n"
#endif

static bool resolv_ours; /* written by us: kept up to date */

static bool file_exists(const char *path)
{
	struct tess_stat st;

	return tess_sys_stat(path, &st) == 0;
}

/* Writes text as path's whole content; says why not, once per file. */
static void file_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	long fd = tess_sys_open(
		path, TESS_O_WRONLY | TESS_O_CREAT | TESS_O_TRUNC, 0644);
	long n = fd < 0 ? fd : tess_sys_write((int)fd, text, len);

	if (fd >= 0)
		tess_sys_close((int)fd);
	if (n != (long)len)
		tess_pr_warn("%s: cannot write it (%ld): name lookups may fail",
			     path, n);
}

/* lwIP's name servers (core lock held, or lwIP not running yet). */
static void resolv_write(void)
{
	char text[DNS_MAX_SERVERS * 32 + 1] = "";
	size_t len = 0;

	if (!resolv_ours)
		return;
	for (u8_t i = 0; i < DNS_MAX_SERVERS; i++) {
		const ip_addr_t *server = dns_getserver(i);
		char addr[IPADDR_STRLEN_MAX];

		if (ip_addr_isany(server))
			continue;
		ipaddr_ntoa_r(server, addr, sizeof(addr));
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"nameserver %s\n", addr);
	}
	if (len)
		file_write(RESOLV, text);
}

static int etc_files(void)
{
	long err = tess_sys_mkdir("/etc", 0755);

	if (err < 0 && err != -EEXIST && !file_exists("/etc"))
		return 0; /* no writable root: nothing to write */
	if (!file_exists(HOSTS))
		file_write(HOSTS, HOSTS_TEXT);
	resolv_ours = !file_exists(RESOLV);
	tess_lwip_address_events(resolv_write);
	return 0;
}
/* After the root and an initrd (TESS_INIT_FS + 2), before lwIP. */
TESS_INIT(etc_files, TESS_INIT_FS + 5);
