# SPDX-License-Identifier: BSD-3-Clause
# Helpers for integration scripts: each check prints "ok - name" or
# "not ok - name" followed by the evidence.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	[ -n "${2:-}" ] && sed 's/^/    | /' "$2" | tail -n 30
	return 0
}

# expect_output NAME FILE PATTERN...: every extended regexp matches a line of
# FILE. Reports either way and returns 0, so `cond && expect_output || not_ok`
# reports exactly once.
expect_output() {
	local name=$1 file=$2 pat
	shift 2
	for pat in "$@"; do
		if ! grep -Eq -- "$pat" "$file"; then
			not_ok "$name (no line matching '$pat')" "$file"
			return 0
		fi
	done
	ok "$name"
}

# run_status FILE CMD...: runs CMD with output in FILE, echoes the status.
run_status() {
	local file=$1
	shift
	"$@" >"$file" 2>&1
	echo $?
}

# status_is NAME WANT GOT FILE PATTERN...: the status and every pattern.
status_is() {
	local name=$1 want=$2 got=$3 file=$4
	shift 4
	if [ "$got" -ne "$want" ]; then
		not_ok "$name (status $got, expected $want)" "$file"
	else
		expect_output "$name" "$file" "$@"
	fi
}
