#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Differential POSIX tests: every program of tests/posix (files, folders,
# links, stat, descriptors, locks, pipes and poll, stdio, standard input:
# each reads tests/posix/stdin.input on fd 0) built natively
# with the host's gcc and glibc and run in a fresh temporary folder, then
# in apps/posixtest (the same sources on musl) on linuxu and under
# tess-vmm, in /tmp of Tessera's root file system, and again in a host
# folder shared with the guest (tess run -v, 9P; on each platform), where
# only the differences tests/posix/share-differences lists are allowed. Per program: it
# passes natively (exit 0: Linux gives what it expects), and on each
# platform Tessera prints exactly the native lines (a unified diff,
# native first, when not). The programs expect what Linux gives root (as
# Tessera's only user is): run as another user, stat's checks of owners
# and of access() fail natively.
#
# Run one program by hand:
#   gcc -O2 -Wall -pthread -o /tmp/files tests/posix/files.c && /tmp/files "$(mktemp -d)"
#   make APP=apps/posixtest PLAT=linuxu && apps/posixtest/build/linuxu/posixtest_linuxu-x86_64 files /tmp
source "$(dirname "$0")/common.bash"
programs=$(for f in tests/posix/*.c; do basename "$f" .c; done)
count=$(echo "$programs" | wc -w)
plan $((5 * count))
out=$scratch/out
native=$scratch/native
mkdir -p "$native"

# The native half: host gcc and glibc.
cflags="-O2 -Wall -Wextra -Wno-unused-parameter -std=gnu11 -pthread"
for p in $programs; do
	if ! gcc $cflags -o "$native/$p" "tests/posix/$p.c" >"$out" 2>&1; then
		not_ok "$p natively: builds with the host's gcc" "$out"
		continue
	fi
	dir=$(mktemp -d)
	timeout 120 "$native/$p" "$dir" <tests/posix/stdin.input >"$native/$p.out" 2>&1
	s=$?
	rmdir "$dir" 2>/dev/null || { echo "(the program left files in its folder)" >>"$native/$p.out"; rm -rf "$dir"; }
	if [ "$s" -eq 0 ] && tail -n 1 "$native/$p.out" | grep -Eq "^$p: [0-9]+ checks, 0 failed$"; then
		ok "$p natively: $(tail -n 1 "$native/$p.out")"
	else
		grep -- '<-- expected' "$native/$p.out" >"$out"
		tail -n 3 "$native/$p.out" >>"$out"
		not_ok "$p natively (status $s): Linux does not give what the program expects" "$out"
	fi
done

# The Tessera half: apps/posixtest for each platform. A build that fails
# fails each program's check on that platform.
make -s -C tools/vmm build/tess-vmm >/dev/null 2>&1
make -s -C tools/tess build/tess >/dev/null 2>&1
built_linuxu=1 built_kvm=1
for plat in linuxu kvm; do
	if ! make -s -j"$(nproc)" APP=apps/posixtest PLAT=$plat >"$scratch/build-$plat" 2>&1; then
		if grep -q 'is not in the cache' "$scratch/build-$plat"; then
			skip_rest "Debian's archive is unreachable and musl is not cached"
			exit 0
		fi
		eval "built_$plat=0"
	fi
done

# not_built NAME PLATFORM: a check that cannot run, the build's log shown
# once per platform.
not_built() {
	local name=$1 plat=$2
	if [ -f "$scratch/build-$plat" ]; then
		not_ok "$name: apps/posixtest does not build for $plat" "$scratch/build-$plat"
		rm -f "$scratch/build-$plat"
	else
		not_ok "$name: apps/posixtest does not build for $plat (the log is above)"
	fi
}

# compare NAME PROGRAM PLATFORM-FILE STATUS: the Tessera output against
# the native one.
compare() {
	local name=$1 p=$2 file=$3 s=$4
	if [ ! -s "$native/$p.out" ]; then
		not_ok "$name: no native output to compare with" "$file"
	elif diff -u --label "native $p" --label "tessera $p" "$native/$p.out" "$file" >"$scratch/diff"; then
		ok "$name prints the native lines (status $s)"
	else
		not_ok "$name differs from native (status $s; $(($(grep -c '^-' "$scratch/diff") - 1)) native lines missing or changed)"
		head -n 80 "$scratch/diff" | sed 's/^/    | /'
	fi
}

# On a shared host folder (tess run -v, 9P), the differences listed in
# tests/posix/share-differences are the only ones allowed: each listed
# Tessera line becomes its native line before the comparison (and then
# the status is not the program's own).
share_compare() {
	local name=$1 p=$2 file=$3 s=$4
	python3 - "$p" "$file" <<'PY'
import sys
prog, path = sys.argv[1], sys.argv[2]
subst = {}
for line in open("tests/posix/share-differences"):
    if line.startswith("#") or not line.strip():
        continue
    q, native, tessera = line.rstrip("\n").split("|", 2)
    if q == prog:
        subst[tessera] = native
lines = [subst.get(l.rstrip("\n"), l.rstrip("\n")) for l in open(path)]
open(path, "w").write("".join(l + "\n" for l in lines))
PY
	compare "$name" "$p" "$file" "$s"
}

share=$scratch/share
linuxu_image=apps/posixtest/build/linuxu/posixtest_linuxu-x86_64
kvm_image=apps/posixtest/build/kvm/posixtest_kvm-x86_64
for p in $programs; do
	if [ "$built_linuxu" -eq 1 ]; then
		s=$(run_status "$out" timeout 120 "$linuxu_image" "$p" /tmp <tests/posix/stdin.input)
		compare "$p on linuxu" "$p" "$out" "$s"
	else
		not_built "$p on linuxu" linuxu
	fi
	if ! tools/kvm-usable; then
		skip "$p under tess-vmm" "no usable /dev/kvm here"
	elif [ "$built_kvm" -eq 1 ]; then
		s=$(run_status "$out" timeout 120 tools/vmm/build/tess-vmm --mem 64M "$kvm_image" -- "$p" /tmp <tests/posix/stdin.input)
		compare "$p under tess-vmm" "$p" "$out" "$s"
	else
		not_built "$p under tess-vmm" kvm
	fi
	# The same program in a host folder shared with the guest.
	for plat in linuxu kvm; do
		if [ $plat = kvm ] && ! tools/kvm-usable; then
			skip "$p on a shared folder under tess-vmm" "no usable /dev/kvm here"
			continue
		fi
		rm -rf "$share" && mkdir -p "$share"
		s=$(run_status "$out" timeout 120 tools/tess/build/tess run --plat $plat \
			-v "$share:/data" "apps/posixtest/build/$plat/posixtest_$plat-x86_64" \
			-- "$p" /data <tests/posix/stdin.input)
		share_compare "$p on a shared folder ($plat)" "$p" "$out" "$s"
	done
done
