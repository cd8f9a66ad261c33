#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds musl for Tessera (static, x86_64, system calls through tess_syscall_table) into build/ext/musl/VERSION.
#
# usage: ext/musl/build.sh [--out DIR]
# Fetches the source with tools/fetch-src (its exit status is passed on:
# 4 = archive unreachable and nothing cached), configures and builds
# libc.a, checks that no system call instruction is left in it, and
# installs include/, lib/libc.a and lib/crt*.o into DIR (default
# build/ext/musl/VERSION). Prints DIR. Does nothing when DIR was built
# from the same recipe, patches and script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=recipe
. "$here/recipe"

out=""
case "${1:-}" in
--out) out=${2:?--out needs a folder} ;;
--help | -h) sed -n '4,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
"") ;;
*) echo "build.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
esac
out=${out:-$root/build/ext/musl/$TESS_EXT_VERSION}

"$root/support/scripts/ensure-deps" build >&2
case "$(gcc -dumpmachine)" in
x86_64-*) ;;
*) echo "build.sh: ext/musl builds for x86_64 only; gcc targets $(gcc -dumpmachine)" >&2; exit 1 ;;
esac

# Everything the result depends on; a change rebuilds.
stamp=$(cat "$here/recipe" "$here/build.sh" "$here"/patches/*.patch \
	"$root/support/scripts/gen-syscall-numbers" | sha256sum | cut -d' ' -f1)
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
if [ -f "$out/lib/libc.a" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "$out"
	exit 0
fi
rm -rf "${out:?}/include" "${out:?}/lib" "${out:?}/obj" "${out:?}/.stamp"

status=0
"$root/tools/fetch-src" "$TESS_EXT_PACKAGE" "$TESS_EXT_VERSION" \
	--sha256 "$TESS_EXT_ORIG_SHA256" --patches "$here/patches" \
	--dest "$out/src" >/dev/null || status=$?
[ "$status" -eq 0 ] || exit "$status"

# The system call numbers patch 0008 calls directly, from the kernel's
# headers (the same generator lib/syscall's numbers come from).
"$root/support/scripts/gen-syscall-numbers" "$out/numbers.h"
sed -n 's/^TESS_SYSCALL_NAME(\([0-9]*\), .*/\1/p' "$out/numbers.h" |
	awk '$1 < 512 { printf "TESS_SYSCALL_DIRECT(%d)\n", $1 }' \
		>"$out/src/arch/x86_64/tess_syscall_direct.h"

# -fno-pie: Tessera images are -static -no-pie. Frame pointers kept for
# Tessera's backtraces. No -mno-red-zone: musl reaches the kernel only by
# function calls, which never write below the caller's stack pointer, and
# the kvm interrupt upcall steps over the 128-byte red zone. musl decides
# per file where the stack protector must stay off.
cflags="-O2 -g -fno-pie -fno-omit-frame-pointer"
mkdir -p "$out/obj"
log=$out/build.log
if ! (cd "$out/obj" && "$out/src/configure" --disable-shared --prefix="$out" \
	CC=gcc CFLAGS="$cflags" && make -j"$(nproc)" AR=ar RANLIB=ranlib &&
	make install-headers install-libs AR=ar RANLIB=ranlib) >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "build.sh: building musl failed (log: $log)" >&2
	exit 1
fi

# The point of the patches: not one system call instruction in the libc.
left=$(objdump -d "$out/lib/libc.a" "$out"/lib/crt*.o |
	grep -cP '\t(syscall|sysenter|int\s+\$0x80)\s*$' || true)
if [ "$left" -ne 0 ]; then
	echo "build.sh: $left system call instructions left in $out/lib/libc.a" >&2
	exit 1
fi
echo "$stamp" >"$out/.stamp"
echo "$out"
