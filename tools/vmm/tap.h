/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host side of `tess run --net tap:IFNAME[,mac=02:..]`: the option
 * parsed (pure, host-tested), an existing tap device attached, and a
 * virtio-net backend (virtio_net.h) over it.
 *
 * The monitor never creates a network device: the tap must exist (the
 * administrator made it, e.g. `ip tuntap add dev tap0 mode tap user
 * $USER`), so that what the guest reaches stays the host's decision.
 * The tap is opened with IFF_VNET_HDR and a 12-byte header (the virtio
 * 1.x size), so the backend moves frames between the tap and guest RAM
 * with readv/writev straight from the guest's buffers, and offloads can
 * be negotiated later without changing the data path.
 *
 * Failures are kinds (enum tap_error) a caller maps to exit statuses,
 * each with a sentence in why.
 */
#ifndef TESS_VMM_TAP_H
#define TESS_VMM_TAP_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio_net.h"

/* The MAC of device index n on tap IFNAME when --net gives none:
 * locally administered, unicast, 02:54:45:hh:hh:nn, where hh:hh is a
 * hash of IFNAME: fixed for a device, different for instances on
 * different taps (so two guests on one bridge do not collide). */
#define TAP_DEFAULT_MAC_PREFIX {0x02, 0x54, 0x45}

struct tap_spec {
	char ifname[IFNAMSIZ];
	uint8_t mac[6];
	bool mac_given;
};

/* Parses a --net value, "tap:IFNAME" with an optional ",mac=XX:XX:XX:XX:
 * XX:XX", for the index-th network device (0..255). Returns 0, or -1 with
 * a sentence in why: another backend than tap, an empty or invalid
 * interface name (longer than IFNAMSIZ - 1, with '/', ':', blanks, "." or
 * ".."), an unknown or repeated option, a malformed, multicast or zero
 * MAC. */
int tap_spec_parse(const char *value, unsigned int index, struct tap_spec *spec,
		   char *why, size_t whylen);

enum tap_error {
	TAP_OK = 0,
	TAP_MISSING,	/* no network device of that name */
	TAP_NOT_TAP,	/* a device, but not a tap (a tun, a bridge, ...) */
	TAP_BUSY,	/* another process has it attached */
	TAP_PERMISSION, /* not this user's tap, or no access to /dev/net/tun */
	TAP_OTHER,
};

/* Attaches to the existing tap ifname: a non-blocking, close-on-exec fd
 * in *fd, frames with a 12-byte virtio-net header. Never creates a
 * device. For TAP_BUSY why names the holding process (pid and command)
 * when /proc shows it. */
enum tap_error tap_open(const char *ifname, int *fd, char *why, size_t whylen);

/* The device's MTU, or -errno. */
int tap_mtu(const char *ifname);

/* A virtio-net backend over an open tap fd (ctx is fd, which the caller
 * keeps open): readv/writev, -EAGAIN when empty or full. */
struct vnet_backend tap_backend(int *fd);

#endif /* TESS_VMM_TAP_H */
