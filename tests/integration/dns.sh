#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Names (issue 15): the C library's resolver in an image, against Debian's
# dnsmasq as the DNS (and DHCP) server, in a network namespace this
# script creates (and removes), touching no other interface.
# tests/posix/resolve.c (apps/posixtest) looks up localhost, numeric
# addresses and, with RESOLVE_NAME, a name only dnsmasq knows: with
# net.ip and net.dns under tess-vmm, and with a DHCP lease (address and
# name server from dnsmasq) on linuxu, where the boot waits for the
# lease (net.wait). /etc/hosts and /etc/resolv.conf are written by
# lib/posix-socket. Needs root (network namespaces).
source "$(dirname "$0")/common.bash"
plan 4
out=$scratch/out
tess=tools/tess/build/tess
mac=02:00:00:00:95:02

if ! support/scripts/ensure-deps dhcp >"$out" 2>&1 ||
   ! make -s -C tools/tess build/tess >"$out" 2>&1 ||
   ! make -s APP=apps/posixtest PLAT=linuxu >"$out" 2>&1 ||
   ! make -s APP=apps/posixtest PLAT=kvm >"$out" 2>&1; then
	not_ok "dnsmasq, tess and apps/posixtest (linuxu, kvm)" "$out"
	exit 0
fi
ok "dnsmasq, tess and apps/posixtest (linuxu, kvm)"
netns_with_tap tessdns 10.95.0.1/24
ip netns exec "$ns" dnsmasq --no-daemon --no-resolv --no-hosts --listen-address=10.95.0.1 \
	--bind-interfaces --host-record=web.tessera.test,10.95.0.43 \
	--dhcp-range=10.95.0.50,10.95.0.60,255.255.255.0,1h \
	--dhcp-option=option:dns-server,10.95.0.1 --dhcp-leasefile="$scratch/leases" \
	--pid-file="$scratch/dnsmasq.pid" >"$scratch/dnsmasq.log" 2>&1 &
for _ in $(seq 50); do grep -q 'started' "$scratch/dnsmasq.log" && break; sleep 0.1; done

# The same program natively in the namespace: the lines to expect
# (dnsmasq through a resolv.conf of the namespace's own).
mkdir -p "/etc/netns/$ns"
echo "nameserver 10.95.0.1" >"/etc/netns/$ns/resolv.conf"
gcc -O2 -Wall -o "$scratch/resolve" tests/posix/resolve.c >>"$out" 2>&1
in_ns env RESOLVE_NAME=web.tessera.test "$scratch/resolve" /tmp >"$scratch/native" 2>&1
rm -rf "/etc/netns/$ns"
if grep -q '^web.tessera.test = 10.95.0.43 port 0 type stream$' "$scratch/native"; then
	ok "natively: dnsmasq resolves web.tessera.test"
else
	cat "$scratch/native" "$scratch/dnsmasq.log" >"$out"
	not_ok "natively: dnsmasq does not resolve web.tessera.test" "$out"
fi

# same NAME FILE STATUS: the image printed the native lines.
same() {
	local name=$1 file=$2 s=$3
	if [ "$s" -eq 0 ] && diff -u "$scratch/native" "$file" >"$out"; then
		ok "$name"
	else
		{ echo "status $s"; cat "$file"; } >>"$out"
		not_ok "$name" "$out"
	fi
}

s=$(run_status "$scratch/kvm" in_ns timeout 120 "$tess" run apps/posixtest/build/kvm/posixtest_kvm-x86_64 \
	--mem 64M --net "tap:t0,mac=$mac" -e RESOLVE_NAME=web.tessera.test -- \
	net.ip=10.95.0.2/24 net.dns=10.95.0.1 -- resolve /tmp)
same "kvm (net.ip, net.dns): every lookup as natively, web.tessera.test from dnsmasq" "$scratch/kvm" "$s"

s=$(run_status "$scratch/linuxu" in_ns timeout 120 "$tess" run apps/posixtest/build/linuxu/posixtest_linuxu-x86_64 \
	--mem 64M --net "tap:t0,mac=$mac" -e RESOLVE_NAME=web.tessera.test -- -- resolve /tmp)
same "linuxu (DHCP: address and name server from dnsmasq): every lookup as natively" "$scratch/linuxu" "$s"
