#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lwIP on Tessera (issue 15), in a network namespace this script creates
# (and removes), touching no other interface: apps/netping given a tap
# there (tess run --net tap:t0) with net.ip=10.99.0.2/24. From the
# namespace: ping answers, a TCP echo on port 7 returns random data of 1
# byte to 1 MiB byte for byte (tests/integration/lwip_peer.py), and both
# still work after 5000 malformed frames written to the tap; the image
# first checks an echo through 127.0.0.1 itself; tess stop (SIGTERM) ends
# it with its statistics. On linuxu and under tess-vmm; on linuxu with
# musl and with UBSan and ASan too; under QEMU (virtio-net of microvm); DHCP (no net.ip) from Debian's dnsmasq and from a
# one-address server of the test's own; a malformed net.ip stops the boot
# with status 64. Needs root (network namespaces).
source "$(dirname "$0")/common.bash"
plan 17
out=$scratch/out
tess=tools/tess/build/tess
guest_ip=10.99.0.2
peer_ip=10.99.0.1
mac=02:00:00:00:99:02

if ! make -s -C tools/tess build/tess >"$out" 2>&1 ||
   ! make -s -C tools/vmm build/tess-vmm >"$out" 2>&1 ||
   ! make -s APP=apps/netping PLAT=linuxu >"$out" 2>&1 ||
   ! make -s APP=apps/netping PLAT=linuxu CONF=musl >"$out" 2>&1 ||
   ! make -s APP=apps/netping PLAT=linuxu CONF=sanitize >"$out" 2>&1 ||
   ! make -s APP=apps/netping PLAT=kvm >"$out" 2>&1; then
	not_ok "build tess, tess-vmm and apps/netping (linuxu, linuxu-musl, linuxu-sanitize, kvm)" "$out"
	exit 0
fi
ok "build tess, tess-vmm and apps/netping (linuxu, linuxu-musl, linuxu-sanitize, kvm)"
linuxu_image=apps/netping/build/linuxu/netping_linuxu-x86_64
musl_image=apps/netping/build/linuxu-musl/netping_linuxu-x86_64
sanitize_image=apps/netping/build/linuxu-sanitize/netping_linuxu-x86_64
kvm_image=apps/netping/build/kvm/netping_kvm-x86_64

s=$(run_status "$out" timeout 20 "$linuxu_image" net.ip=10.99.0.300/24 --)
status_is "a malformed net.ip stops the boot with status 64, saying what it needs" 64 "$s" "$out" \
	'net\.ip=10\.99\.0\.300/24: needs A\.B\.C\.D/PREFIX'

netns_with_tap tesslwip "$peer_ip/24"
guest=
kvm_device=
have_ping=1
support/scripts/ensure-deps net >"$out" 2>&1 || have_ping=0
peer() { in_ns env GUEST_IP=$guest_ip PEER_IP=$peer_ip GUEST_MAC=$mac timeout 120 python3 tests/integration/lwip_peer.py "$@"; }

# start NAME IMAGE WAIT [TESS-ARGS...] -- [LIBRARY OPTIONS...]: runs the
# image in the namespace in the background, waits up to WAIT seconds for
# it to serve (or to end), with its console in $scratch/NAME.log.
start() {
	local name=$1 image=$2 wait=$3
	shift 3
	log=$scratch/$name.log
	ip netns exec "$ns" env ${kvm_device:+TESS_KVM_DEVICE=$kvm_device} \
		"$tess" run "$image" --mem 32M --net "tap:t0,mac=$mac" "$@" >"$log" 2>&1 &
	guest=$!
	for _ in $(seq $((wait * 10))); do
		grep -q 'serving TCP echo' "$log" && return 0
		kill -0 "$guest" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# stop: SIGTERM (what tess stop sends); the image's status in $stopped.
stop() {
	kill -TERM "$guest" 2>/dev/null
	wait "$guest"
	stopped=$?
	guest=
}

# ping_check FILE: three echo requests, three replies (into FILE).
ping_check() {
	[ "$have_ping" -eq 0 ] && { echo "no ping here (iputils-ping)" >"$1"; return 0; }
	in_ns ping -c 3 -i 0.2 -W 2 "$guest_ip" >"$1" 2>&1 && grep -q ' 3 received' "$1"
}

# lwip_checks PLAT IMAGE: the checks of one platform (5).
lwip_checks() {
	local plat=$1 image=$2 s
	if ! start "$plat" "$image" 20 -- "net.ip=$guest_ip/24" --; then
		not_ok "$plat: netping comes up on $guest_ip/24" "$log"
		[ -n "$guest" ] && kill -9 "$guest" 2>/dev/null
		guest=
		for c in "ping" "echo" "garbage" "stop"; do not_ok "$plat: $c (no image)"; done
		return
	fi
	expect_output "$plat: netping echoes through 127.0.0.1, then serves on $guest_ip/24" "$log" \
		'^netping: loopback echo ok$' "^netping: serving TCP echo on $guest_ip port 7\$"

	if ping_check "$out"; then
		ok "$plat: ping $guest_ip: 3 replies (ICMP echo by lwIP)"
	else
		not_ok "$plat: ping $guest_ip" "$out"
	fi

	s=$(run_status "$out" peer echo "$guest_ip" 7 1 1000 65536 1048576)
	status_is "$plat: TCP echo of 1 B, 1000 B, 64 KiB and 1 MiB of random data, byte for byte" 0 "$s" "$out" \
		'^echo of 1 bytes ok' '^echo of 1000 bytes ok' '^echo of 65536 bytes ok' '^echo of 1048576 bytes ok'

	peer garbage t0 5000 >"$out" 2>&1
	s=$?
	if [ "$s" -eq 0 ] && ping_check "$scratch/ping" &&
		peer echo "$guest_ip" 7 100000 >>"$out" 2>&1 &&
		grep -q '^echo of 100000 bytes ok' "$out" && kill -0 "$guest" 2>/dev/null; then
		ok "$plat: after 5000 malformed frames (IPv4, TCP, UDP, ICMP, ARP) it still answers ping and echo"
	else
		cat "$scratch/ping" >>"$out" 2>/dev/null
		tail -n 20 "$log" >>"$out"
		not_ok "$plat: answering after 5000 malformed frames (status $s)" "$out"
	fi

	stop
	status_is "$plat: SIGTERM (tess stop) ends it with status 0 and net0's statistics" 0 "$stopped" "$log" \
		'^netping: net0: rx [0-9]+ frames [0-9]+ bytes [0-9]+ drops; tx [0-9]+ frames' \
		'^netping: [0-9]+ connections, [0-9]+ bytes echoed$'
}

lwip_checks linuxu "$linuxu_image"

# The same stack and application on musl (its errno, its threads).
if start musl "$musl_image" 20 -- "net.ip=$guest_ip/24" -- && ping_check "$out" &&
	peer echo "$guest_ip" 7 65536 >>"$out" 2>&1 && grep -q '^echo of 65536 bytes ok' "$out"; then
	stop
	status_is "linuxu-musl: ping and a 64 KiB TCP echo; SIGTERM ends it with status 0" 0 "$stopped" "$log" \
		'bytes echoed$'
else
	[ -n "$guest" ] && kill -9 "$guest" 2>/dev/null
	guest=
	cat "$log" >>"$out"
	not_ok "linuxu-musl: ping and a 64 KiB TCP echo" "$out"
fi

# Under UBSan and ASan: malformed frames, ping and an echo, no report.
if start sanitize "$sanitize_image" 20 -- "net.ip=$guest_ip/24" -- &&
	peer garbage t0 2000 >"$out" 2>&1 && ping_check "$scratch/ping" &&
	peer echo "$guest_ip" 7 1000 1048576 >>"$out" 2>&1 &&
	grep -q '^echo of 1048576 bytes ok' "$out"; then
	stop
	if [ "$stopped" -eq 0 ] && ! grep -Eq 'ubsan|asan' "$log"; then
		ok "linuxu-sanitize: 2000 malformed frames, ping and a 1 MiB echo under UBSan and ASan, no report"
	else
		not_ok "linuxu-sanitize: a report or status $stopped" "$log"
	fi
else
	[ -n "$guest" ] && kill -9 "$guest" 2>/dev/null
	guest=
	cat "$log" >>"$out"
	not_ok "linuxu-sanitize: malformed frames, ping and echo" "$out"
fi

# DHCP: no net.ip; the test's one-address server answers.
ip netns exec "$ns" "$tess" run "$linuxu_image" --mem 32M --net "tap:t0,mac=$mac" >"$scratch/dhcp.log" 2>&1 &
guest=$!
peer dhcp t0 "$peer_ip" 10.99.0.77 30 >"$out" 2>&1
for _ in $(seq 100); do grep -q 'serving TCP echo' "$scratch/dhcp.log" && break; sleep 0.1; done
peer echo 10.99.0.77 7 1000 >>"$out" 2>&1
kill -TERM "$guest" 2>/dev/null
wait "$guest"
guest=
cat "$scratch/dhcp.log" >>"$out"
expect_output "linuxu: without net.ip, DHCP gives net0 its address (10.99.0.77) and the echo answers there" "$out" \
	'^dhcp: ACK 10\.99\.0\.77$' '^netping: serving TCP echo on 10\.99\.0\.77 port 7$' '^echo of 1000 bytes ok'

# DHCP from Debian's dnsmasq, the server a user would run: the address
# it reserves for the guest's MAC.
if ! support/scripts/ensure-deps dhcp >"$out" 2>&1; then
	not_ok "linuxu: DHCP from dnsmasq" "$out"
else
	ip netns exec "$ns" dnsmasq --no-daemon --port=0 --interface=t0 --bind-interfaces \
		--dhcp-range=10.99.0.50,10.99.0.60,255.255.255.0,1h --dhcp-host="$mac,10.99.0.88" \
		--dhcp-leasefile="$scratch/leases" --pid-file="$scratch/dnsmasq.pid" \
		>"$scratch/dnsmasq.log" 2>&1 &
	dnsmasq=$!
	ip netns exec "$ns" "$tess" run "$linuxu_image" --mem 32M --net "tap:t0,mac=$mac" >"$scratch/dhcp.log" 2>&1 &
	guest=$!
	for _ in $(seq 300); do grep -q 'serving TCP echo' "$scratch/dhcp.log" && break; sleep 0.1; done
	peer echo 10.99.0.88 7 1000 >"$out" 2>&1
	kill -TERM "$guest" 2>/dev/null
	wait "$guest"
	guest=
	kill -TERM "$dnsmasq" 2>/dev/null
	wait "$dnsmasq" 2>/dev/null
	cat "$scratch/dhcp.log" "$scratch/dnsmasq.log" >>"$out"
	expect_output "linuxu: DHCP from dnsmasq gives net0 the address reserved for its MAC (10.99.0.88)" "$out" \
		'^netping: serving TCP echo on 10\.99\.0\.88 port 7$' '^echo of 1000 bytes ok'
fi

# Under QEMU (software emulation): microvm's virtio-net.
if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
	skip "qemu: ping and TCP echo" "no qemu-system-x86_64 here"
elif kvm_device=/dev/null/no-kvm start qemu "$kvm_image" 120 -- "net.ip=$guest_ip/24" -- &&
	ping_check "$out" && peer echo "$guest_ip" 7 65536 >>"$out" 2>&1 &&
	grep -q '^echo of 65536 bytes ok' "$out"; then
	stop
	ok "qemu: ping and a 64 KiB TCP echo through QEMU's virtio-net"
else
	[ -n "$guest" ] && kill -9 "$guest" 2>/dev/null
	guest=
	cat "$log" >>"$out"
	not_ok "qemu: ping and a 64 KiB TCP echo" "$out"
fi

if ! tools/kvm-usable; then
	skip_rest "no usable /dev/kvm here: these checks are tess-vmm's"
	exit 0
fi
lwip_checks kvm "$kvm_image"
