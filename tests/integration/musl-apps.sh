#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Applications on musl (ext/musl): apps/hello-musl prints through stdio,
# allocates, runs pthreads and sleeps, on linuxu, under tess-vmm (where
# /dev/kvm works) and under QEMU; no system call it makes is missing.
source "$(dirname "$0")/common.bash"
plan 15
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

# The console is a terminal to the guest exactly when it is one to us
# (isatty, and so musl's line buffering of stdout), as for the same code
# built natively with musl-gcc (when the host has it).
tty_check() { # name where(terminal|pipe) command...
	local name=$1 where=$2 want_tty=0 want_buf="fully buffered"
	shift 2
	if [ "$where" = terminal ]; then
		want_tty=1 want_buf=line-buffered
		on_terminal "$out" "$@"
	else
		"$@" </dev/null >"$out" 2>&1
	fi
	expect_output "$name on a $where: isatty says $want_tty, stdout is $want_buf" "$out" \
		"^isatty: stdin $want_tty, stdout $want_tty, stderr $want_tty$" "^stdout is $want_buf$"
}
linuxu_image=apps/hello-musl/build/linuxu/hello-musl_linuxu-x86_64
if command -v musl-gcc >/dev/null 2>&1; then
	{ printf '#include <stdio.h>\n#include <stdio_ext.h>\n#include <unistd.h>\n'
	  sed -n '/^static int tty_demo/,/^}/p' apps/hello-musl/main.c
	  echo 'int main(void) { return tty_demo(); }'; } >"$scratch/tty.c"
	musl-gcc -static -o "$scratch/tty_native" "$scratch/tty.c" >"$out" 2>&1
fi
for where in terminal pipe; do
	if [ -x "$scratch/tty_native" ]; then
		tty_check "the same code natively (musl-gcc)" $where "$scratch/tty_native"
	else
		skip "the same code natively (musl-gcc) on a $where" "musl-gcc is not installed"
	fi
	tty_check "hello-musl on linuxu" $where "$linuxu_image" tty
	if tools/kvm-usable; then
		tty_check "hello-musl under tess run (tess-vmm)" $where tools/tess/build/tess run "$kvm_image" -- tty
	else
		skip "hello-musl under tess run (tess-vmm) on a $where" "no usable /dev/kvm here"
	fi
done

# tess run -e KEY=VALUE (repeatable; a later KEY wins; -e KEY takes tess's
# own value, and is left out when tess has none) sets the environment the
# program sees, as env(1) would print it, on every platform.
env_check() { # name command...
	local name=$1
	shift
	"$@" >"$out" 2>&1
	if [ "$(grep -E '^[A-Z_]+=' "$out" | tr '\n' ' ')" = "GREETING=hi there PATH=/bin:/usr/bin ONLY_HOST=from-host " ]; then
		ok "$name: tess run -e sets the environment"
	else
		not_ok "$name: tess run -e (expected GREETING, PATH, ONLY_HOST in order)" "$out"
	fi
}
env_args=(-e GREETING=hello -e PATH=/bin:/usr/bin -e 'GREETING=hi there' -e ONLY_HOST -e TESS_UNSET_VARIABLE)
unset TESS_UNSET_VARIABLE
env_check "hello-musl on linuxu" env ONLY_HOST=from-host tools/tess/build/tess run "${env_args[@]}" "$linuxu_image" -- env
if tools/kvm-usable; then
	env_check "hello-musl under tess-vmm" env ONLY_HOST=from-host tools/tess/build/tess run "${env_args[@]}" "$kvm_image" -- -- env
else
	skip "hello-musl under tess-vmm: tess run -e" "no usable /dev/kvm here"
fi
env_check "hello-musl under QEMU" env ONLY_HOST=from-host TESS_KVM_DEVICE=/dev/null/no-kvm tools/tess/build/tess run \
	--mem 16M "${env_args[@]}" "$kvm_image" -- env
