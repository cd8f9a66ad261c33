#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# apps/redis (issue 17), differentially: Debian's redis-server run natively
# and the Tessera image (kvm under tess-vmm, linuxu), each in a network
# namespace this script creates (and removes), touching no other
# interface, answer Debian's redis-cli running the fixed script
# tests/integration/redis_commands.txt (strings, expiry with TTL bounds,
# counters, lists, hashes, sets, sorted sets, MULTI/EXEC/WATCH, EVAL and
# Lua's libraries, functions, CONFIG SET/GET, errors) with the same bytes.
# Then, on the image: pub/sub, the INFO fields, BGSAVE's error (no fork)
# with the server still serving, SAVE to the shared folder, SHUTDOWN ending
# the VM with status 0, a new instance on the same folder with every key
# back (DEBUG DIGEST, the dataset's hash, equal) and Debian's redis-server
# loading the image's dump to the same digest. Needs root (namespaces).
source "$(dirname "$0")/common.bash"
plan 11
out=$scratch/out
tess=tools/tess/build/tess
guest_ip=10.97.0.2
commands=tests/integration/redis_commands.txt
kvm_image=apps/redis/build/kvm/redis_kvm-x86_64
linuxu_image=apps/redis/build/linuxu/redis_linuxu-x86_64
# What every instance is started with: no save points (SAVE is asked
# for), reachable from the host's side of the tap, DEBUG DIGEST allowed.
redis_options=(--save "" --protected-mode no --enable-debug-command yes)

if ! support/scripts/ensure-deps redis >"$out" 2>&1; then
	skip_rest "Debian's redis-server and redis-tools cannot be installed: $(tail -n 1 "$out")"
	exit 0
fi
if ! make -s -C tools/tess build/tess >"$out" 2>&1 ||
   ! make -s APP=apps/redis PLAT=kvm >"$out" 2>&1 ||
   ! make -s APP=apps/redis PLAT=linuxu >"$out" 2>&1; then
	not_ok "build tess and apps/redis (kvm, linuxu)" "$out"
	skip_rest "apps/redis did not build"
	exit 0
fi
ok "build tess and apps/redis (kvm, linuxu)"

netns_with_tap tessredis 10.97.0.1/24
server=

# cli ADDRESS ARGS...: Debian's redis-cli in the namespace (replies in its
# typed form, as on a terminal; a stalled server does not stall the test).
cli() {
	local address=$1
	shift
	in_ns timeout 60 redis-cli -h "$address" --no-raw "$@"
}

# start NAME ADDRESS COMMAND...: starts a server in the namespace, its
# console in $scratch/NAME.log; waits until it answers PING.
start() {
	local name=$1 address=$2 log=$scratch/$1.log
	shift 2
	# ip netns exec execs the command: $! is the server.
	ip netns exec "$ns" "$@" >"$log" 2>&1 &
	server=$!
	for _ in $(seq 600); do
		if grep -q 'Ready to accept connections' "$log" &&
		   [ "$(cli "$address" PING 2>/dev/null)" = PONG ]; then
			return 0
		fi
		kill -0 "$server" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# stop ADDRESS: SHUTDOWN (the server ends and closes the connection, as
# on Linux: redis-cli returns with status 0 and prints nothing), then the
# server's exit status in $stopped and redis-cli's in $cli.
stop() {
	cli=0
	in_ns timeout 10 redis-cli -h "$1" SHUTDOWN >"$scratch/shutdown.out" 2>&1 || cli=$?
	timeout 60 tail --pid="$server" -f /dev/null || kill -KILL "$server" 2>/dev/null
	stopped=0
	wait "$server" || stopped=$?
	server=
}

# The reference: Debian's redis-server on the namespace's loopback.
mkdir -p "$scratch/native"
if ! start native 127.0.0.1 redis-server --bind 127.0.0.1 --dir "$scratch/native" \
	"${redis_options[@]}"; then
	not_ok "Debian's redis-server starts in the namespace" "$scratch/native.log"
	skip_rest "no reference"
	exit 0
fi
cli 127.0.0.1 <"$commands" >"$scratch/native.replies" 2>&1
cli 127.0.0.1 DEBUG DIGEST >"$scratch/native.digest"
stop 127.0.0.1

# same NAME: the replies to the command script are the native ones.
same() {
	local name=$1
	{ diff "$scratch/native.replies" "$scratch/$name.replies"; cat "$scratch/$name.log"; } >"$out" 2>&1
	if [ -s "$scratch/native.replies" ] && cmp -s "$scratch/native.replies" "$scratch/$name.replies"; then
		ok "$name: the replies to $(wc -l <"$commands") commands are byte for byte Debian's redis-server's"
	else
		not_ok "$name: the replies differ from Debian's redis-server's" "$out"
	fi
}

mkdir -p "$scratch/kvm"
kvm=("$tess" run "$kvm_image" --net tap:t0 -v "$scratch/kvm:/data" -- "net.ip=$guest_ip/24" -- \
	--dir /data "${redis_options[@]}")
if ! start kvm "$guest_ip" "${kvm[@]}"; then
	not_ok "kvm: redis starts and answers PING" "$scratch/kvm.log"
	skip_rest "the kvm image does not serve"
	exit 0
fi
cli "$guest_ip" <"$commands" >"$scratch/kvm.replies" 2>&1
same kvm

# Pub/sub: a subscriber, a publisher, the message between them.
in_ns timeout 30 redis-cli -h "$guest_ip" SUBSCRIBE news >"$scratch/sub" 2>&1 &
subscriber=$!
for _ in $(seq 100); do
	[ "$(cli "$guest_ip" PUBSUB NUMSUB news | tail -n 1)" = "(integer) 1" ] && break
	sleep 0.1
done
cli "$guest_ip" PUBLISH news "hello subscribers" >"$scratch/pub" 2>&1
for _ in $(seq 100); do
	grep -q 'hello subscribers' "$scratch/sub" && break
	sleep 0.1
done
kill "$subscriber" 2>/dev/null
wait "$subscriber" 2>/dev/null
printf 'subscribe\nnews\n1\nmessage\nnews\nhello subscribers\n' >"$scratch/sub.want"
{ cat "$scratch/pub" "$scratch/sub"; } >"$out"
if [ "$(cat "$scratch/pub")" = "(integer) 1" ] && cmp -s "$scratch/sub.want" "$scratch/sub"; then
	ok "kvm: PUBLISH reaches a SUBSCRIBE client (one receiver, the message)"
else
	not_ok "kvm: pub/sub" "$out"
fi

# INFO: every section and the fields a monitoring tool reads.
cli "$guest_ip" INFO everything | tr -d '\r' >"$scratch/info"
expect_output "kvm: INFO has its sections and fields" "$scratch/info" \
	'^# Server$' '^redis_version:7\.0\.15$' '^redis_mode:standalone$' '^arch_bits:64$' \
	'^tcp_port:6379$' '^uptime_in_seconds:[0-9]+$' '^# Clients$' '^connected_clients:[0-9]+$' \
	'^# Memory$' '^used_memory:[0-9]+$' '^mem_allocator:libc$' '^# Persistence$' \
	'^rdb_changes_since_last_save:[0-9]+$' '^# Stats$' '^total_commands_processed:[0-9]+$' \
	'^# Replication$' '^role:master$' '^# CPU$' '^# Keyspace$' '^db0:keys=[0-9]+,expires=1,'

# No fork: BGSAVE answers an error, the server serves on.
{ cli "$guest_ip" BGSAVE; cli "$guest_ip" PING; } >"$scratch/bgsave" 2>&1
expect_output "kvm: BGSAVE answers an error (no fork) and the server serves on" "$scratch/bgsave" \
	'^\(error\) ' '^PONG$'

# SAVE to the shared folder, SHUTDOWN, status 0.
cli "$guest_ip" DEBUG DIGEST >"$scratch/kvm.digest"
cli "$guest_ip" SAVE >"$scratch/save" 2>&1
{ cat "$scratch/save"; ls -l "$scratch/kvm"; cat "$scratch/kvm.digest" "$scratch/native.digest"; } >"$out"
if [ "$(cat "$scratch/save")" = OK ] && [ -s "$scratch/kvm/dump.rdb" ] &&
   cmp -s "$scratch/kvm.digest" "$scratch/native.digest"; then
	ok "kvm: SAVE writes dump.rdb to the shared folder (dataset digest as natively)"
else
	not_ok "kvm: SAVE to the shared folder" "$out"
fi
stop "$guest_ip"
s=$stopped
{ echo "redis-cli SHUTDOWN: status $cli, printed:"; cat "$scratch/shutdown.out"; } >>"$scratch/kvm.log"
# redis-cli must end as natively: status 0, nothing printed.
[ "$cli" -eq 0 ] && [ ! -s "$scratch/shutdown.out" ] || s=1
status_is "kvm: SHUTDOWN ends the VM with status 0, and redis-cli with 0 as natively (the VM closes its connections)" 0 "$s" "$scratch/kvm.log" \
	'Redis is now ready to exit, bye bye' 'redis-cli SHUTDOWN: status 0, printed:$'

# A new instance on the same folder: every key is back.
if start kvm2 "$guest_ip" "${kvm[@]}"; then
	{ cli "$guest_ip" DEBUG DIGEST; cli "$guest_ip" DBSIZE; } >"$scratch/kvm2.digest"
	cli "$guest_ip" EVAL "local t = redis.call('TTL', KEYS[1]) return (t > 4000 and t <= 5000) and 'ttl kept' or t" 1 e1 \
		>"$scratch/kvm2.ttl"
	stop "$guest_ip"
	s=$stopped
else
	s=1
fi
{ cat "$scratch/kvm.digest" "$scratch/kvm2.digest" "$scratch/kvm2.ttl"; cat "$scratch/kvm2.log"; } >"$out"
if [ "$s" -eq 0 ] && [ "$(head -n 1 "$scratch/kvm2.digest")" = "$(cat "$scratch/kvm.digest")" ] &&
   [ "$(cat "$scratch/kvm2.ttl")" = '"ttl kept"' ]; then
	ok "kvm: a new instance on the same folder loads the dump: every key back (same digest, expiry kept)"
else
	not_ok "kvm: the dump round trip" "$out"
fi

# Debian's redis-server reads the image's dump.
if start native2 127.0.0.1 redis-server --bind 127.0.0.1 --dir "$scratch/kvm" "${redis_options[@]}"; then
	cli 127.0.0.1 DEBUG DIGEST >"$scratch/native2.digest"
	stop 127.0.0.1
fi
{ cat "$scratch/kvm.digest" "$scratch/native2.digest"; cat "$scratch/native2.log"; } >"$out" 2>&1
if cmp -s "$scratch/kvm.digest" "$scratch/native2.digest"; then
	ok "Debian's redis-server loads the image's dump.rdb to the same dataset"
else
	not_ok "Debian's redis-server and the image's dump.rdb" "$out"
fi

# linuxu: the same script, SHUTDOWN's status.
mkdir -p "$scratch/linuxu"
if start linuxu "$guest_ip" "$tess" run "$linuxu_image" --net tap:t0 -v "$scratch/linuxu:/data" -- \
	"net.ip=$guest_ip/24" -- --dir /data "${redis_options[@]}"; then
	cli "$guest_ip" <"$commands" >"$scratch/linuxu.replies" 2>&1
	same linuxu
	stop "$guest_ip"
	s=$stopped
	status_is "linuxu: SHUTDOWN ends it with status 0" 0 "$s" "$scratch/linuxu.log" \
		'Redis is now ready to exit, bye bye'
else
	not_ok "linuxu: redis starts and answers PING" "$scratch/linuxu.log"
	skip "linuxu: SHUTDOWN" "it did not start"
fi
