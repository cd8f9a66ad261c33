# SPDX-License-Identifier: BSD-3-Clause
# Helpers for integration scripts: each check prints "ok - name" or
# "not ok - name" followed by the evidence.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

planned=0  # plan's N
reported=0 # checks reported so far (ok, not ok, skipped)
ok() {
	echo "ok - $1"
	reported=$((reported + 1))
}
not_ok() {
	echo "not ok - $1"
	reported=$((reported + 1))
	[ -n "${2:-}" ] && sed 's/^/    | /' "$2" | tail -n 30
	return 0
}

# expect_output NAME FILE PATTERN...: every extended regexp matches a line of
# FILE. Reports either way and returns 0, so `cond && expect_output || not_ok`
# reports exactly once.
expect_output() {
	local name=$1 file=$2 pat
	shift 2
	for pat in "$@"; do
		if ! grep -Eq -- "$pat" "$file"; then
			not_ok "$name (no line matching '$pat')" "$file"
			return 0
		fi
	done
	ok "$name"
}

# run_status FILE CMD...: runs CMD with output in FILE, echoes the status.
run_status() {
	local file=$1
	shift
	"$@" >"$file" 2>&1
	echo $?
}

# status_is NAME WANT GOT FILE PATTERN...: the status and every pattern.
status_is() {
	local name=$1 want=$2 got=$3 file=$4
	shift 4
	if [ "$got" -ne "$want" ]; then
		not_ok "$name (status $got, expected $want)" "$file"
	else
		expect_output "$name" "$file" "$@"
	fi
}

# plan N: the script runs N checks, each reported once as ok, not ok or
# skipped; tests/run-all fails a script that reports another number.
plan() {
	planned=$1
	echo "1..$1"
}

# skip NAME REASON: a check this host cannot run (a third-party tool or a
# host feature is missing, never a Tessera bug), counted as skipped.
skip() {
	echo "# skipped: $1: $2"
	reported=$((reported + 1))
}

# skip_rest REASON: every planned check not reported yet is skipped (a
# script that must stop early because the host lacks something).
skip_rest() {
	while [ "$reported" -lt "$planned" ]; do
		skip "check $((reported + 1)) of $planned" "$1"
	done
}

# host_fact KEY: the value of KEY in `tess host` (cpu-vendor, kvm, kvm-pvm,
# qemu, qemu-kvm, ...), probed once per run (tests/run-all keeps it in
# $TESS_HOST_FACTS) or once per script when run alone.
host_fact() {
	local facts=${TESS_HOST_FACTS:-}
	if [ -z "$facts" ] || [ ! -s "$facts" ]; then
		facts=$scratch/host-facts
		if [ ! -s "$facts" ]; then
			make -s -C tools/tess build/tess >/dev/null 2>&1 &&
				tools/tess/build/tess host >"$facts" 2>/dev/null
		fi
	fi
	sed -n "s/^$1: //p" "$facts" 2>/dev/null
}

# on_terminal FILE CMD...: runs CMD with a pseudo-terminal as its standard
# streams (util-linux's script), its output in FILE without the
# terminal's carriage returns.
on_terminal() {
	local file=$1 cmd="" arg
	shift
	for arg in "$@"; do
		cmd+=" $(printf '%q' "$arg")"
	done
	script -qec "$cmd" /dev/null </dev/null 2>&1 | tr -d '\r' >"$file"
}

# netns_with_tap NAME HOSTADDR/LEN: makes the network namespace $ns
# (NAME and the script's pid) with the loopback up, IPv6 off and a tap t0
# holding HOSTADDR/LEN, for a guest behind it; in_ns CMD... runs CMD
# there. At exit whatever still runs in it is killed, it and $scratch
# removed. Skips the rest of the script where namespaces cannot be made.
netns_with_tap() {
	ns=$1$$
	if ! ip netns add "$ns" >"$scratch/netns" 2>&1; then
		skip_rest "cannot create a network namespace here: $(head -n 1 "$scratch/netns")"
		exit 0
	fi
	trap netns_cleanup EXIT
	in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	in_ns ip link set lo up
	in_ns ip tuntap add dev t0 mode tap
	in_ns ip addr add "$2" dev t0
	in_ns ip link set t0 up
}
in_ns() { ip netns exec "$ns" "$@"; }
netns_cleanup() {
	ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$scratch"
}
