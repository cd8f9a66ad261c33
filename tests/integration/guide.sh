#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# docs/guide-bring-your-program.md, run as written: every ```sh block in
# order (with a home folder and an instance folder of this script's own),
# and each ```text output block compared with the standard output of the
# sh block before it. A guide whose commands fail or whose outputs drift
# fails here.
source "$(dirname "$0")/common.bash"
guide=docs/guide-bring-your-program.md
blocks=$scratch/blocks
out=$scratch/out
mkdir -p "$blocks" "$scratch/home"
export HOME=$scratch/home TESS_INSTANCE_DIR=$scratch/instances

# Splits the guide into blocks/N.sh and blocks/N.expected (the output
# block that follows sh block N, if any).
awk -v dir="$blocks" '
	/^```sh$/ { n++; file = dir "/" n ".sh"; next }
	/^```text output$/ { file = dir "/" n ".expected"; next }
	/^```/ { file = ""; next }
	file != "" { print > file }
' "$guide"
count=$(ls "$blocks"/*.sh 2>/dev/null | wc -l)
checks=$(ls "$blocks"/*.expected 2>/dev/null | wc -l)
plan $((count + checks))

# Instances the guide leaves running are stopped at the end.
trap 'tools/tess/build/tess stop primes >/dev/null 2>&1; tools/tess/build/tess stop echo >/dev/null 2>&1; ip netns del tessera-guide 2>/dev/null; rm -rf "$scratch"' EXIT

# Without a usable /dev/kvm the VM runs under QEMU, where tess stop ends
# QEMU instead of reaching the program: the service steps are skipped.
kvm=true
tools/kvm-usable || kvm=false

failed=false
for ((i = 1; i <= count; i++)); do
	first=$(grep -m 1 -v '^$' "$blocks/$i.sh")
	if ! $kvm && grep -q 'tess run -d\|tess stop\|tess logs' "$blocks/$i.sh"; then
		skip "guide step $i: $first" "no usable /dev/kvm: under QEMU tess stop ends QEMU"
		[ -f "$blocks/$i.expected" ] && skip "guide step $i's output" "no usable /dev/kvm here"
		continue
	fi
	if $failed; then
		skip "guide step $i: $first" "an earlier step failed"
		[ -f "$blocks/$i.expected" ] && skip "guide step $i's output" "an earlier step failed"
		continue
	fi
	if bash -e "$blocks/$i.sh" >"$scratch/stdout" 2>"$scratch/stderr"; then
		ok "guide step $i: $first"
	else
		cat "$scratch/stdout" "$scratch/stderr" >"$out" 2>/dev/null
		if grep -q 'is not in the cache' "$out"; then
			skip_rest "Debian's archive is unreachable and musl is not cached"
			exit 0
		fi
		not_ok "guide step $i: $first" "$out"
		failed=true
		[ -f "$blocks/$i.expected" ] && skip "guide step $i's output" "the step failed"
		continue
	fi
	if [ -f "$blocks/$i.expected" ]; then
		if diff -u "$blocks/$i.expected" "$scratch/stdout" >"$out"; then
			ok "guide step $i prints what the guide shows"
		else
			not_ok "guide step $i prints what the guide shows" "$out"
		fi
	fi
done
