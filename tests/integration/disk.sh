#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Disks (issue 13): tess run --disk FILE[,ro] gives the guest a virtio-blk
# device. apps/blkcheck writes, flushes, reads back and verifies patterns
# the host recomputes (python3), so each side checks the other's bytes:
# the whole disk, random writes and reads, the edges (past the end,
# read-only), two disks, a disk larger than 4 GiB. The monitor's refusals
# (missing, busy, a folder) have their own exit statuses, and its seccomp
# filter stops it on a forbidden call. The same checks on linuxu, whose
# disks are host files tess run opens and locks the same way; the kvm
# ones need tess-vmm (a usable /dev/kvm).
source "$(dirname "$0")/common.bash"
plan 35
out=$scratch/out
tess=tools/tess/build/tess

if ! make -s -C tools/tess build/tess >"$out" 2>&1; then
	not_ok "build tess" "$out"
	exit 0
fi
# blkcheck ARGS...: tess run of the current platform's apps/blkcheck.
blkcheck() { run_status "$out" "$tess" run "$image" "$@"; }

# pattern FILE SEED FIRST COUNT check|write: apps/blkcheck's pattern (the
# 8-byte word w of sector s is mix(SEED, s * 64 + w)) over sectors
# [FIRST, FIRST + COUNT) of FILE, compared or written by the host.
pattern() {
	python3 - "$@" <<'PY'
import struct, sys
path, seed, first, count, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
M = (1 << 64) - 1
def mix(i):
    z = (seed * 0x9e3779b97f4a7c15 + i) & M
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
    return z ^ (z >> 31)
with open(path, 'r+b') as f:
    for s in range(first, first + count):
        want = struct.pack('<64Q', *(mix(s * 64 + w) for w in range(64)))
        f.seek(s * 512)
        if mode == 'write':
            f.write(want)
        elif f.read(512) != want:
            print('host: sector %d differs from the pattern' % s)
            sys.exit(1)
print('host: %d sectors as the pattern says' % count)
PY
}

# lock_hold MODE FILE: a process (python3) holding flock MODE (ex, sh)
# on FILE until killed; its pid in $holder once the lock is taken.
lock_hold() {
	python3 -c 'import fcntl, sys, time
f = open(sys.argv[2])
fcntl.flock(f, fcntl.LOCK_EX if sys.argv[1] == "ex" else fcntl.LOCK_SH)
print("locked", flush=True)
time.sleep(60)' "$1" "$2" >"$scratch/lock" &
	holder=$!
	for _ in $(seq 100); do
		grep -q locked "$scratch/lock" 2>/dev/null && return
		sleep 0.1
	done
}
lock_release() {
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
}
# disk_checks PLAT: the checks of one platform's disks (15).
disk_checks() {
	local plat=$1 s s2 sum
	if ! make -s APP=apps/blkcheck PLAT="$plat" >"$out" 2>&1; then
		not_ok "$plat: build apps/blkcheck" "$out"
		return
	fi
	ok "$plat: build apps/blkcheck"
	image=apps/blkcheck/build/$plat/blkcheck_$plat-x86_64
	disk=$scratch/disk.img
	truncate -s $((8 << 20)) "$disk"
	# 300 bytes past the last whole sector: the guest sees whole sectors.
	truncate -s $(((8 << 20) + 300)) "$disk"
	s=$(blkcheck --disk "$disk" -- list)
	status_is "$plat: the guest sees the file as vda, whole sectors only" 0 "$s" "$out" \
		'^vda 16384 sectors of 512 bytes$'

	s=$(blkcheck --disk "$disk" -- fill vda 7)
	if [ "$s" -eq 0 ] && pattern "$disk" 7 0 16384 check >>"$out" 2>&1; then
		expect_output "the guest fills the whole disk; the host reads the same bytes" "$out" \
			'16384 sectors from 0 written, flushed, read back and verified' 'host: 16384 sectors'
	else
		not_ok "$plat: the guest fills the whole disk (status $s)" "$out"
	fi

	pattern "$disk" 11 100 3000 write >"$out" 2>&1
	s=$(blkcheck --disk "$disk" -- verify vda 11 100 3000)
	status_is "$plat: what the host wrote, the guest reads" 0 "$s" "$out" '3000 sectors from 100 verified'
	s=$(blkcheck --disk "$disk" -- verify vda 12 100 1)
	status_is "$plat: a wrong pattern is found (the check can fail)" 1 "$s" "$out" 'sector 100 differs'

	s=$(blkcheck --disk "$disk" -- random vda 5 3000)
	status_is "$plat: 3000 random writes and reads of 1-8 sectors, each read checked" 0 "$s" "$out" \
		'random writes and [0-9]+ reads verified'

	s=$(blkcheck --disk "$disk" -- edges vda)
	status_is "$plat: past the end is -ERANGE (34); the last sector reads and writes" 0 "$s" "$out" \
		'read past the end: -34$' 'read across the end: -34$' 'read at sector 2\^64-1: -34$' \
		'write of the last sector: 0$'

	sum=$(sha256sum <"$disk")
	s=$(blkcheck --disk "$disk,ro" -- edges vda)
	if [ "$s" -eq 0 ] && [ "$(sha256sum <"$disk")" = "$sum" ]; then
		expect_output "a read-only disk refuses writes with -EROFS (30) and stays unchanged" "$out" \
			'write of the last sector: -30$'
	else
		not_ok "$plat: read-only disk (status $s)" "$out"
	fi

	second=$scratch/second.img
	truncate -s 1M "$second"
	s=$(blkcheck --disk "$disk,ro" --disk "$second" -- fill vdb 3)
	if [ "$s" -eq 0 ] && pattern "$second" 3 0 2048 check >>"$out" 2>&1; then
		ok "$plat: two disks: vdb is the second --disk"
	else
		not_ok "$plat: two disks (status $s)" "$out"
	fi

	# Beyond 4 GiB (a sparse file): the sectors around 4 GiB and the last.
	big=$scratch/big.img
	truncate -s 5G "$big"
	last=$(((5 << 30) / 512 - 64))
	s=$(blkcheck --disk "$big" -- fill vda 21 8388576 64)
	s2=$(run_status "$scratch/out2" "$tess" run "$image" --disk "$big" -- fill vda 21 $last 64)
	cat "$scratch/out2" >>"$out"
	if [ "$s" -eq 0 ] && [ "$s2" -eq 0 ] && pattern "$big" 21 8388576 64 check >>"$out" 2>&1 &&
		pattern "$big" 21 $last 64 check >>"$out" 2>&1; then
		ok "$plat: a 5 GiB disk: sectors across 4 GiB and at the end, as the host reads them"
	else
		not_ok "$plat: 5 GiB disk (status $s, $s2)" "$out"
	fi

	# The monitor's refusals.
	s=$(blkcheck --disk "$scratch/missing.img" -- list)
	status_is "$plat: a missing disk file: status 76, named" 76 "$s" "$out" "cannot open disk .*missing.img.*No such file"
	s=$(blkcheck --disk "$scratch" -- list)
	status_is "$plat: a folder is not a disk: status 76" 76 "$s" "$out" 'is not a regular file or block device'
	lock_hold ex "$disk"
	s=$(blkcheck --disk "$disk" -- list)
	status_is "$plat: a disk locked by another process: status 77, naming it" 77 "$s" "$out" \
		"is in use by pid $holder \\(python3\\)"
	s=$(blkcheck --disk "$disk,ro" -- list)
	status_is "$plat: read-only is refused too while a writer has it" 77 "$s" "$out" 'is being written by'
	lock_release
	lock_hold sh "$disk"
	s=$(blkcheck --disk "$disk,ro" -- list)
	s2=$(run_status "$scratch/out2" "$tess" run "$image" --disk "$disk" -- list)
	cat "$scratch/out2" >>"$out"
	[ "$s" -eq 0 ] && [ "$s2" -eq 77 ] && ok "$plat: readers share a disk; a writer is refused while one reads (77)" ||
		not_ok "$plat: shared read-only (status $s, $s2)" "$out"
	lock_release
}

disk_checks linuxu

# Under QEMU (microvm's virtio-mmio, the PVH entry's discovery, IOAPIC
# interrupts): software emulation, so that every host runs it.
if ! make -s APP=apps/blkcheck PLAT=kvm >"$out" 2>&1; then
	not_ok "qemu: build apps/blkcheck for kvm" "$out"
	not_ok "qemu: read-only disk" "$out"
else
	image=apps/blkcheck/build/kvm/blkcheck_kvm-x86_64
	disk=$scratch/qemu.img
	truncate -s 1M "$disk"
	s=$(run_status "$out" env TESS_KVM_DEVICE=/dev/null/no-kvm "$tess" run "$image" \
		--disk "$disk" -- fill vda 9 0 512)
	if [ "$s" -eq 0 ] && pattern "$disk" 9 0 512 check >>"$out" 2>&1; then
		expect_output "qemu: the guest fills a disk under QEMU; the host reads the same bytes" "$out" \
			'512 sectors from 0 written, flushed, read back and verified'
	else
		not_ok "qemu: fill under QEMU (status $s)" "$out"
	fi
	s=$(run_status "$out" env TESS_KVM_DEVICE=/dev/null/no-kvm "$tess" run "$image" \
		--disk "$disk,ro" -- edges vda)
	status_is "qemu: a read-only disk under QEMU refuses writes (-30)" 0 "$s" "$out" \
		'write of the last sector: -30$' 'read past the end: -34$'
fi

if ! tools/kvm-usable; then
	skip_rest "no usable /dev/kvm here: these disks are tess-vmm's"
	exit 0
fi
disk_checks kvm

s=$(run_status "$out" tools/vmm/build/tess-vmm --disk "$disk" --seccomp-selftest "$image" -- list)
status_is "a system call outside the monitor's seccomp filter stops it (79), named" 79 "$s" "$out" \
	'system call 83 mkdir, which its seccomp filter forbids'

# A hostile guest (apps/hostile drives the registers by hand): every
# broken rule is refused with DEVICE_NEEDS_RESET and said by the monitor
# (a few times, then no more), which neither crashes nor reads outside
# guest RAM; the other disk works throughout and a reset mends the first.
if ! make -s APP=apps/hostile PLAT=kvm >"$out" 2>&1; then
	not_ok "build apps/hostile" "$out"
	not_ok "the monitor survives a hostile guest" "$out"
	exit 0
fi
ok "build apps/hostile"
for f in "$scratch/h1.img" "$scratch/h2.img"; do
	truncate -s 1M "$f"
	printf 'tessera' | dd of="$f" conv=notrunc status=none
done
s=$(run_status "$out" "$tess" run apps/hostile/build/kvm/hostile_kvm-x86_64 --mem 16M \
	--disk "$scratch/h1.img" --disk "$scratch/h2.img" -- $(((1 << 20) + (16 << 20))))
status_is "the monitor survives a hostile guest and says what it did" 0 "$s" "$out" \
	'rings far outside RAM: device needs reset' 'a buffer at the monitor.s register page: device needs reset' \
	'a chain that loops: device needs reset' 'an available index that jumps by 1000: device needs reset' \
	'the other disk works throughout' 'after a reset the broken disk works again' \
	'h1.img: the guest.s driver: queue 0: a ring is not inside guest RAM' \
	'h1.img: the guest.s driver: queue 0: buffer at 0xd0000000 \(16 bytes, chain 0\) is outside guest RAM' \
	'h1.img: more errors of the guest.s driver are not shown'
