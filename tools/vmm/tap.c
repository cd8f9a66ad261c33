/* SPDX-License-Identifier: BSD-3-Clause */
/* --net tap:IFNAME: the option, attaching to the tap, frames through it. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

static int fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Linux's rule for a device name (dev_valid_name), and printable ASCII
 * so that messages show it as it is. */
static bool name_valid(const char *name, size_t len)
{
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == ':' ||
		    !isgraph((unsigned char)name[i]))
			return false;
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "XX:XX:XX:XX:XX:XX", len bytes of text, into mac. */
static int mac_parse(const char *text, size_t len, uint8_t *mac, char *why,
		     size_t whylen)
{
	bool zero = true;

	for (size_t i = 0; i < 6; i++) {
		int hi = len == 17 ? hex_digit(text[3 * i]) : -1;
		int lo = len == 17 ? hex_digit(text[3 * i + 1]) : -1;

		if (hi < 0 || lo < 0 || (i < 5 && text[3 * i + 2] != ':'))
			return fail(why, whylen,
				    "'%.*s' is not a MAC address (six hex "
				    "bytes such as 02:54:45:53:00:01)",
				    (int)len, text);
		mac[i] = (uint8_t)(hi << 4 | lo);
		zero = zero && mac[i] == 0;
	}
	if (mac[0] & 1)
		return fail(why, whylen,
			    "%.17s is a multicast address (its first byte is "
			    "odd); a device needs a unicast one, such as "
			    "02:54:45:53:00:01",
			    text);
	if (zero)
		return fail(why, whylen,
			    "00:00:00:00:00:00 is not a usable "
			    "MAC address");
	return 0;
}

/* One ",key=value" option of a --net value (text, len bytes). */
static int option_parse(const char *value, const char *text, size_t len,
			struct tap_spec *spec, char *why, size_t whylen)
{
	const char *eq = memchr(text, '=', len);
	size_t key = eq ? (size_t)(eq - text) : len;
	char mac_why[160];

	if (len == 0)
		return fail(why, whylen, "--net %s: an empty option", value);
	if (key != 3 || strncmp(text, "mac", 3) != 0)
		return fail(why, whylen,
			    "--net %s: unknown option '%.*s' (the one option "
			    "is mac=XX:XX:XX:XX:XX:XX)",
			    value, (int)key, text);
	if (!eq)
		return fail(why, whylen,
			    "--net %s: mac needs a value: "
			    "mac=XX:XX:XX:XX:XX:XX",
			    value);
	if (spec->mac_given)
		return fail(why, whylen, "--net %s: mac is given twice", value);
	if (mac_parse(eq + 1, len - key - 1, spec->mac, mac_why,
		      sizeof(mac_why)) < 0)
		return fail(why, whylen, "--net %s: %s", value, mac_why);
	spec->mac_given = true;
	return 0;
}

int tap_spec_parse(const char *value, unsigned int index, struct tap_spec *spec,
		   char *why, size_t whylen)
{
	static const uint8_t default_prefix[3] = TAP_DEFAULT_MAC_PREFIX;
	const char *name = value + 4, *end, *colon;
	size_t len;

	memset(spec, 0, sizeof(*spec));
	if (index > 255)
		return fail(why, whylen, "more than 256 network devices");
	if (strncmp(value, "tap:", 4) != 0) {
		colon = strchr(value, ':');
		if (colon)
			return fail(why, whylen,
				    "--net %s: unknown backend '%.*s' (the "
				    "monitor attaches to a host tap device: "
				    "tap:IFNAME[,mac=XX:XX:XX:XX:XX:XX])",
				    value, (int)(colon - value), value);
		return fail(why, whylen,
			    "--net %s: expected "
			    "tap:IFNAME[,mac=XX:XX:XX:XX:XX:XX]",
			    value);
	}
	end = name + strcspn(name, ",");
	len = (size_t)(end - name);
	if (len == 0)
		return fail(why, whylen,
			    "--net %s: no interface name after "
			    "tap:",
			    value);
	if (len >= IFNAMSIZ)
		return fail(why, whylen,
			    "--net %s: interface name '%.*s' is "
			    "longer than %d bytes",
			    value, (int)len, name, IFNAMSIZ - 1);
	if (!name_valid(name, len))
		return fail(why, whylen,
			    "--net %s: '%.*s' is not a valid interface name "
			    "(no '/', ':', blanks, \".\" or \"..\")",
			    value, (int)len, name);
	memcpy(spec->ifname, name, len);
	while (*end) {
		const char *option = end + 1;

		end = option + strcspn(option, ",");
		if (option_parse(value, option, (size_t)(end - option), spec,
				 why, whylen) < 0)
			return -1;
	}
	if (!spec->mac_given) {
		uint32_t hash = 2166136261u; /* FNV-1a of the name */

		for (const char *c = spec->ifname; *c; c++)
			hash = (hash ^ (uint8_t)*c) * 16777619u;
		memcpy(spec->mac, default_prefix, 3);
		spec->mac[3] = (uint8_t)(hash >> 8);
		spec->mac[4] = (uint8_t)hash;
		spec->mac[5] = (uint8_t)index;
	}
	return 0;
}

/* A socket for the interface ioctls, in this network namespace. */
static int ioctl_socket(void)
{
	return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

/* The driver ("tun" for tun and tap) and bus ("tun" or "tap") of a
 * device, by ethtool: unlike /sys/class/net, it answers for the network
 * namespace this process is in. */
static int driver_info(const char *ifname, struct ethtool_drvinfo *info)
{
	struct ifreq ifr;
	int s, r;

	memset(info, 0, sizeof(*info));
	s = ioctl_socket();
	if (s < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	info->cmd = ETHTOOL_GDRVINFO;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)info;
	r = ioctl(s, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
	close(s);
	return r;
}

int tap_mtu(const char *ifname)
{
	struct ifreq ifr;
	int s = ioctl_socket(), r;

	if (s < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	r = ioctl(s, SIOCGIFMTU, &ifr) < 0 ? -errno : ifr.ifr_mtu;
	close(s);
	return r;
}

/* Reads a small /proc file into buf (NUL-terminated); false if it cannot. */
static bool proc_read(const char *path, char *buf, size_t size)
{
	int f = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (f < 0)
		return false;
	n = read(f, buf, size - 1);
	close(f);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* Whether fd of process pid is a /dev/net/tun attached to ifname: its
 * fdinfo has the line "iff:\tIFNAME" (drivers/net/tun.c). */
static bool fd_holds(long pid, long fd, const char *ifname)
{
	char path[64], target[32], info[1024], line[IFNAMSIZ + 8];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/fd/%ld", pid, fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	if (strcmp(target, "/dev/net/tun") != 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/fdinfo/%ld", pid, fd);
	snprintf(line, sizeof(line), "\niff:\t%s\n", ifname);
	return proc_read(path, info, sizeof(info)) && strstr(info, line);
}

/* A /proc entry's number, or -1 for another name. */
static long number(const char *name)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)name[0]))
		return -1;
	n = strtol(name, &end, 10);
	return *end ? -1 : n;
}

/* Whether process pid has ifname attached; only processes in this
 * network namespace count (another may have a tap of the same name). */
static bool process_holds(long pid, const char *ifname,
			  const struct stat *netns)
{
	char path[64];
	struct stat st;
	struct dirent *e;
	bool found = false;
	DIR *fds;

	snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
	if (stat(path, &st) < 0 || st.st_ino != netns->st_ino ||
	    st.st_dev != netns->st_dev)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
	fds = opendir(path);
	if (!fds)
		return false;
	while (!found && (e = readdir(fds)))
		found = number(e->d_name) >= 0 &&
			fd_holds(pid, number(e->d_name), ifname);
	closedir(fds);
	return found;
}

/* Names the process that has ifname attached in out, as "process PID
 * (COMM)"; false when none this user may look at does. */
static bool holder_find(const char *ifname, char *out, size_t outlen)
{
	struct stat netns;
	struct dirent *e;
	bool found = false;
	DIR *proc;

	if (stat("/proc/self/ns/net", &netns) < 0)
		return false;
	proc = opendir("/proc");
	if (!proc)
		return false;
	while (!found && (e = readdir(proc))) {
		long pid = number(e->d_name);
		char path[64], comm[32] = "?";

		if (pid < 0 || !process_holds(pid, ifname, &netns))
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
		if (proc_read(path, comm, sizeof(comm)))
			comm[strcspn(comm, "\n")] = '\0';
		snprintf(out, outlen, "process %ld (%s)", pid, comm);
		found = true;
	}
	closedir(proc);
	return found;
}

/* What a failed TUNSETIFF on an existing device means. */
static enum tap_error attach_error(const char *ifname, int err, char *why,
				   size_t whylen)
{
	char holder[96];

	switch (err) {
	case EBUSY:
		if (holder_find(ifname, holder, sizeof(holder)))
			fail(why, whylen, "tap %s is in use by %s", ifname,
			     holder);
		else
			fail(why, whylen,
			     "tap %s is in use by another "
			     "process (not one this user may see)",
			     ifname);
		return TAP_BUSY;
	case EPERM:
	case EACCES:
		fail(why, whylen,
		     "no permission to attach to tap %s: it belongs to "
		     "another user (make it with `ip tuntap add dev %s mode "
		     "tap user $USER`) and this process lacks CAP_NET_ADMIN",
		     ifname, ifname);
		return TAP_PERMISSION;
	case EINVAL:
		fail(why, whylen,
		     "%s is not a tap this monitor can attach to "
		     "(a multi-queue tap?)",
		     ifname);
		return TAP_NOT_TAP;
	default:
		fail(why, whylen, "cannot attach to tap %s: %s", ifname,
		     strerror(err));
		return TAP_OTHER;
	}
}

/* Checks that ifname is an existing tap; its index in *index. */
static enum tap_error tap_check(const char *ifname, unsigned int *index,
				char *why, size_t whylen)
{
	struct ethtool_drvinfo info;

	*index = if_nametoindex(ifname);
	if (*index == 0 && errno != ENODEV) {
		fail(why, whylen, "cannot look up %s: %s", ifname,
		     strerror(errno));
		return TAP_OTHER;
	}
	if (*index == 0) {
		fail(why, whylen,
		     "there is no network device %s (make the "
		     "tap with `ip tuntap add dev %s mode tap "
		     "user $USER`)",
		     ifname, ifname);
		return TAP_MISSING;
	}
	if (driver_info(ifname, &info) < 0 || strcmp(info.driver, "tun") != 0) {
		fail(why, whylen, "%s is not a tap device%s%s%s", ifname,
		     info.driver[0] ? " (its driver is " : "", info.driver,
		     info.driver[0] ? ")" : "");
		return TAP_NOT_TAP;
	}
	if (strcmp(info.bus_info, "tap") != 0) {
		fail(why, whylen,
		     "%s is a tun device (IP packets); the guest "
		     "needs a tap (Ethernet frames): `ip tuntap "
		     "add dev NAME mode tap user $USER`",
		     ifname);
		return TAP_NOT_TAP;
	}
	return TAP_OK;
}

enum tap_error tap_open(const char *ifname, int *fd, char *why, size_t whylen)
{
	struct ifreq ifr;
	unsigned int index;
	int f, header = VNET_HDR_LEN;
	enum tap_error e;

	*fd = -1;
	if (strlen(ifname) >= IFNAMSIZ) {
		fail(why, whylen, "interface name %s is too long", ifname);
		return TAP_OTHER;
	}
	e = tap_check(ifname, &index, why, whylen);
	if (e != TAP_OK)
		return e;
	f = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (f < 0) {
		int err = errno;

		fail(why, whylen, "cannot open /dev/net/tun: %s%s",
		     strerror(err),
		     err == ENOENT ? " (is the tun module loaded?)" : "");
		return err == EACCES || err == EPERM ? TAP_PERMISSION
						     : TAP_OTHER;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	if (ioctl(f, TUNSETIFF, &ifr) < 0) {
		int err = errno;

		e = attach_error(ifname, err, why, whylen);
		close(f);
		return e;
	}
	/* TUNSETIFF creates a device it does not find: one made in the
	 * moment since the check has another index, and goes with f. */
	if (if_nametoindex(ifname) != index) {
		close(f);
		fail(why, whylen,
		     "network device %s went away while the "
		     "monitor attached to it",
		     ifname);
		return TAP_MISSING;
	}
	if (ioctl(f, TUNSETVNETHDRSZ, &header) < 0) {
		fail(why, whylen, "tap %s: TUNSETVNETHDRSZ: %s", ifname,
		     strerror(errno));
		close(f);
		return TAP_OTHER;
	}
	*fd = f;
	return TAP_OK;
}

static int tap_send(void *ctx, const struct iovec *iov, int iovcnt)
{
	if (writev(*(int *)ctx, iov, iovcnt) < 0)
		return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
	return 0;
}

/* One frame per read. With one spare byte after the guest's buffers, a
 * frame that does not fit reads more than they hold whether the kernel
 * returns the bytes it copied or (as tun does) the frame's length. */
static ssize_t tap_recv(void *ctx, const struct iovec *iov, int iovcnt)
{
	struct iovec v[VNET_IOV_MAX + 1];
	uint8_t spare;
	ssize_t n;

	if (iovcnt < 0 || iovcnt > VNET_IOV_MAX)
		return -EINVAL;
	memcpy(v, iov, (size_t)iovcnt * sizeof(*iov));
	v[iovcnt] = (struct iovec){&spare, 1};
	n = readv(*(int *)ctx, v, iovcnt + 1);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
	return n;
}

struct vnet_backend tap_backend(int *fd)
{
	return (struct vnet_backend){true, tap_send, tap_recv, fd};
}
