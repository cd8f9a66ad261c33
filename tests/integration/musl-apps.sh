#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Applications on musl (ext/musl): apps/hello-musl prints through stdio,
# allocates, runs pthreads and sleeps, on linuxu, under tess-vmm (where
# /dev/kvm works) and under QEMU; no system call it makes is missing.
source "$(dirname "$0")/common.bash"
plan 6
out=$scratch/out

for plat in linuxu kvm; do
	if ! make -s APP=apps/hello-musl PLAT=$plat >"$out" 2>&1; then
		if grep -q 'is not in the cache' "$out"; then
			skip_rest "Debian's archive is unreachable and musl is not cached"
			exit 0
		fi
		not_ok "build apps/hello-musl for $plat" "$out"
		exit 0
	fi
done
make -s -C tools/vmm build/tess-vmm >/dev/null 2>&1
make -s -C tools/tess build/tess >/dev/null 2>&1

check() { # name command...
	local name=$1 s
	shift
	s=$(run_status "$out" "$@")
	if [ "$s" -ne 0 ]; then
		not_ok "$name (status $s)" "$out"
	elif grep -q 'not implemented' "$out"; then
		not_ok "$name: a system call it makes is missing" "$out"
	else
		expect_output "$name" "$out" '^Hello from musl on Tessera \(pid 1, 2 arguments\)$' \
			'^arg 2: two words$' '^malloc: 1 MiB ok; snprintf: formatted 3.142 0xff$' \
			'^nanosleep\(5 ms\) took at least 5 ms$' '^4 threads: total 15005000, joined 15005000, expected 15005000: ok$'
	fi
}
check "hello-musl on linuxu" apps/hello-musl/build/linuxu/hello-musl_linuxu-x86_64 one 'two words'
kvm_image=apps/hello-musl/build/kvm/hello-musl_kvm-x86_64
if tools/kvm-usable; then
	check "hello-musl under tess-vmm" tools/vmm/build/tess-vmm --mem 16M "$kvm_image" -- one 'two words'
else
	skip "hello-musl under tess-vmm" "no usable /dev/kvm here"
fi
check "hello-musl under QEMU" env TESS_KVM_DEVICE=/dev/null/no-kvm tools/tess/build/tess run \
	--mem 16M "$kvm_image" -- one 'two words'

# raise() reaches a handler; abort() ends the image with 134 (128 + SIGABRT).
signals() { # name command...
	local name=$1 s
	shift
	s=$(run_status "$out" "$@")
	[ "$s" -eq 134 ] && expect_output "$name: raise runs the handler, abort ends with 134" "$out" \
		'^raise\(SIGUSR1\): handler ran$' 'terminated by signal 6' ||
		not_ok "$name: signals (status $s, expected 134)" "$out"
}
signals "hello-musl on linuxu" apps/hello-musl/build/linuxu/hello-musl_linuxu-x86_64 signals
if tools/kvm-usable; then
	signals "hello-musl under tess-vmm" tools/vmm/build/tess-vmm --mem 16M "$kvm_image" -- signals
else
	skip "hello-musl under tess-vmm: signals" "no usable /dev/kvm here"
fi
signals "hello-musl under QEMU" env TESS_KVM_DEVICE=/dev/null/no-kvm tools/tess/build/tess run \
	--mem 16M "$kvm_image" -- signals
