#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# tools/fetch-src: musl from Debian's archive through the machine's apt, the offline cache, every error status.
source "$(dirname "$0")/common.bash"
plan 16
out=$scratch/out
fetch=tools/fetch-src
. ext/musl/recipe
pkg=$TESS_EXT_PACKAGE ver=$TESS_EXT_VERSION

# A private cache, seeded from the user's so an offline machine that has
# fetched before still runs every check that needs no network.
real_cache=${TESS_CACHE:-$HOME/.cache/tessera}
export TESS_CACHE=$scratch/cache
mkdir -p "$TESS_CACHE/src"
[ -d "$real_cache/apt/lists" ] && cp -a "$real_cache/apt" "$TESS_CACHE/"
[ -d "$real_cache/src/$pkg/$ver" ] && mkdir -p "$TESS_CACHE/src/$pkg" &&
	cp -a "$real_cache/src/$pkg/$ver" "$TESS_CACHE/src/$pkg/"
cached=$TESS_CACHE/src/$pkg/$ver
orig=$cached/${pkg}_${ver%-*}.orig.tar.gz

# apt sources that cannot be reached (a closed local port), for the
# no-network cases; http_proxy too, in case apt.conf names a proxy.
mkdir -p "$scratch/unreachable"
printf 'Types: deb\nURIs: http://127.0.0.1:9/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
	>"$scratch/unreachable/x.sources"
offline() {
	FETCH_SRC_SOURCELIST=/dev/null FETCH_SRC_SOURCEPARTS=$scratch/unreachable \
		http_proxy=http://127.0.0.1:9 "$@"
}

s=$(run_status "$out" $fetch --help)
[ "$s" -eq 0 ] && expect_output "--help documents usage and exit statuses" "$out" \
	'^usage: tools/fetch-src PACKAGE VERSION' 'not in the cache' 'does not apply' ||
	not_ok "--help (status $s)" "$out"

# The deb-src list is derived from the system's own sources.
s=$(run_status "$out" $fetch --print-sources)
sys_uris=$(awk -F': *' 'tolower($1) == "uris" { print $2 }' /etc/apt/sources.list.d/*.sources 2>/dev/null | sort -u)
got_uris=$(awk -F': *' '$1 == "URIs" { print $2 }' "$out" | sort -u)
if [ "$s" -eq 0 ] && grep -qx 'Types: deb-src' "$out" && ! grep -qx 'Types: deb' "$out" &&
   { [ -z "$sys_uris" ] || [ "$sys_uris" = "$got_uris" ]; }; then
	ok "--print-sources turns the system's deb entries into deb-src ones"
else
	not_ok "--print-sources (status $s, system URIs: $sys_uris)" "$out"
fi
printf '%s\n' '# a comment' \
	'deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example.invalid/debian bookworm main contrib' \
	'deb http://unsigned.example.invalid/repo stable main' >"$scratch/one.list"
mkdir -p "$scratch/noparts"
s=$(run_status "$out" env FETCH_SRC_SOURCELIST="$scratch/one.list" FETCH_SRC_SOURCEPARTS="$scratch/noparts" \
	$fetch --print-sources)
[ "$s" -eq 0 ] && expect_output "one-line entries: Debian-keyring ones kept, others ignored with a note" "$out" \
	'^URIs: http://mirror.example.invalid/debian$' '^Components: main contrib$' \
	"ignoring .*one.list:3 \(http://unsigned.example.invalid/repo\): not signed by" ||
	not_ok "one-line sources (status $s)" "$out"
grep -q unsigned.example.invalid/repo "$out" && grep -q '^URIs: http://unsigned' "$out" &&
	not_ok "an unsigned entry was kept" "$out"

# The real fetch. Skipped only when the archive is unreachable and
# nothing is cached (then the status must say exactly that).
s=$(run_status "$out" $fetch "$pkg" "$ver" --sha256 "$TESS_EXT_ORIG_SHA256" --dest "$scratch/musl")
if [ "$s" -eq 4 ] && [ ! -d "$cached" ]; then
	expect_output "without network and cache fetch-src exits 4 and says why" "$out" 'cannot reach the archive'
	skip_rest "Debian's archive is unreachable and $pkg $ver is not cached"
	exit 0
fi
patched=$(grep -c '^patch ' "$scratch/musl/.fetch-src" 2>/dev/null)
if [ "$s" -eq 0 ] && [ -f "$scratch/musl/Makefile" ] && [ "$patched" -eq "$(ls ext/musl/patches/*.patch | wc -l)" ] &&
   grep -q tess_syscall_table "$scratch/musl/arch/x86_64/syscall_arch.h" &&
   [ "$(sha256sum <"$orig" | cut -d' ' -f1)" = "$TESS_EXT_ORIG_SHA256" ]; then
	ok "musl $ver fetched, its tarball has the recipe's SHA256, unpacked, all $patched patches applied"
else
	not_ok "fetch musl (status $s, $patched patches)" "$out"
fi
network=1
grep -q "apt-get update failed" "$out" && network=0

# Offline from the cache: apt must not run at all.
mkdir -p "$scratch/fakebin"
for tool in apt-get apt-cache; do
	printf '#!/bin/sh\necho "%s $*" >>"%s"\nexit 100\n' "$tool" "$scratch/apt-calls" >"$scratch/fakebin/$tool"
	chmod +x "$scratch/fakebin/$tool"
done
rm -rf "$scratch/musl2"
s=$(run_status "$out" offline env PATH="$scratch/fakebin:$PATH" $fetch "$pkg" "$ver" --dest "$scratch/musl2")
if [ "$s" -eq 0 ] && [ ! -e "$scratch/apt-calls" ] && diff -r -q "$scratch/musl" "$scratch/musl2" >/dev/null; then
	ok "a second run works from the cache without running apt"
else
	not_ok "offline second run (status $s; apt calls: $(cat "$scratch/apt-calls" 2>/dev/null))" "$out"
fi
s=$(run_status "$out" $fetch "$pkg" "$ver" --dest "$scratch/musl2")
[ "$s" -eq 0 ] && ok "DEST made by fetch-src is replaced" || not_ok "replacing DEST (status $s)" "$out"
mkdir -p "$scratch/mine"
s=$(run_status "$out" $fetch "$pkg" "$ver" --dest "$scratch/mine")
[ "$s" -eq 1 ] && expect_output "a DEST fetch-src did not make is refused" "$out" 'was not made by fetch-src' ||
	not_ok "foreign DEST (status $s)" "$out"

s=$(run_status "$out" $fetch nosuchpackage-tessera 1.0-1 --dest "$scratch/x")
[ "$s" -eq 2 ] && expect_output "an unknown package exits 2" "$out" "unknown source package 'nosuchpackage-tessera'" ||
	not_ok "unknown package (status $s)" "$out"
s=$(run_status "$out" $fetch "$pkg" 0.0.1-9 --dest "$scratch/x")
[ "$s" -eq 3 ] && expect_output "an unknown version exits 3 and lists the known ones" "$out" \
	"version '0.0.1-9' of $pkg is not available; known:.* $ver" || not_ok "unknown version (status $s)" "$out"
s=$(run_status "$out" offline env TESS_CACHE="$scratch/empty-cache" $fetch "$pkg" "$ver" --dest "$scratch/x")
[ "$s" -eq 4 ] && expect_output "no network and no cache exits 4" "$out" 'cannot reach the archive and .* is not in the cache' ||
	not_ok "no network, no cache (status $s)" "$out"

# A corrupted cached tarball is found; with the archive it is fetched again.
if [ "$network" -eq 1 ]; then
	echo corrupt >>"$orig"
	s=$(run_status "$out" $fetch "$pkg" "$ver" --dest "$scratch/musl2")
	[ "$s" -eq 0 ] && [ "$(sha256sum <"$orig" | cut -d' ' -f1)" = "$TESS_EXT_ORIG_SHA256" ] &&
		expect_output "a corrupted cached tarball is detected and fetched again" "$out" \
			"does not match its SHA256.*fetching again" || not_ok "refetch a corrupted tarball (status $s)" "$out"
else
	skip "refetch a corrupted tarball" "Debian's archive is unreachable"
fi
cp "$orig" "$scratch/orig.good"
printf 'x' | dd of="$orig" bs=1 seek=1000 conv=notrunc 2>/dev/null
s=$(run_status "$out" offline $fetch "$pkg" "$ver" --dest "$scratch/musl2")
[ "$s" -eq 6 ] && expect_output "a corrupted cache without network exits 6" "$out" \
	'corrupted cache .*does not match its SHA256' || not_ok "corrupted cache offline (status $s)" "$out"
cp "$scratch/orig.good" "$orig"
s=$(run_status "$out" offline $fetch "$pkg" "$ver" --sha256 0000 --dest "$scratch/musl2")
[ "$s" -eq 6 ] && expect_output "a tarball that is not the recipe's exits 6" "$out" 'not the SHA256 the recipe expects' ||
	not_ok "--sha256 mismatch (status $s)" "$out"

# Our patches: one that does not apply stops with 5 and names it.
mkdir -p "$scratch/patches"
cp ext/musl/patches/0001-*.patch "$scratch/patches/"
printf '%s\n' 'Deliberately stale.' '--- a/README' '+++ b/README' '@@ -1,3 +1,3 @@' \
	'-this line is not in musl' '+replacement' ' nor is this' ' or this' >"$scratch/patches/0002-stale.patch"
rm -rf "$scratch/musl3"
s=$(run_status "$out" offline $fetch "$pkg" "$ver" --patches "$scratch/patches" --dest "$scratch/musl3")
if [ "$s" -eq 5 ] && [ ! -e "$scratch/musl3" ]; then
	expect_output "a patch that does not apply exits 5, names the patch and leaves no tree" "$out" \
		"patch 0002-stale.patch does not apply to $pkg $ver"
else
	not_ok "stale patch (status $s)" "$out"
fi
s=$(run_status "$out" offline $fetch "$pkg" "$ver" --patches "$scratch/nonexistent" --dest "$scratch/musl3")
[ "$s" -eq 1 ] && expect_output "a missing patch folder is an error" "$out" 'no patch folder' ||
	not_ok "missing patch folder (status $s)" "$out"

# No package-registry host name in any tracked file: the archive's
# location comes from the machine's apt configuration only. The names
# are taken from that configuration (and assembled here, so this file
# does not contain them either).
hosts=$( { awk -F': *' 'tolower($1) == "uris" { print $2 }' /etc/apt/sources.list.d/*.sources 2>/dev/null
	grep -hE '^deb(-src)? ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		sed 's/\[[^]]*\]//' | awk '{ print $2 }'; } | tr ' ' '\n' | sed -n 's|^[a-z+]*://\([^/:]*\).*|\1|p' | sort -u)
for part in deb ftp security snapshot; do hosts="$hosts $part.debian.org"; done
for part in archive security; do hosts="$hosts $part.ubuntu.com"; done
: >"$scratch/hits"
for h in $hosts; do
	git ls-files -z | xargs -0 grep -n -F -- "$h" >>"$scratch/hits" 2>/dev/null
done
[ -s "$scratch/hits" ] && not_ok "registry host names appear in tracked files" "$scratch/hits" ||
	ok "no package-registry host name in tracked files ($(echo $hosts | wc -w) names checked)"
