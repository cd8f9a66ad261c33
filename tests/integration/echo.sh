#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# apps/echo (issue 15), differentially: the same program built natively
# and as a Tessera image (kvm under tess-vmm, linuxu), each serving in a
# network namespace this script creates (and removes), touching no other
# interface. tests/integration/echo_peer.py talks to each (TCP echoes of
# 1 byte to 1 MiB, a half-closed connection, UDP datagrams up to 8000
# bytes, a closed port, a thousand TCP connections at once with random
# sizes, resets and a vanished client beside a live stream, keep-alive
# probes, 1 GiB both ways checked by SHA-256) and its transcript, and the
# statistics the server prints when SIGTERM (tess stop) ends it, must be
# the native program's. Needs root (network namespaces).
source "$(dirname "$0")/common.bash"
plan 7
out=$scratch/out
tess=tools/tess/build/tess
guest_ip=10.98.0.2
conns=1000

if ! make -s -C tools/tess build/tess >"$out" 2>&1 ||
   ! make -s APP=apps/echo PLAT=linuxu >"$out" 2>&1 ||
   ! make -s APP=apps/echo PLAT=kvm >"$out" 2>&1 ||
   ! gcc -O2 -Wall -Wextra -Werror -o "$scratch/echo" apps/echo/main.c >"$out" 2>&1; then
	not_ok "build tess, apps/echo (linuxu, kvm) and apps/echo natively" "$out"
	exit 0
fi
ok "build tess, apps/echo (linuxu, kvm) and apps/echo natively"

"$scratch/echo" 70000 >"$out" 2>&1
native_s=$?
s=$(run_status "$scratch/usage" timeout 60 "$tess" run apps/echo/build/kvm/echo_kvm-x86_64 -- 70000)
cat "$scratch/usage" >>"$out"
status_is "a port out of range: usage and status $native_s, as natively" "$native_s" "$s" "$out" \
	'usage: echo \[PORT\]'

netns_with_tap tessecho 10.98.0.1/24
server=

# serve NAME ADDRESS COMMAND...: runs the server in the namespace, talks
# to it at ADDRESS, stops it with SIGTERM; its console in $scratch/NAME.log,
# the peer's transcript in $scratch/NAME.peer. Fails if it does not serve.
serve() {
	local name=$1 address=$2 log=$scratch/$1.log
	shift 2
	# ip netns exec execs the command: $! is the server, for SIGTERM.
	ip netns exec "$ns" "$@" >"$log" 2>&1 &
	server=$!
	for _ in $(seq 300); do
		grep -q 'listening on port' "$log" && break
		kill -0 "$server" 2>/dev/null || break
		sleep 0.1
	done
	in_ns timeout 300 python3 tests/integration/echo_peer.py "$address" 7 "$conns" \
		>"$scratch/$name.peer" 2>&1
	kill -TERM "$server" 2>/dev/null
	wait "$server"
	server=
	# The bytes a reset connection got echoed before its end vary with
	# timing: the statistics compared are the connections and the
	# datagrams.
	grep '^echo: stopped' "$log" | sed 's/connections, [0-9]* bytes/connections/' \
		>"$scratch/$name.stats"
}

# same NAME: the server's transcript and statistics are the native ones.
same() {
	local name=$1
	{
		cat "$scratch/$name.peer"
		diff "$scratch/native.peer" "$scratch/$name.peer"
		cat "$scratch/$name.log"
	} >"$out" 2>&1
	if cmp -s "$scratch/native.peer" "$scratch/$name.peer"; then
		ok "$name: every check as natively (echoes, a half-close, UDP, refusal, $conns connections, resets, keep-alive, 1 GiB)"
	else
		not_ok "$name: the peer's transcript differs from the native one" "$out"
	fi
	{
		echo "native: $(cat "$scratch/native.stats")"
		echo "$name: $(cat "$scratch/$name.stats")"
	} >"$out"
	if [ -s "$scratch/$name.stats" ] && cmp -s "$scratch/native.stats" "$scratch/$name.stats"; then
		ok "$name: tess stop (SIGTERM) ends it with the native statistics"
	else
		not_ok "$name: the statistics at SIGTERM differ from the native ones" "$out"
	fi
}

serve native 127.0.0.1 "$scratch/echo" 7
{ cat "$scratch/native.peer"; cat "$scratch/native.log"; } >"$out"
if [ "$(grep -c ': ok$\|ECONNREFUSED$\|then ok$' "$scratch/native.peer")" -eq 14 ] && [ -s "$scratch/native.stats" ]; then
	ok "native: the peer's 14 checks pass and SIGTERM prints the statistics"
else
	not_ok "native: the peer's checks or the statistics" "$out"
fi
serve kvm "$guest_ip" "$tess" run apps/echo/build/kvm/echo_kvm-x86_64 --net tap:t0 -- \
	"net.ip=$guest_ip/24" -- 7
same kvm
serve linuxu "$guest_ip" "$tess" run apps/echo/build/linuxu/echo_linuxu-x86_64 --net tap:t0 -- \
	"net.ip=$guest_ip/24" -- 7
same linuxu
