#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# apps/lua against Debian's lua5.4: every script of tests/lua/ run by both,
# stdout, stderr and exit status compared byte for byte, on linuxu and
# under tess-vmm (the scripts shared read-only with -v, a data folder
# shared writable); then -e, arguments, scripts and input on stdin, the
# environment (tess run -e), a file the guest wrote seen on the host,
# io.popen and os.execute failing as Lua reports it, and the interactive
# prompt on a terminal.
source "$(dirname "$0")/common.bash"
scripts=(tests/lua/*.lua)
per_plat=$((${#scripts[@]} + 7))
plan $((2 * per_plat))
out=$scratch/out

if ! support/scripts/ensure-deps lua >"$out" 2>&1; then
	skip_rest "Debian's lua5.4 (the peer) cannot be installed here: $(tail -n 1 "$out")"
	exit 0
fi
for plat in linuxu kvm; do
	if ! make -s APP=apps/lua PLAT=$plat >"$out" 2>&1; then
		if grep -q 'is not in the cache' "$out"; then
			skip_rest "Debian's archive is unreachable and lua5.4 or musl is not cached"
			exit 0
		fi
		not_ok "build apps/lua for $plat" "$out"
		skip_rest "apps/lua did not build"
		exit 0
	fi
done
make -s -C tools/vmm build/tess-vmm >/dev/null 2>&1
make -s -C tools/tess build/tess >/dev/null 2>&1
tess=$root/tools/tess/build/tess

# The host runs in $work, where s/ is tests/lua and d/ the host's data
# folder; the guest runs in / with the same two names as shares. Chunk
# names (s/errors.lua:12:) and paths then read the same in both. The
# image has no time zone: the host runs in UTC. errors.lua's Lua-stack
# overflow needs about 100 MiB on either side, hence --mem.
work=$scratch/work
mkdir -p "$work/d" "$work/gd"
ln -s "$root/tests/lua" "$work/s"
host_lua() { # OUT ERR ARGS... (stdin passed on): echoes the status
	local o=$1 e=$2 s=0
	shift 2
	(cd "$work" && env -u LUA_INIT -u LUA_INIT_5_4 TZ=UTC lua5.4 "$@") >"$o" 2>"$e" || s=$?
	sed -i 's/^lua5\.4:/lua:/' "$e"
	echo "$s"
}
guest_lua() { # OUT ERR ARGS...
	local o=$1 e=$2 s=0
	shift 2
	"$tess" run "$image" --mem 256M -v "$root/tests/lua:/s:ro" -v "$work/gd:/d" -- -- "$@" >"$o" 2>"$e" || s=$?
	sed -i "s#^$image:#lua:#" "$e"
	echo "$s"
}
# same NAME ARGS...: host and guest print the same bytes and end alike.
same() {
	local name=$1 hs gs
	shift
	hs=$(host_lua "$scratch/h.out" "$scratch/h.err" "$@" <"$scratch/in")
	gs=$(guest_lua "$scratch/g.out" "$scratch/g.err" "$@" <"$scratch/in")
	if [ "$hs" != "$gs" ]; then
		{ echo "host status $hs, guest $gs"; cat "$scratch/g.err"; } >"$out"
		not_ok "$name (status differs)" "$out"
	elif ! diff "$scratch/h.out" "$scratch/g.out" >"$out"; then
		not_ok "$name (stdout differs: < host, > guest)" "$out"
	elif ! diff "$scratch/h.err" "$scratch/g.err" >"$out"; then
		not_ok "$name (stderr differs: < host, > guest)" "$out"
	else
		ok "$name"
	fi
}

for plat in linuxu kvm; do
	image=apps/lua/build/$plat/lua_$plat-x86_64
	if [ "$plat" = kvm ] && ! tools/kvm-usable; then
		for ((i = 0; i < per_plat; i++)); do skip "lua under tess-vmm" "no usable /dev/kvm here"; done
		continue
	fi
	where="$plat"
	[ "$plat" = kvm ] && where="tess-vmm"
	: >"$scratch/in"
	rm -f "$work/gd/lua-written-by-guest.txt"
	for script in "${scripts[@]}"; do
		name=$(basename "$script")
		same "$where: $name as Debian's lua5.4" "s/$name" d extra-arg
	done
	if grep -qx "written by lua Lua 5.4" "$work/gd/lua-written-by-guest.txt" 2>/dev/null; then
		ok "$where: the file fileio.lua wrote is on the host"
	else
		not_ok "$where: the file fileio.lua wrote is on the host" "$work/gd/lua-written-by-guest.txt"
	fi
	same "$where: -e chunks, then a script with arguments" \
		-e 'x = 6' -e 'print(x * 7, arg and #arg)' s/exit.lua 0 'two words' ''
	printf 'print("from stdin", ...)\nprint(io.read("a"))\n' >"$scratch/in"
	same "$where: the script on stdin (-) with arguments" - a b
	printf 'first line\n\nthird 3.5 7\n' >"$scratch/in"
	same "$where: io.lines and io.read on standard input" -e \
		'print(io.read("l")) print(io.read("L")) print(io.read("n"), io.read("n"), io.read("l"), io.read("a"), io.read("l"))'
	: >"$scratch/in"
	s=$(run_status "$out" "$tess" run "$image" -e LUA_MESSAGE=hello -e 'EMPTY=' -- -e \
		'print(os.getenv("LUA_MESSAGE"), os.getenv("EMPTY") == "", os.getenv("UNSET"))')
	status_is "$where: os.getenv sees tess run -e" 0 "$s" "$out" '^hello	true	nil$'
	s=$(run_status "$out" "$tess" run "$image" -- -e \
		'print(io.popen("ls")) print(os.execute("ls")) local ok, e = pcall(io.lines, "/no/file") print(ok, e)')
	status_is "$where: io.popen and os.execute fail as Lua reports it (no processes)" 0 "$s" "$out" \
		'^nil	ls: Function not implemented	38$' '^nil	Function not implemented	38$' \
		"^false	cannot open file '/no/file' \\(No such file or directory\\)$"
	# The prompt: the console is a terminal (script's pty); lines typed
	# at it are evaluated, expressions printed, os.exit ends the image.
	# Typed lines may come before the prompt on a busy host: the pty's echo
	# and the prompts then interleave differently, the results do not.
	(sleep 1; printf 'print(6 * 7)\n'; sleep 0.5; printf '"a" .. 1\n'; sleep 0.5; printf 'os.exit(5)\n'; sleep 1) |
		timeout 120 script -qec "$tess run $image" /dev/null 2>&1 | tr -d '\r' >"$out"
	expect_output "$where: the interactive prompt" "$out" '^Lua 5\.4\.4  Copyright' '^(> )+' \
		'^(> )*42$' '^(> )*a1$'
done
