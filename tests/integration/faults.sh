#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Every kind of failure is reported, never a hang or silent corruption:
# panic, assertion, fault, stack smash/overflow, heap misuse, UB (crashtest app).
source "$(dirname "$0")/common.bash"
plan 43
out=$scratch/out

declare -A image
for conf in "" asan sanitize; do
	if make -s APP=apps/crashtest PLAT=linuxu CONF="$conf" >"$out" 2>&1; then
		image[${conf:-plain}]=apps/crashtest/build/linuxu${conf:+-$conf}/crashtest_linuxu-x86_64
	else
		not_ok "build crashtest (${conf:-plain})" "$out"
	fi
done

# expect_fault CONF FAULT STATUS PATTERN...
expect_fault() {
	local conf=$1 fault=$2 want=$3 s
	shift 3
	[ -n "${image[$conf]:-}" ] || return 0
	s=$(run_status "$out" timeout 20 "${image[$conf]}" "$fault")
	if [ "$s" -ne "$want" ]; then
		not_ok "$fault ($conf) exits with $want (got $s)" "$out"
		return 0
	fi
	expect_output "$fault ($conf) is reported and exits with $want" "$out" "$@"
}

expect_fault plain panic 134 'PANIC at .*apps/crashtest/main.c:[0-9]+' \
	'requested by crashtest' 'backtrace:' '#0 0x[0-9a-f]{16}' 'addr2line'
expect_fault plain assert 134 'assertion failed: zero == 1'
expect_fault plain null-write 139 'segmentation fault \(SIGSEGV\) at address 0, rip 0x' \
	' rax [0-9a-f]{16} rbx' 'backtrace:'
expect_fault plain stack-smash 134 'stack smashing detected'
expect_fault plain stack-overflow 139 'segmentation fault \(SIGSEGV\)' 'backtrace:'
expect_fault plain double-free 134 'already free \(double free'
expect_fault asan heap-overflow 134 'heap-buffer-overflow: write of 1 bytes at 0x'
expect_fault asan use-after-free 134 'heap-use-after-free: read of 1 bytes at 0x'
expect_fault asan double-free 134 'double free'
expect_fault sanitize signed-overflow 134 \
	'signed integer overflow at .*main.c:[0-9]+:[0-9]+: 2147483647 \+ 1 cannot be represented'
expect_fault sanitize null-write 134 'store to null pointer'
# Threads: an overflow into the guard page below a thread stack faults
# (linuxu protects it); blocking with nothing to wake anyone panics.
expect_fault plain thread-stack-overflow 139 'segmentation fault \(SIGSEGV\)' \
	'threads \(2 live, scheduler coop\)' '2 overflower +running +stack \[0x[0-9a-f]+, 0x[0-9a-f]+\) guard page'
expect_fault plain deadlock 134 'deadlock: every thread is blocked, no timer is armed' \
	'1 main +blocked on join' '2 stuck +blocked on nothing'
# Lock misuse panics under CONFIG_TESS_LOCK_DEBUG (crashtest's config).
expect_fault plain mutex-misuse 134 "mutex unlocked 0x[0-9a-f]+ by thread 'main', owned by 'nobody'" \
	'1 main +running'
expect_fault plain no-such-fault 2 'usage: crashtest FAULT'

# The same reports from a KVM guest: CPU exceptions go through the thin
# CPL0 stubs back to a CPL3 reporter (plat/kvm/trap_*). Under tess-vmm
# where /dev/kvm works, and always under QEMU without KVM (PVH boot; the
# full status byte comes back through COM2).
runners="tess-vmm qemu qemu-cpl0"
kvm_usable=false
tools/kvm-usable && kvm_usable=true
if make -s APP=apps/crashtest PLAT=kvm >"$out" 2>&1 &&
   make -s APP=apps/crashtest PLAT=kvm CONF=cpl0 >>"$out" 2>&1 &&
   make -s -C tools/vmm build/tess-vmm >>"$out" 2>&1 &&
   make -s -C tools/tess build/tess >>"$out" 2>&1; then
	kvm_image=apps/crashtest/build/kvm/crashtest_kvm-x86_64
	kvm0_image=apps/crashtest/build/kvm-cpl0/crashtest_kvm-x86_64
	expect_kvm_fault() {
		local fault=$1 want=$2 s
		shift 2
		if [ "$runner" = tess-vmm ] && ! $kvm_usable; then
			skip "$fault (kvm, tess-vmm)" "no usable /dev/kvm here; checked under QEMU only"
			return 0
		fi
		case $runner in
		tess-vmm)
			s=$(run_status "$out" timeout 20 tools/vmm/build/tess-vmm "$kvm_image" -- "$fault") ;;
		qemu)
			s=$(run_status "$out" env TESS_KVM_DEVICE=/dev/null/no-kvm \
				timeout 60 tools/tess/build/tess run "$kvm_image" -- "$fault") ;;
		qemu-cpl0)
			s=$(run_status "$out" env TESS_KVM_DEVICE=/dev/null/no-kvm \
				timeout 60 tools/tess/build/tess run "$kvm0_image" -- "$fault") ;;
		esac
		if [ "$s" -ne "$want" ]; then
			not_ok "$fault (kvm, $runner) exits with $want (got $s)" "$out"
			return 0
		fi
		expect_output "$fault (kvm, $runner) is reported and exits with $want" "$out" "$@"
	}
	# Hostile requests to the monitor: each refused, with its message
	# and status (69: bad request; 68: a guest fault), nothing served.
	runner=tess-vmm
	expect_kvm_fault monitor-console-outside 69 'guest console write outside its memory'
	expect_kvm_fault monitor-unknown-register 69 'guest wrote unknown monitor register 0x800'
	expect_kvm_fault monitor-fault-outside 69 'guest reported a fault at a bad address'
	expect_kvm_fault monitor-read 68 'guest read of 8 bytes at unbacked address'
	for runner in $runners; do
		# Error code: present 0, write 2, user 4 (not at CPL0).
		code=0x6 cpl=CPL3
		[ "$runner" = qemu-cpl0 ] && code=0x2 cpl=CPL0
		expect_kvm_fault null-write 139 "CPU exception 14: page fault \\(#PF\\), error code $code, address 0\$" \
			"page not present on write, from $cpl" ' rip [0-9a-f]{16} rsp' 'backtrace:' '#1 0x'
		expect_kvm_fault stack-overflow 139 'CPU exception 14: page fault' \
			"page not present on write, from $cpl" # the guard page below the boot stack
		expect_kvm_fault panic 134 'PANIC at .*main.c' 'backtrace:'
		expect_kvm_fault stack-smash 134 'stack smashing detected'
		# The unmapped guard page below the thread's stack (the CPL0
		# layer unmaps free-RAM pages on request).
		expect_kvm_fault thread-stack-overflow 139 'CPU exception 14: page fault' \
			"page not present on write, from $cpl" 'threads \(2 live, scheduler coop\)' \
			'2 overflower +running +stack \[0x[0-9a-f]+, 0x[0-9a-f]+\) guard page'
		expect_kvm_fault deadlock 134 'deadlock: every thread is blocked, no timer is armed' \
			'2 stuck +blocked on nothing'
		expect_kvm_fault double-free 134 'already free \(double free'
	done
	# At a terminal (script gives one), tess run names each backtrace
	# frame's function and file:line (from IMAGE.dbg); and the guest's
	# error stream is tess's standard error, apart from its standard
	# output.
	if $kvm_usable; then
		on_terminal "$out" timeout 20 tools/tess/build/tess run "$kvm_image" -- null-write
		expect_output "tess run names the frames of a kvm crash report" "$out" \
			'#0 0x[0-9a-f]+ in do_null_write at apps/crashtest/main.c:[0-9]+$' \
			'#1 0x[0-9a-f]+ in tess_boot_start at lib/boot/boot.c:[0-9]+$'
		timeout 20 tools/tess/build/tess run "$kvm_image" -- null-write \
			>"$scratch/stdout" 2>/dev/null
		if grep -q 'CPU exception\|backtrace' "$scratch/stdout"; then
			not_ok "a kvm guest's error stream stays off tess run's standard output" "$scratch/stdout"
		else
			ok "a kvm guest's error stream stays off tess run's standard output"
		fi
	else
		skip "tess run names the frames of a kvm crash report" "no usable /dev/kvm here"
		skip "a kvm guest's error stream stays off tess run's standard output" "no usable /dev/kvm here"
	fi
else
	not_ok "build crashtest for kvm" "$out"
fi
on_terminal "$out" timeout 20 tools/tess/build/tess run apps/crashtest/build/linuxu/crashtest_linuxu-x86_64 -- null-write
expect_output "tess run names the frames of a linuxu crash report" "$out" \
	'#0 0x[0-9a-f]+ in do_null_write at apps/crashtest/main.c:[0-9]+$'
