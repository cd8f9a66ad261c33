#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The monitor's parsers of what a guest hands it, under libFuzzer: a short
# run in make test (15 s; a longer one: make -C tools/vmm fuzz
# FUZZ_SECONDS=3600). Any crash (a read outside guest RAM, undefined
# arithmetic) fails it, with the input that caused it.
source "$(dirname "$0")/common.bash"
plan 1
out=$scratch/out
if ! support/scripts/ensure-deps fuzz >"$out" 2>&1; then
	skip "the virtqueue parser survives libFuzzer" "clang's libFuzzer cannot be installed here: $(tail -n 1 "$out")"
	exit 0
fi
s=$(run_status "$out" make -s -C tools/vmm BUILD="$scratch/vmm" fuzz FUZZ_SECONDS=15)
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out")
if [ "$s" -eq 0 ] && [ -n "$runs" ]; then
	ok "the virtqueue parser survives libFuzzer ($runs inputs, no crash)"
else
	not_ok "the virtqueue parser under libFuzzer (status $s)" "$out"
fi
