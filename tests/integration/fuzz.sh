#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The monitor's parsers of what a guest hands it, under libFuzzer: the
# virtqueue, the virtio-mmio transport, the virtio-net device model and
# the 9P server (which must also never reach outside its share), a short
# run each in make test; and the guest's cpio walk (lib/initrd),
# which reads whatever archive it is given
# (10 s; a longer one: make -C tools/vmm fuzz FUZZ_SECONDS=3600). Any crash (a read outside guest RAM, undefined
# arithmetic) fails it, with the input that caused it.
source "$(dirname "$0")/common.bash"
plan 6
out=$scratch/out
if ! support/scripts/ensure-deps fuzz >"$out" 2>&1; then
	skip_rest "clang's libFuzzer cannot be installed here: $(tail -n 1 "$out")"
	exit 0
fi
s=$(run_status "$out" make -s -C tools/vmm BUILD="$scratch/vmm" fuzz FUZZ_SECONDS=10)
for what in "the virtqueue parser" "the virtio-mmio transport" \
	"the virtio-net device model" "the 9P server over a shared folder"; do
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out" | head -n 1)
	sed -i '0,/^Done [0-9]* runs/{/^Done [0-9]* runs/d}' "$out"
	if [ "$s" -eq 0 ] && [ -n "$runs" ]; then
		ok "$what survives libFuzzer ($runs inputs, no crash)"
	else
		not_ok "$what under libFuzzer (status $s)" "$out"
	fi
done

# The initrd's cpio walk, over archives of the fuzzer's making.
fuzz_cpio=$scratch/cpio_fuzz
s=$(run_status "$out" clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Ilib/initrd/include -o "$fuzz_cpio" \
	lib/initrd/cpio.c lib/initrd/tests/cpio_fuzz.c)
[ "$s" -eq 0 ] && mkdir -p "$scratch/cpio_corpus" &&
	s=$(run_status "$out" "$fuzz_cpio" -max_total_time=10 -print_final_stats=1 "$scratch/cpio_corpus")
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out" | head -n 1)
if [ "$s" -eq 0 ] && [ -n "$runs" ]; then
	ok "the initrd's cpio walk survives libFuzzer ($runs inputs, no crash)"
else
	not_ok "the initrd's cpio walk under libFuzzer (status $s)" "$out"
fi

# The 9P client's parsing of replies (lib/9pfs), over replies of the
# fuzzer's making.
fuzz_p9c=$scratch/p9_msg_fuzz
s=$(run_status "$out" clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -o "$fuzz_p9c" lib/9pfs/p9_msg.c lib/9pfs/tests/p9_msg_fuzz.c)
[ "$s" -eq 0 ] && mkdir -p "$scratch/p9c_corpus" &&
	s=$(run_status "$out" "$fuzz_p9c" -max_total_time=10 -print_final_stats=1 "$scratch/p9c_corpus")
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out" | head -n 1)
if [ "$s" -eq 0 ] && [ -n "$runs" ]; then
	ok "the 9P client's reply parsing survives libFuzzer ($runs inputs, no crash)"
else
	not_ok "the 9P client's reply parsing under libFuzzer (status $s)" "$out"
fi
