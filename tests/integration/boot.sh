#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Boot on linuxu: command line split at "--", library options, exit status.
source "$(dirname "$0")/common.bash"
plan 8
out=$scratch/out
make -s APP=apps/hello PLAT=linuxu >"$out" 2>&1 || { not_ok "build hello" "$out"; exit 0; }
hello=apps/hello/build/linuxu/hello_linuxu-x86_64

s=$(run_status "$out" "$hello" a b)
[ "$s" -eq 0 ] && expect_output "without -- every argument is the application's" "$out" \
	'^arg 1: a$' '^arg 2: b$' || not_ok "hello a b exits 0" "$out"

s=$(run_status "$out" "$hello" plat.mem=8M log.level=info -- x)
if [ "$s" -eq 0 ] && ! grep -q 'plat.mem' "$out"; then
	expect_output "library options before -- are consumed" "$out" '^arg 1: x$'
else
	not_ok "library options before --" "$out"
fi

s=$(run_status "$out" "$hello" bogus.option=1 -- x)
[ "$s" -eq 64 ] && expect_output "an unknown library option stops boot with status 64" "$out" \
	"unknown library option 'bogus.option'" || not_ok "unknown option (status $s)" "$out"

s=$(run_status "$out" "$hello" plat.mem=lots --)
[ "$s" -eq 64 ] && expect_output "a malformed option value is rejected" "$out" \
	"bad value for library option 'plat.mem=lots'" || not_ok "bad plat.mem (status $s)" "$out"

s=$(run_status "$out" "$hello" plat.mem=1T --)
[ "$s" -eq 64 ] && ok "an oversized memory request is rejected" ||
	not_ok "plat.mem=1T (status $s)" "$out"

s=$(run_status "$out" "$hello" noequals --)
[ "$s" -eq 64 ] && expect_output "an option without = is explained" "$out" \
	"not of the form name=value" || not_ok "noequals (status $s)" "$out"

s=$(run_status "$out" "$hello" help --)
[ "$s" -eq 0 ] && expect_output "help lists the library options" "$out" \
	'plat\.mem' 'log\.level' || not_ok "help (status $s)" "$out"

long=$(head -c 100000 /dev/zero | tr '\0' x)
s=$(run_status "$out" "$hello" "$long")
[ "$s" -eq 0 ] && ok "a 100 kB argument is passed intact" || not_ok "long argument (status $s)" "$out"
