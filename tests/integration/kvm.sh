#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The kvm platform and the monitor: hello boots as a VM, the monitor's
# errors have distinct exit statuses. Checks that need /dev/kvm are skipped
# (and said to be) where it is not usable.
source "$(dirname "$0")/common.bash"
plan 20
out=$scratch/out
vmm=tools/vmm/build/tess-vmm

if ! make -s -C tools/vmm build/tess-vmm >"$out" 2>&1 ||
   ! make -s APP=apps/hello PLAT=kvm >"$out" 2>&1; then
	not_ok "build the monitor and hello for kvm" "$out"
	exit 0
fi
hello=apps/hello/build/kvm/hello_kvm-x86_64

# Errors found before KVM is touched.
s=$(run_status "$out" $vmm)
[ "$s" -eq 64 ] && expect_output "no image is a usage error (64)" "$out" 'usage: tess run IMAGE' ||
	not_ok "no image (status $s)" "$out"
s=$(run_status "$out" $vmm --mem lots "$hello")
[ "$s" -eq 64 ] && expect_output "a bad --mem is a usage error" "$out" '--mem needs a size' ||
	not_ok "bad --mem (status $s)" "$out"
s=$(run_status "$out" $vmm --mem 17592186044480M "$hello")
[ "$s" -eq 64 ] && expect_output "a --mem that overflows 64 bits is a usage error (it used to wrap to 64M)" "$out" \
	'--mem needs a size' || not_ok "--mem 17592186044480M (status $s)" "$out"
s=$(run_status "$out" $vmm README.md)
[ "$s" -eq 66 ] && expect_output "a file that is not an ELF is refused (66)" "$out" 'README.md: not an ELF file' ||
	not_ok "not an ELF (status $s)" "$out"
s=$(run_status "$out" $vmm "$(command -v gcc)" 2>/dev/null)
[ "$s" -eq 66 ] || [ "$s" -eq 67 ] && ok "a host program is refused (status $s)" ||
	not_ok "host program (status $s)" "$out"
s=$(run_status "$out" $vmm --mem 64K "$hello")
[ "$s" -eq 67 ] && expect_output "an image larger than --mem is refused (67)" "$out" 'does not fit in guest memory' ||
	not_ok "image larger than --mem (status $s)" "$out"
head -c 3000 "$hello" >"$scratch/truncated"
s=$(run_status "$out" $vmm "$scratch/truncated")
[ "$s" -eq 66 ] && expect_output "a truncated image is refused" "$out" 'truncated' ||
	not_ok "truncated image (status $s)" "$out"

# The QEMU fallback (no KVM: TCG, PVH boot) works on every machine.
tess=tools/tess/build/tess
if make -s -C tools/tess build/tess >"$out" 2>&1; then
	s=$(run_status "$out" env TESS_KVM_DEVICE=/dev/null/no-kvm $tess run "$hello" -- one 'two words')
	[ "$s" -eq 0 ] && expect_output "without KVM, tess run boots hello under QEMU and says so" "$out" \
		'falling back to QEMU software emulation' '^Hello, world!$' '^arg 1: one$' '^arg 2: two words$' ||
		not_ok "hello under QEMU (status $s)" "$out"
	s=$(run_status "$out" env TESS_KVM_DEVICE=/dev/null/no-kvm $tess run "$hello" -- bogus.option=1 --)
	[ "$s" -eq 64 ] && expect_output "the guest's exit status comes back through QEMU" "$out" \
		"unknown library option 'bogus.option'" || not_ok "exit status under QEMU (status $s)" "$out"
	s=$(run_status "$out" timeout 60 qemu-system-x86_64 -M microvm -m 8M -nodefaults -no-user-config \
		-nographic -no-reboot -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$hello" -append "hello -- a")
	[ "$s" -eq 141 ] && expect_output "plain qemu -kernel without a TSC frequency stops with a clear error" "$out" \
		'the TSC frequency is unknown' 'pass plat.tsc_khz=KHZ' ||
		not_ok "plain qemu -kernel (status $s, expected 141 = 70 << 1 | 1)" "$out"
	# With KVM, plain qemu -kernel needs no plat.tsc_khz: the PVH entry
	# reads it from kvmclock, and it agrees with what tess-vmm was told by
	# KVM_GET_TSC_KHZ (to 1%). QEMU gets the -cpu model with which it can
	# use this host's KVM (tess host; on some AMD hosts "max" aborts).
	qemu_kvm=$(host_fact qemu-kvm)
	if ! tools/kvm-usable; then
		skip "plain qemu -kernel with KVM takes the TSC frequency from kvmclock" "no usable /dev/kvm here"
	elif [ "${qemu_kvm#-cpu }" = "$qemu_kvm" ]; then
		skip "plain qemu -kernel with KVM takes the TSC frequency from kvmclock" \
			"QEMU cannot use this host's KVM: ${qemu_kvm#unusable: }"
	else
		s=$(run_status "$out" timeout 60 qemu-system-x86_64 -M microvm,x-option-roms=off -accel kvm \
			$qemu_kvm -m 8M -nodefaults -no-user-config -nographic -no-reboot -serial stdio \
			-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$hello" -append "hello log.level=debug -- a")
		guest_khz=$(sed -n 's/.*plat-kvm: TSC at \([0-9]*\) kHz.*/\1/p' "$out")
		run_status "$scratch/vmm" $vmm "$hello" -- log.level=debug -- >/dev/null
		vmm_khz=$(sed -n 's/.*plat-kvm: TSC at \([0-9]*\) kHz.*/\1/p' "$scratch/vmm")
		if [ "$s" -eq 1 ] && grep -q '^arg 1: a$' "$out" && [ -n "$guest_khz" ] && [ -n "$vmm_khz" ] &&
		   [ $((guest_khz * 100 / vmm_khz)) -ge 99 ] && [ $((guest_khz * 100 / vmm_khz)) -le 101 ]; then
			ok "plain qemu -kernel with KVM ($qemu_kvm) takes the TSC frequency from kvmclock ($guest_khz kHz; tess-vmm: $vmm_khz)"
		else
			echo "tess-vmm said: ${vmm_khz:-nothing}" >>"$out"
			not_ok "qemu -kernel with KVM ($qemu_kvm), kvmclock (status $s, expected 1)" "$out"
		fi
	fi
	s=$(run_status "$out" timeout 60 qemu-system-x86_64 -M pc -m 16M -nodefaults -no-user-config \
		-nographic -no-reboot -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$hello" -append "hello plat.tsc_khz=2000000 -- a")
	[ "$s" -eq 1 ] && expect_output "hello boots under qemu -M pc (firmware, PVH)" "$out" \
		'Hello, world!$' '^arg 1: a$' || not_ok "qemu -M pc (status $s, expected 1 = 0 << 1 | 1)" "$out"
	# A guest that runs and sleeps longer than the firmware's PIT tick
	# (55 ms), which the legacy PIC would deliver at vector 8 unless the
	# PVH entry masks it.
	if make -s APP=apps/ticker PLAT=kvm >"$out" 2>&1; then
		s=$(run_status "$out" timeout 120 qemu-system-x86_64 -M pc -m 16M -nodefaults -no-user-config \
			-nographic -no-reboot -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 \
			-kernel apps/ticker/build/kvm/ticker_kvm-x86_64 \
			-append "ticker plat.tsc_khz=2000000 -- 3 100")
		[ "$s" -eq 1 ] && expect_output "a guest running past the PIT's first tick under qemu -M pc is not interrupted by it" "$out" \
			'^tick 3$' '^ticker: done$' || not_ok "ticker under qemu -M pc (status $s, expected 1)" "$out"
	else
		not_ok "build apps/ticker for kvm" "$out"
	fi
else
	not_ok "build tools/tess" "$out"
fi

# The CPL0 variant (hardware KVM) under QEMU, and refused on kvm-pvm.
if make -s APP=apps/hello PLAT=kvm CONF=cpl0 >"$out" 2>&1; then
	hello0=apps/hello/build/kvm-cpl0/hello_kvm-x86_64
	s=$(run_status "$out" env TESS_KVM_DEVICE=/dev/null/no-kvm $tess run "$hello0" -- x)
	[ "$s" -eq 0 ] && expect_output "the CPL0 variant of hello boots under QEMU" "$out" '^Hello, world!$' '^arg 1: x$' ||
		not_ok "CPL0 hello under QEMU (status $s)" "$out"
	if ! tools/kvm-usable; then
		skip "tess-vmm refuses a CPL0 image on kvm-pvm" "no usable /dev/kvm here"
	elif [ "$(host_fact kvm-pvm)" != yes ]; then
		skip "tess-vmm refuses a CPL0 image on kvm-pvm" "this KVM is not kvm-pvm (it runs CPL0 images)"
	else
		s=$(run_status "$out" $vmm "$hello0")
		[ "$s" -eq 65 ] && expect_output "tess-vmm refuses a CPL0 image on kvm-pvm (65)" "$out" \
			'runs at CPL0.*kvm-pvm.*build the default CPL3 variant' ||
			not_ok "CPL0 image on kvm-pvm (status $s)" "$out"
	fi
else
	not_ok "build hello for kvm, CPL0 variant" "$out"
fi

if ! tools/kvm-usable; then
	skip_rest "no usable /dev/kvm here: hello was not booted under tess-vmm"
	exit 0
fi
s=$(run_status "$out" make -s APP=apps/hello PLAT=kvm run ARGS="one 'two words'")
[ "$s" -eq 0 ] && expect_output "make run boots hello as a KVM guest" "$out" \
	'^Hello, world!$' '^arg 1: one$' '^arg 2: two words$' || not_ok "hello on kvm (status $s)" "$out"
s=$(run_status "$out" $vmm --trace-boot "$hello")
[ "$s" -eq 0 ] && expect_output "--trace-boot prints the boot stages" "$out" \
	'VM created' 'first VM exit' 'guest exit' || not_ok "--trace-boot (status $s)" "$out"
s=$(run_status "$out" $vmm "$hello" -- bogus.option=1 --)
[ "$s" -eq 64 ] && expect_output "the guest's exit status comes back through the monitor" "$out" \
	"unknown library option 'bogus.option'" || not_ok "guest exit status (status $s)" "$out"
# plat.mem on kvm lowers the memory the image uses (the heap shrinks to
# fit), and asking for more than the VM has says where memory comes from.
if make -s APP=apps/ticker PLAT=kvm >"$out" 2>&1; then
	s=$(run_status "$out" $vmm --mem 16M apps/ticker/build/kvm/ticker_kvm-x86_64 -- plat.mem=8M log.level=info -- 1 1)
	heap=$(sed -n "s/.*heap '[a-z]*': \([0-9]*\) KiB.*/\1/p" "$out" | head -n 1)
	[ "$s" -eq 0 ] && [ -n "$heap" ] && [ "$heap" -gt 7000 ] && [ "$heap" -le 8192 ] &&
		ok "plat.mem=8M in a 16M VM leaves a heap under 8M ($heap KiB)" ||
		not_ok "plat.mem=8M in a 16M VM (status $s, heap '$heap' KiB)" "$out"
	s=$(run_status "$out" $vmm --mem 16M apps/ticker/build/kvm/ticker_kvm-x86_64 -- plat.mem=64M -- 1 1)
	status_is "plat.mem beyond the VM's memory is refused, pointing at tess run -m" 64 "$s" "$out" \
		"plat.mem=64M: this VM has 16384 KiB; a kvm guest's memory is its monitor's to give \(tess run -m 64M\)"
else
	not_ok "build apps/ticker for kvm" "$out"
	skip "plat.mem beyond the VM's memory is refused, pointing at tess run -m" "no ticker image"
fi
