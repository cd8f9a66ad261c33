#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# tess run --detach, tess ps, logs, stop and rm (tools/tess/instances.c) with
# apps/ticker, a guest that prints a tick every interval: on linuxu, on kvm
# (tess-vmm, or QEMU without KVM), in the foreground; stale records, name
# clashes, bad arguments and an unsafe record folder. Every instance is
# recorded in a folder of this script's own, and is killed at the end, also
# when a check fails.
source "$(dirname "$0")/common.bash"
plan 44
out=$scratch/out
export TESS_INSTANCE_DIR=$scratch/instances
tess=tools/tess/build/tess-san

# Kills whatever is still recorded (detached ones by process group).
cleanup() {
	local f pid
	for f in "$TESS_INSTANCE_DIR"/*; do
		[ -f "$f" ] || continue
		case ${f##*/} in *.*) continue ;; esac # NAME.log, NAME.status
		pid=$(sed -n 's/^pid=//p' "$f")
		[ -n "$pid" ] && { kill -KILL -- "-$pid" "$pid"; } 2>/dev/null
	done
	rm -rf "$scratch"
}
trap cleanup EXIT

if ! make -s -C tools/tess >"$out" 2>&1 ||
   ! make -s -j"$(nproc)" APP=apps/ticker PLAT=linuxu >>"$out" 2>&1 ||
   ! make -s -j"$(nproc)" APP=apps/ticker PLAT=kvm >>"$out" 2>&1; then
	not_ok "build tools/tess and apps/ticker" "$out"
	exit 0
fi
linuxu=apps/ticker/build/linuxu/ticker_linuxu-x86_64
kvm=apps/ticker/build/kvm/ticker_kvm-x86_64

# wait_log NAME PATTERN SECONDS: until tess logs NAME has a line matching.
wait_log() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		$tess logs "$1" 2>/dev/null | grep -Eq -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# recorded_pid NAME: the pid in NAME's record.
recorded_pid() {
	sed -n 's/^pid=//p' "$TESS_INSTANCE_DIR/$1" 2>/dev/null
}

s=$(run_status "$out" $tess ps)
[ "$s" -eq 0 ] && [ "$(wc -l <"$out")" -eq 1 ] && grep -q '^NAME  *STATE  *PID' "$out" &&
	ok "tess ps with nothing running prints the header only" || not_ok "empty tess ps (status $s)" "$out"

# Detached on linuxu: named, listed, logged, refused twice, stopped, kept.
s=$(run_status "$out" $tess run "$linuxu" --detach --name tick-a -- 0 50)
[ "$s" -eq 0 ] && [ "$(cat "$out")" = tick-a ] &&
	ok "tess run --detach prints the instance's name and returns at once" ||
	not_ok "tess run --detach (status $s)" "$out"
pid=$(recorded_pid tick-a)
s=$(run_status "$out" $tess ps)
status_is "tess ps lists the detached instance with its pid, platform and monitor" 0 "$s" "$out" \
	"^tick-a +running \\(detached\\) +$pid +linuxu +process +default +[0-9]+s +$root/$linuxu\$"
wait_log tick-a '^tick 3$' 10 && ok "tess logs shows the detached instance's console" ||
	{ $tess logs tick-a >"$out" 2>&1; not_ok "tess logs tick-a" "$out"; }
s=$(run_status "$out" $tess run "$linuxu" -d --name tick-a -- 0 50)
status_is "a second instance of the same name is refused (73)" 73 "$s" "$out" \
	'an instance named tick-a exists'
s=$(run_status "$out" $tess rm tick-a)
status_is "tess rm of a running instance is refused (75)" 75 "$s" "$out" \
	'tick-a is running; tess stop tick-a first'
s=$(run_status "$out" $tess stop tick-a)
status_is "tess stop ends the instance" 0 "$s" "$out" '^tick-a stopped$'
kill -0 "$pid" 2>/dev/null && not_ok "the stopped instance's process $pid is gone" ||
	ok "the stopped instance's process is gone"
s=$(run_status "$out" $tess ps)
grep -q '^tick-a ' "$out" && not_ok "tess ps leaves out an ended instance" "$out" ||
	ok "tess ps leaves out an ended instance"
s=$(run_status "$out" $tess ps -a)
status_is "tess ps -a shows it ended by SIGTERM" 0 "$s" "$out" '^tick-a +killed by signal 15 +- '
s=$(run_status "$out" $tess logs tick-a)
status_is "the log outlives the instance" 0 "$s" "$out" '^tick 3$'
s=$(run_status "$out" $tess stop tick-a)
status_is "tess stop of an ended instance says so" 0 "$s" "$out" '^tick-a had already ended$'
s=$(run_status "$out" $tess rm tick-a)
status_is "tess rm removes an ended instance" 0 "$s" "$out" '^tick-a removed$'
s=$(run_status "$out" $tess logs tick-a)
status_is "a removed instance is unknown (66)" 66 "$s" "$out" "no instance 'tick-a'"
ls "$TESS_INSTANCE_DIR" | grep -q '^tick-a' && not_ok "tess rm leaves no file of the instance" ||
	ok "tess rm leaves no file of the instance"

# One that ends by itself: its status, and logs --follow until the end.
s=$(run_status "$out" $tess run "$linuxu" -d -- 6 100)
name=$(cat "$out")
[ "$s" -eq 0 ] && [ "$name" = ticker-1 ] &&
	ok "without --name the instance is named after the image (ticker-1)" ||
	not_ok "default name (status $s)" "$out"
s=$(run_status "$out" timeout 30 $tess logs --follow "$name")
[ "$s" -eq 0 ] && [ "$(grep -c '^tick ' "$out")" -eq 6 ] && [ "$(tail -n 1 "$out")" = "ticker: done" ] &&
	ok "tess logs --follow prints until the instance ends" ||
	not_ok "tess logs --follow (status $s)" "$out"
s=$(run_status "$out" $tess ps --all)
status_is "an instance that ended keeps its exit status" 0 "$s" "$out" "^$name +exited 0 "
$tess rm "$name" >/dev/null 2>&1

# kvm: tess-vmm where /dev/kvm works, else QEMU in software emulation.
monitor=tess-vmm
tools/kvm-usable || monitor=qemu-tcg
s=$(run_status "$out" $tess run "$kvm" -d --name tick-k --mem 16M -- 0 50)
[ "$s" -eq 0 ] && ok "a kvm image runs detached ($monitor)" || not_ok "kvm detached (status $s)" "$out"
pid=$(recorded_pid tick-k)
s=$(run_status "$out" $tess ps)
status_is "tess ps names the kvm instance's monitor" 0 "$s" "$out" \
	"^tick-k +running \\(detached\\) +$pid +kvm +$monitor +16M "
wait_log tick-k '^tick 2$' 60 && ok "the kvm instance's console is in its log" ||
	{ $tess logs tick-k >"$out" 2>&1; not_ok "tess logs tick-k" "$out"; }
s=$(run_status "$out" $tess stop tick-k)
status_is "tess stop ends the kvm instance" 0 "$s" "$out" '^tick-k stopped$'
# The processes in group $1 (from /proc: no procps on a fresh machine).
group_members() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v g="$1" '{ line = $0; sub(/.*\) /, ""); if ($3 == g) print line }'
}
group_members "$pid" >"$out"
if [ -s "$out" ]; then
	not_ok "nothing of the kvm instance's process group is left (QEMU included)" "$out"
else
	ok "nothing of the kvm instance's process group is left (QEMU included)"
fi
$tess rm tick-k >/dev/null 2>&1
# A kvm guest that ends by itself: its own exit status is kept (an
# unknown library option ends any image with 64).
s=$(run_status "$out" $tess run "$kvm" -d --name tick-e -- bogus.option=1 --)
for ((i = 0; i < 600; i++)); do
	$tess ps -a 2>/dev/null | grep -q '^tick-e  *exited' && break
	sleep 0.1
done
s=$(run_status "$out" $tess ps -a)
status_is "a detached kvm guest keeps its own exit status" 0 "$s" "$out" '^tick-e +exited 64 '
$tess logs tick-e >"$out" 2>&1
expect_output "and its log has the guest's message" "$out" "unknown library option 'bogus.option'"
$tess rm tick-e >/dev/null 2>&1

# Foreground: listed while it runs, no log, stopped from elsewhere.
$tess run "$linuxu" --name tick-f -- 0 50 >"$scratch/fg" 2>&1 &
fg=$!
for ((i = 0; i < 100; i++)); do
	$tess ps 2>/dev/null | grep -q '^tick-f +running ' && break
	sleep 0.1
done
s=$(run_status "$out" $tess ps)
status_is "a foreground run is listed" 0 "$s" "$out" "^tick-f +running +$fg +linuxu "
s=$(run_status "$out" $tess logs tick-f)
status_is "a foreground instance has no log (69)" 69 "$s" "$out" \
	'tick-f runs in the foreground: its console is the terminal'
s=$(run_status "$out" $tess stop tick-f)
status_is "tess stop ends a foreground run" 0 "$s" "$out" '^tick-f stopped$'
wait "$fg"
s=$?
[ "$s" -eq 143 ] && ok "the foreground run ended by SIGTERM (143)" || not_ok "foreground status $s" "$scratch/fg"
[ -e "$TESS_INSTANCE_DIR/tick-f" ] && not_ok "tess stop removed the foreground record" ||
	ok "tess stop removed the foreground record"

# tess rm -f kills a running instance and removes it; --rm leaves nothing
# of a detached instance once it ends; a taken --name is refused before an
# application is built.
$tess run "$linuxu" -d --name tick-r -- 0 50 >/dev/null 2>&1
pid=$(recorded_pid tick-r)
s=$(run_status "$out" $tess rm -f tick-r)
[ "$s" -eq 0 ] && ! kill -0 "$pid" 2>/dev/null && ! ls "$TESS_INSTANCE_DIR" | grep -q '^tick-r' &&
	expect_output "tess rm -f kills a running instance and removes every file of it" "$out" '^tick-r removed$' ||
	not_ok "tess rm -f (status $s)" "$out"
s=$(run_status "$out" $tess run "$linuxu" -d --rm --name tick-m -- 3 10)
for ((i = 0; i < 100; i++)); do
	ls "$TESS_INSTANCE_DIR" | grep -q '^tick-m' || break
	sleep 0.1
done
[ "$s" -eq 0 ] && ! ls "$TESS_INSTANCE_DIR" | grep -q '^tick-m' &&
	ok "tess run -d --rm: no record or log is left when the instance ends" ||
	not_ok "tess run -d --rm (status $s)" "$out"
$tess run "$linuxu" -d --name tick-c -- 0 50 >/dev/null 2>&1
s=$(run_status "$out" $tess run ticker --plat kvm --conf no-such-conf --name tick-c)
status_is "a taken --name is refused before the application is built (73)" 73 "$s" "$out" \
	'an instance named tick-c exists'
grep -q 'make\|CC \|unknown configuration' "$out" && not_ok "nothing was built for a taken name" "$out"
$tess rm -f tick-c >/dev/null 2>&1

# A record whose process was killed outright is dropped, and its name free.
$tess run "$linuxu" --name tick-s -- 0 50 >/dev/null 2>&1 &
stale=$!
for ((i = 0; i < 100; i++)); do
	[ -s "$TESS_INSTANCE_DIR/tick-s" ] && break
	sleep 0.1
done
kill -KILL "$stale"
{ wait "$stale"; } 2>/dev/null
s=$(run_status "$out" $tess ps -a)
! grep -q '^tick-s ' "$out" && [ ! -e "$TESS_INSTANCE_DIR/tick-s" ] &&
	ok "tess ps drops the record of a process killed with SIGKILL" ||
	not_ok "stale record (status $s)" "$out"

# An image whose file name holds a newline (and so does its process name):
# the record gains no key from it, and the instance is still found alive.
odd="$scratch/odd
pid=1"
cp "$linuxu" "$odd"
s=$(run_status "$out" $tess run "$odd" --plat linuxu -d --name tick-n -- 0 50)
s=$(run_status "$out" $tess ps)
if [ "$s" -eq 0 ] && grep -Eq '^tick-n +running \(detached\) +[0-9]+ .*odd\?pid=1$' "$out" &&
   [ "$(grep -c '^pid=' "$TESS_INSTANCE_DIR/tick-n")" -eq 1 ]; then
	ok "a newline in the image's name adds no key to the record"
else
	cat "$TESS_INSTANCE_DIR/tick-n" >>"$out" 2>&1
	not_ok "image name with a newline (status $s)" "$out"
fi
$tess stop tick-n >/dev/null 2>&1
$tess rm tick-n >/dev/null 2>&1

# tess stop delivers SIGTERM to the application: its handler runs, the
# output it buffered reaches the log, and it exits 0 (hello-musl serve:
# a service on musl), on linuxu and on kvm under tess-vmm.
for plat in linuxu kvm; do
	name=serve-$plat
	image=apps/hello-musl/build/$plat/hello-musl_$plat-x86_64
	if [ $plat = kvm ] && ! tools/kvm-usable; then
		skip "tess stop reaches the kvm application's SIGTERM handler" "no usable /dev/kvm here (QEMU gets no signal through)"
		skip "the kvm application's buffered output is flushed at tess stop" "no usable /dev/kvm here"
		continue
	fi
	if ! make -s APP=apps/hello-musl PLAT=$plat >"$out" 2>&1; then
		skip "tess stop reaches the $plat application's SIGTERM handler" "hello-musl does not build here (musl not fetched)"
		skip "the $plat application's buffered output is flushed at tess stop" "hello-musl does not build here"
		continue
	fi
	$tess run "$image" -d --name $name --mem 16M -- serve >"$out" 2>&1
	wait_log $name '^serving until SIGTERM or SIGINT$' 60
	sleep 0.5 # a few ticks, held in stdio's buffer (the log is a file)
	$tess stop $name >"$out" 2>&1
	s=$(run_status "$out" $tess ps -a)
	status_is "tess stop reaches the $plat application's SIGTERM handler (it exits 0)" 0 "$s" "$out" \
		"^$name +exited 0 "
	$tess logs $name >"$out" 2>&1
	expect_output "the $plat application's buffered output is flushed at tess stop" "$out" \
		'^tick 1$' '^stopped by signal 15 after [0-9]+ ticks$'
	$tess rm $name >/dev/null 2>&1
done

# Bad arguments, and a record folder others could write.
s=$(run_status "$out" $tess stop)
status_is "tess stop without a name is a usage error" 64 "$s" "$out" 'no instance given'
s=$(run_status "$out" $tess stop ../etc)
status_is "a name that is no instance name is unknown (66)" 66 "$s" "$out" "no instance '../etc'"
s=$(run_status "$out" $tess stop x --timeout soon)
status_is "tess stop --timeout needs seconds" 64 "$s" "$out" "--timeout needs whole seconds"
s=$(run_status "$out" $tess run "$linuxu" --name 'Bad/Name' -d)
status_is "tess run --name checks the name" 64 "$s" "$out" '--name Bad/Name'
mkdir -p "$scratch/open"
chmod 0777 "$scratch/open"
s=$(TESS_INSTANCE_DIR=$scratch/open run_status "$out" $tess ps)
status_is "a record folder others can write is refused (71)" 71 "$s" "$out" \
	"$scratch/open is not a folder of yours that only you can write"
