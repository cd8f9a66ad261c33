#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Network devices (issue 13), in a network namespace this script creates
# (and removes), touching no other interface: a tap there given to
# apps/l2reflect with tess run --net tap:t0. From the host's side of the
# tap: frames of every length from 60 to 1514 bytes and a VLAN-tagged
# 1518-byte one come back byte for byte (tests/integration/net_peer.py);
# a burst far larger than the rings (bench/net/blast) is answered or
# counted as dropped by the tap, frame for frame; the statistics are printed when
# tess stop ends it; the monitor's refusals (missing, not a tap, busy) have
# their own statuses. On kvm (tess-vmm) and linuxu (the tap's descriptor
# passed to the process). Needs root (network namespaces).
source "$(dirname "$0")/common.bash"
plan 18
out=$scratch/out
tess=tools/tess/build/tess

if ! make -s -C tools/tess build/tess >"$out" 2>&1 ||
   ! make -s APP=apps/l2reflect PLAT=linuxu >"$out" 2>&1 ||
   ! make -s APP=apps/l2reflect PLAT=kvm >"$out" 2>&1 ||
   ! gcc -O2 -o "$scratch/blast" bench/net/blast.c >"$out" 2>&1; then
	not_ok "build tess, apps/l2reflect (linuxu, kvm) and bench/net/blast" "$out"
	exit 0
fi
ok "build tess, apps/l2reflect (linuxu, kvm) and bench/net/blast"
ns=tesstest$$
if ! ip netns add "$ns" >"$out" 2>&1; then
	skip_rest "cannot create a network namespace here: $(head -n 1 "$out")"
	exit 0
fi
guest=
cleanup() {
	[ -n "$guest" ] && kill -9 "$guest" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip tuntap add dev t0 mode tap
in_ns ip tuntap add dev t1 mode tap
in_ns ip tuntap add dev u0 mode tun

in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
in_ns ip link set t0 up
# net_checks PLAT: the checks of one platform's network devices (8).
net_checks() {
	local plat=$1 s s1 s2 before after sent back bad lost
	image=apps/l2reflect/build/$plat/l2reflect_$plat-x86_64
	log=$scratch/guest.log
	ip netns exec "$ns" "$tess" run "$image" --mem 16M --net tap:t0 >"$log" 2>&1 &
	guest=$!
	for _ in $(seq 100); do grep -q reflecting "$log" && break; sleep 0.1; done

	s=$(run_status "$out" in_ns timeout 120 python3 tests/integration/net_peer.py t0 lengths)
	status_is "$plat: frames of every length from 60 to 1514 bytes come back byte for byte" 0 "$s" "$out" \
		'^1455 frames of 60 to 1514 bytes came back byte for byte$'
	s=$(run_status "$out" in_ns timeout 60 python3 tests/integration/net_peer.py t0 vlan)
	status_is "$plat: a VLAN-tagged frame of 1518 bytes (MTU + 18) comes back" 0 "$s" "$out" \
		'^1 frames of 1518 to 1518 bytes came back'

	# A burst of 20000 frames at once, 16 times the receive ring: each one
	# comes back or is counted dropped by the tap (its queue full), the guest
	# or the peer's socket; none is lost uncounted, none comes back wrong.
	before=$(in_ns cat /sys/class/net/t0/statistics/tx_dropped)
	in_ns timeout 120 "$scratch/blast" t0 20000 0 >"$out" 2>&1
	s=$?
	after=$(in_ns cat /sys/class/net/t0/statistics/tx_dropped)
	read -r sent back bad lost <<<"$(awk '{ print $2, $4, $6, $8 }' "$out")"
	echo "tap dropped $((after - before))" >>"$out"
	if [ "$s" -eq 0 ] && [ "${sent:-0}" -eq 20000 ] && [ "$bad" -eq 0 ] &&
		[ $((back + lost + after - before)) -eq 20000 ] && [ "$back" -gt 256 ]; then
		ok "$plat: a burst of 20000 frames (60-1514 bytes): every frame answered or counted dropped ($back back)"
	else
		not_ok "$plat: a burst of 20000 frames (status $s)" "$out"
	fi
	s=$(run_status "$out" in_ns timeout 120 "$scratch/blast" t0 50000 64 128)
	status_is "$plat: 50000 frames with 128 in flight: every one comes back" 0 "$s" "$out" \
		'^sent 50000 back 50000 bad 0'

	# Busy, while the first instance has t0.
	s=$(run_status "$out" in_ns "$tess" run "$image" --net tap:t0 -- 1)
	status_is "$plat: a tap another instance has: status 77, naming it" 77 "$s" "$out" \
		"tap t0 is in use by process [0-9]+ \\((tess|l2reflect_linux)"
	kill -TERM "$guest"
	wait "$guest"
	s=$?
	guest=
	status_is "$plat: tess stop (SIGTERM) ends l2reflect, which prints its statistics" 0 "$s" "$log" \
		'net0: rx [0-9]+ frames [0-9]+ bytes [0-9]+ drops 0 errors; tx' 'frames reflected \(stopped\)'

	s=$(run_status "$out" in_ns "$tess" run "$image" --net tap:nosuch -- 1)
	status_is "$plat: a missing tap: status 76" 76 "$s" "$out" 'nosuch'
	s1=$(run_status "$out" in_ns "$tess" run "$image" --net tap:u0 -- 1)
	cp "$out" "$scratch/out1"
	s2=$(run_status "$out" in_ns "$tess" run "$image" --net tap:lo -- 1)
	cat "$scratch/out1" >>"$out"
	[ "$s1" -eq 76 ] && [ "$s2" -eq 76 ] && expect_output "$plat: a tun device and the loopback are not taps: status 76" "$out" \
		'u0.* tun' 'lo' || not_ok "$plat: not a tap (status $s1, $s2)" "$out"
}

net_checks linuxu

# Under QEMU (software emulation, on every host): microvm's virtio-net.
log=$scratch/qemu.log
ip netns exec "$ns" env TESS_KVM_DEVICE=/dev/null/no-kvm "$tess" run \
	apps/l2reflect/build/kvm/l2reflect_kvm-x86_64 --net tap:t0 >"$log" 2>&1 &
guest=$!
for _ in $(seq 300); do grep -q reflecting "$log" && break; sleep 0.1; done
# Software emulation on a busy host can stall the guest for a while: 5 s
# without an answer, not 300 ms, before the frames still out count lost.
s=$(run_status "$out" in_ns timeout 300 "$scratch/blast" t0 2000 0 16 5000)
kill -TERM "$guest" 2>/dev/null
wait "$guest" 2>/dev/null
guest=
# The guest's own count (rx, tx, drops) beside the host's, for a failure.
sed 's/^/guest: /' "$log" >>"$out"
status_is "qemu: frames of every length through QEMU's virtio-net come back" 0 "$s" "$out" \
	'^sent 2000 back 2000 bad 0'

if ! tools/kvm-usable; then
	skip_rest "no usable /dev/kvm here: these network devices are tess-vmm's"
	exit 0
fi
net_checks kvm
