#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Host unit tests of the tools, tess-vmm and tess (ASan + UBSan builds);
# their "ok -" lines count in the total.
source "$(dirname "$0")/common.bash"
plan 356 # the host test programs' checks
out=$scratch/out
if ! make -s -C tools/vmm BUILD="$scratch/vmm" test >"$out" 2>&1; then
	not_ok "tools/vmm host tests build and pass" "$out"
fi
grep -E '^(ok|not ok) - |^# ' "$out"
if ! make -s -C tools/tess BUILD="$scratch/tess" test >"$out" 2>&1; then
	not_ok "tools/tess host tests build and pass" "$out"
fi
grep -E '^(ok|not ok) - |^# ' "$out"
