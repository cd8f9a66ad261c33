#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# ext/musl: the patched libc.a has no system call instruction, and a host program linked with it makes every system call through tess_syscall_table.
source "$(dirname "$0")/common.bash"
plan 27 # 7 here and the host program's 20
out=$scratch/out
. ext/musl/recipe

# Built once per recipe (build/ext/musl/VERSION, reused while the recipe,
# patches and build script are unchanged).
s=$(run_status "$out" ext/musl/build.sh)
if [ "$s" -eq 4 ]; then
	expect_output "without network and cache the musl build says why (status 4)" "$out" 'cannot reach the archive'
	skip_rest "Debian's archive is unreachable and musl $TESS_EXT_VERSION is not cached"
	exit 0
fi
musl=$(tail -n 1 "$out")
if [ "$s" -ne 0 ] || [ ! -f "$musl/lib/libc.a" ]; then
	not_ok "build ext/musl (status $s)" "$out"
	exit 0
fi
ok "ext/musl builds libc.a, headers and crt objects into ${musl#"$root"/}"

count_syscalls() {
	objdump -d "$@" | grep -cP '\t(syscall|sysenter|int\s+\$0x80)\s*$'
}
n=$(count_syscalls "$musl/lib/libc.a" "$musl"/lib/crt1.o "$musl"/lib/crti.o "$musl"/lib/crtn.o)
[ "$n" -eq 0 ] && ok "objdump finds no syscall/sysenter/int 0x80 instruction in libc.a and crt objects" ||
	{ objdump -d "$musl/lib/libc.a" | grep -P '\t(syscall|sysenter)\s*$' | head >"$scratch/left"; not_ok "$n system call instructions left" "$scratch/left"; }
# The check can fail: the same libc.a without our patches is full of them.
echo 'long f(void) { long r; __asm__ volatile("syscall" : "=a"(r) : "a"(39L) : "rcx", "r11"); return r; }' >"$scratch/sc.c"
gcc -c -o "$scratch/sc.o" "$scratch/sc.c" && n=$(count_syscalls "$scratch/sc.o")
[ "$n" -eq 1 ] && ok "the instruction count sees a syscall instruction where there is one" ||
	not_ok "syscall counter on a control object found $n"

nm "$musl/lib/libc.a" 2>/dev/null | grep -E ' U (tess_syscall_table|tess_syscall_missing|tess_clone)$' |
	sort -u | awk '{ print $2 }' >"$scratch/undef"
[ "$(tr '\n' ' ' <"$scratch/undef")" = "tess_clone tess_syscall_missing tess_syscall_table " ] &&
	ok "libc.a needs exactly tess_syscall_table, tess_syscall_missing and tess_clone from Tessera" ||
	not_ok "Tessera symbols libc.a needs" "$scratch/undef"

# The host program: musl + a shim whose table runs real Linux system calls.
cflags="-O2 -g -fno-pie -Wall -Wextra -Werror -Wno-unused-parameter -nostdinc -isystem $musl/include"
t=ext/musl/tests
if gcc $cflags -c -o "$scratch/shim.o" $t/host_shim.c >"$out" 2>&1 &&
   gcc $cflags -c -o "$scratch/app.o" $t/host_app.c >>"$out" 2>&1 &&
   gcc -static -no-pie -nostdlib -o "$scratch/app" "$musl/lib/crt1.o" "$musl/lib/crti.o" \
	"$scratch/app.o" "$scratch/shim.o" "$musl/lib/libc.a" "$(gcc -print-libgcc-file-name)" \
	"$musl/lib/crtn.o" >>"$out" 2>&1; then
	ok "a host program links against the patched libc.a and crt1.o"
else
	not_ok "link the host program" "$out"
	exit 0
fi
timeout 60 "$scratch/app" >"$out" 2>"$scratch/err"
s=$?
cat "$out"
checks=$(grep -c '^ok - ' "$out")
[ "$s" -eq 0 ] && [ "$checks" -ge 20 ] && ok "the host program passed its $checks checks" ||
	not_ok "host program (status $s, $checks ok)" "$scratch/err"
expect_output "tess_syscall_missing was called for the unimplemented numbers" "$scratch/err" \
	'not implemented: 400$' 'not implemented: 100000$'
