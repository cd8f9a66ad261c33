#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# An unmodified Linux program in an image: tests/compat/hello_static.c,
# built with the host's musl as a static PIE, runs natively first, then
# inside apps/linuxbin under tess-vmm (where /dev/kvm is usable), under
# QEMU without KVM (also in the CPL0 variant) and on linuxu: its lines, arguments and exit status 7,
# no "not implemented" system call; truncated copies are refused. Also
# lib/elfexec's host tests on the real program.
source "$(dirname "$0")/common.bash"
plan 66 # 15 here and lib/elfexec's 51 host tests
out=$scratch/out
kvm_image=apps/linuxbin/build/kvm/linuxbin_kvm-x86_64
linuxu_image=apps/linuxbin/build/linuxu/linuxbin_linuxu-x86_64
program=apps/linuxbin/build/kvm/linuxbin/hello_static

if ! make -s -j"$(nproc)" APP=apps/linuxbin PLAT=kvm >"$out" 2>&1 ||
   ! make -s -j"$(nproc)" APP=apps/linuxbin PLAT=linuxu >>"$out" 2>&1 ||
   ! make -s -C tools/vmm build/tess-vmm >>"$out" 2>&1 ||
   ! make -s -C tools/tess build/tess >>"$out" 2>&1; then
	not_ok "apps/linuxbin builds for kvm and linuxu" "$out"
	exit 0
fi
ok "apps/linuxbin builds for kvm and linuxu (hello_static with musl-gcc, static PIE)"

file "$program" >"$out" 2>&1 || true
expect_output "hello_static is a static PIE" "$out" "static-pie linked"

# expect_program NAME STATUS SYSTEM FILE: the program's lines for the
# arguments a and "b c", its status 7 and who answered uname.
expect_program() {
	local name=$1 status=$2 system=$3 file=$4
	if [ "$status" -ne 7 ]; then
		not_ok "$name exits with the program's status 7 (got $status)" "$file"
		return
	fi
	if grep -q "not implemented" "$file"; then
		not_ok "$name: no system call it makes is missing" "$file"
		return
	fi
	expect_output "$name: its lines, arguments and status 7, no missing system call" "$file" \
		'^hello_static: argc=3$' '^hello_static: argv\[1\]=a$' \
		'^hello_static: argv\[2\]=b c$' '^hello_static: malloc 102400 bytes ok$' \
		'^hello_static: monotonic ok, wall clock after 2020 yes$' \
		"^hello_static: pid [0-9]+, system $system\$" '^hello_static: thread joined$' \
		'^hello_static: stderr works$' '^hello_static: exiting with 7$'
}

status=$(run_status "$out" "$program" a "b c")
expect_program "natively on the host" "$status" Linux "$out"

make -s -C lib/elfexec/tests/host BUILD="$scratch/elfexec-host" test \
	PROGRAM="$root/$program" >"$out" 2>&1 ||
	not_ok "lib/elfexec host tests build and pass" "$out"
grep -E '^(ok|not ok) - |^# ' "$out"

# In an image on kvm getpid is Tessera's (1) and uname says Tessera: the
# calls went through lib/syscall's table.
if tools/kvm-usable; then
	status=$(run_status "$out" tools/vmm/build/tess-vmm --mem 16M "$kvm_image" -- a "b c")
	expect_program "under tess-vmm" "$status" Tessera "$out"
	expect_output "under tess-vmm: getpid answered by posix-process" "$out" '^hello_static: pid 1,'
else
	skip "under tess-vmm: the program's lines" "no usable /dev/kvm here"
	skip "under tess-vmm: getpid answered by posix-process" "no usable /dev/kvm here"
fi
qemu() { env TESS_KVM_DEVICE=/dev/null/no-kvm timeout 300 tools/tess/build/tess run --mem 16M "$@"; }
status=$(run_status "$out" qemu "$kvm_image" -- a "b c")
expect_program "under QEMU (TCG)" "$status" Tessera "$out"
expect_output "under QEMU: getpid answered by posix-process" "$out" '^hello_static: pid 1,'
# The CPL0 variant (hardware KVM): there the program's syscall instruction
# runs at CPL0 too, and the entry returns by restoring the flags and
# jumping (no sysretq, which would drop to CPL3).
if make -s -j"$(nproc)" APP=apps/linuxbin PLAT=kvm CONF=cpl0 >"$out" 2>&1; then
	status=$(run_status "$out" qemu apps/linuxbin/build/kvm-cpl0/linuxbin_kvm-x86_64 -- a "b c")
	expect_program "in the CPL0 variant under QEMU (TCG)" "$status" Tessera "$out"
else
	not_ok "apps/linuxbin builds in the CPL0 variant" "$out"
fi

# linuxu: the program's system calls go to the host kernel.
status=$(run_status "$out" "$linuxu_image" a "b c")
expect_program "on linuxu" "$status" Linux "$out"

# expect_refused NAME FILE STATUS PATTERN: the loader's message, status 126,
# and none of the program's lines.
expect_refused() {
	local name=$1 file=$2 status=$3 pat=$4
	if [ "$status" -ne 126 ] || grep -q '^hello_static:' "$file"; then
		not_ok "$name is refused with status 126 (got $status)" "$file"
		return
	fi
	expect_output "$name is refused with status 126 and says why" "$file" "$pat" \
		'linuxbin: the program \([0-9]+ bytes\) did not run'
}
size=$(stat -c %s "$program")
# The end of the last loaded byte in the file (offset + file size of a LOAD).
load_end=0
while read -r type offset _ _ filesz _; do
	[ "$type" = LOAD ] || continue
	end=$((offset + filesz))
	[ $end -gt $load_end ] && load_end=$end
done < <(readelf -lW "$program" | awk '$1 == "LOAD" { print $1, $2, $3, $4, $5, $6 }')
cut=$((load_end - 1))
for run in linuxu kvm; do
	for case in "30:truncated: 30 bytes" "200:program headers past the end" \
		    "$cut:bytes outside the file"; do
		n=${case%%:*} pat=${case#*:}
		if [ $run = linuxu ]; then
			status=$(run_status "$out" "$linuxu_image" linuxbin.truncate="$n" -- a)
		elif tools/kvm-usable; then
			status=$(run_status "$out" tools/vmm/build/tess-vmm --mem 16M "$kvm_image" -- linuxbin.truncate="$n" -- a)
		else
			status=$(run_status "$out" qemu "$kvm_image" -- linuxbin.truncate="$n" -- a)
		fi
		expect_refused "$run: the program cut to $n of $size bytes" "$out" "$status" "$pat"
	done
done
