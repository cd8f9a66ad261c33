#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The build system: images, configuration errors, interface enforcement,
# the size report and the test runner's failure detection.
source "$(dirname "$0")/common.bash"
plan 26
out=$scratch/out

# hello builds and runs, from the top and from its own folder.
s=$(run_status "$out" make APP=apps/hello PLAT=linuxu run ARGS="one 'two words'")
if [ "$s" -eq 0 ]; then
	expect_output "make run prints the greeting and arguments" "$out" \
		'^Hello, world!$' '^arg 1: one$' '^arg 2: two words$'
else
	not_ok "make APP=apps/hello PLAT=linuxu run exits 0 (got $s)" "$out"
fi
s=$(run_status "$out" make -C apps/hello)
[ "$s" -eq 0 ] && ok "make -C apps/hello builds" || not_ok "make -C apps/hello builds" "$out"

# The shipped image is stripped; IMAGE.dbg beside it resolves addresses.
for plat in linuxu kvm; do
	image=apps/hello/build/$plat/hello_$plat-x86_64
	make -s APP=apps/hello PLAT=$plat >"$out" 2>&1
	main=$(nm "$image.dbg" 2>/dev/null | awk '$3 == "main" { print $1 }')
	readelf -S "$image" >"$scratch/sections" 2>&1
	if [ -n "$main" ] && ! grep -q '\.symtab\|\.debug_' "$scratch/sections" &&
	   grep -q '\.gnu_debuglink' "$scratch/sections" &&
	   addr2line -f -e "$image.dbg" "0x$main" 2>&1 | head -n 2 | tr '\n' ' ' |
		grep -q '^main .*apps/hello/main.c:[0-9]'; then
		ok "the $plat image is stripped and $(basename "$image").dbg resolves its addresses"
	else
		cat "$scratch/sections" >>"$out"
		not_ok "stripped $plat image with a .dbg beside it (main at '$main')" "$out"
	fi
done

s=$(run_status "$out" make APP=apps/hello PLAT=linuxu size)
if [ "$s" -eq 0 ]; then
	expect_output "make size lists bytes per library" "$out" \
		'^library +text +rodata +data +bss +total$' '^boot +[0-9]+' \
		'^nolibc +[0-9]+' '^app +[0-9]+' '^total +[0-9]+'
else
	not_ok "make size" "$out"
fi
# Every byte of the image belongs to a row: musl's included, and the
# total is what readelf says the loadable segments take in memory.
s=$(run_status "$out" make APP=apps/hello-musl PLAT=kvm size)
total=$(awk '$1 == "total" { print $NF }' "$out")
loaded=0
for memsz in $(readelf -lW apps/hello-musl/build/kvm/hello-musl_kvm-x86_64 | awk '$1 == "LOAD" { print $6 }'); do
	loaded=$((loaded + memsz))
done
if [ "$s" -eq 0 ] && grep -Eq '^musl \(ext\) +[0-9]+' "$out" && [ -n "$total" ] && [ "$total" = "$loaded" ]; then
	ok "make size of a musl image lists musl, and its total is the image's loaded bytes ($total)"
else
	echo "readelf's LOAD segments: $loaded bytes" >>"$out"
	not_ok "make size of a musl image (status $s, total '$total')" "$out"
fi

# Clear errors for unknown names.
s=$(run_status "$out" make APP=apps/nope)
[ "$s" -ne 0 ] && expect_output "unknown application is named" "$out" \
	"unknown application 'apps/nope'.*known applications:.*hello" ||
	not_ok "unknown application fails" "$out"
s=$(run_status "$out" make APP=apps/hello PLAT=xen)
[ "$s" -ne 0 ] && expect_output "unknown platform is named" "$out" \
	"unknown platform 'xen' \(known platforms: .*linuxu" ||
	not_ok "unknown platform fails" "$out"
s=$(run_status "$out" make APP=apps/hello CONF=nope)
[ "$s" -ne 0 ] && expect_output "unknown saved configuration is named" "$out" \
	"unknown configuration 'nope'" || not_ok "unknown CONF fails" "$out"

# A saved config asking for a library without its dependency.
app=$scratch/needy
mkdir -p "$app/defconfigs"
printf '$(LIB)_SRCS-y += main.c\n' >"$app/Makefile.uk"
printf 'int main(void) { return 0; }\n' >"$app/main.c"
printf 'CONFIG_TESS_TEST=y\n# CONFIG_TESS_NOLIBC is not set\n' >"$app/defconfigs/linuxu"
s=$(run_status "$out" make APP="$app" PLAT=linuxu)
[ "$s" -ne 0 ] && expect_output "a library whose dependency is not selected is reported" "$out" \
	"sets CONFIG_TESS_TEST, but its dependencies are not met \(depends on TESS_NOLIBC \|\| TESS_EXT_MUSL\)" ||
	not_ok "dependency error fails the build" "$out"
# Two members of one choice: the one Kconfig did not take is named.
printf 'CONFIG_TESS_NOLIBC=y\nCONFIG_TESS_ALLOC=y\nCONFIG_TESS_SCHED=y\nCONFIG_TESS_SCHED_PREEMPT=y\nCONFIG_TESS_SCHED_COOP=y\nCONFIG_TESS_NO_SUCH_LIBRARY=y\n' >"$app/defconfigs/linuxu"
rm -rf "$app/build"
s=$(run_status "$out" make APP="$app" PLAT=linuxu)
[ "$s" -ne 0 ] && expect_output "a choice set twice and an unknown option are named" "$out" \
	"sets CONFIG_TESS_SCHED_(PREEMPT|COOP), but the choice it belongs to took CONFIG_TESS_SCHED_(COOP|PREEMPT); set only one of them" \
	"sets CONFIG_TESS_NO_SUCH_LIBRARY, which no Config.uk defines" ||
	not_ok "a choice set twice fails the build (status $s)" "$out"

# An application that needs a library the config leaves out.
printf '$(LIB)_SRCS-y += main.c\n$(LIB)_REQUIRES := test\n' >"$app/Makefile.uk"
printf 'CONFIG_TESS_NOLIBC=y\n' >"$app/defconfigs/linuxu"
rm -rf "$app/build"
s=$(run_status "$out" make APP="$app" PLAT=linuxu)
[ "$s" -ne 0 ] && expect_output "an application's missing library is named" "$out" \
	"application needy needs test \(CONFIG_TESS_TEST\) which is not selected" ||
	not_ok "missing required library fails the build" "$out"
# Mending the saved config is enough: the next build configures again from
# it (it used to keep failing with the stale error until distclean).
sleep 1 # a newer modification time than the build's config
printf 'CONFIG_TESS_NOLIBC=y\nCONFIG_TESS_TEST=y\n' >"$app/defconfigs/linuxu"
s=$(run_status "$out" make APP="$app" PLAT=linuxu)
[ "$s" -eq 0 ] && grep -qx 'CONFIG_TESS_TEST=y' "$app/build/linuxu/.config" &&
	ok "a mended saved config is picked up by the next build, no distclean needed" ||
	not_ok "a mended saved config after a missing-library error (status $s)" "$out"

# Choosing musl is one line: it turns nolibc off and brings the system-call
# table, the POSIX layers a C library needs and a heap.
app=$scratch/one-choice
mkdir -p "$app/defconfigs"
printf '$(LIB)_SRCS-y += main.c\n' >"$app/Makefile.uk"
printf '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { char *p = malloc(100000); printf("musl malloc %%s\\n", p ? "ok" : "failed"); return 0; }\n' >"$app/main.c"
printf 'CONFIG_TESS_EXT_MUSL=y\n' >"$app/defconfigs/linuxu"
s=$(run_status "$out" make APP="$app" PLAT=linuxu)
if [ "$s" -ne 0 ] && grep -q 'is not in the cache' "$out"; then
	skip "a saved config of one line, CONFIG_TESS_EXT_MUSL=y, builds a musl program" \
		"Debian's archive is unreachable and musl is not cached"
else
	s=$(run_status "$out" "$app/build/linuxu/one-choice_linuxu-x86_64")
	[ "$s" -eq 0 ] && ! grep -qx 'CONFIG_TESS_NOLIBC=y' "$app/build/linuxu/.config" &&
		expect_output "a saved config of one line, CONFIG_TESS_EXT_MUSL=y, builds a musl program" "$out" \
			'^musl malloc ok$' || not_ok "musl chosen alone (status $s)" "$out"
fi

# Reaching into another library's internals fails to link: linuxu's
# linuxu_sigaction is global inside the platform but not exported.
cat >"$app/main.c" <<'C'
int linuxu_sigaction(int sig, void *handler, unsigned long flags);
int main(void) { return linuxu_sigaction(0, 0, 0); }
C
printf '$(LIB)_SRCS-y += main.c\n' >"$app/Makefile.uk"
rm -rf "$app/build"
s=$(run_status "$out" make APP="$app" PLAT=linuxu)
[ "$s" -ne 0 ] && expect_output "an unexported symbol cannot be linked against" "$out" \
	"undefined reference to .linuxu_sigaction" ||
	not_ok "using an unexported symbol fails to link" "$out"

# The runner fails when a test fails.
s=$(run_status "$out" make APP=apps/tests PLAT=linuxu CONF=failing)
if [ "$s" -ne 0 ]; then
	not_ok "build apps/tests CONF=failing" "$out"
else
	s=$(run_status "$out" apps/tests/build/linuxu-failing/tests_linuxu-x86_64 test)
	if [ "$s" -ne 0 ] && [ "$(tail -n 1 "$out")" = "4 passed, 1 failed" ]; then
		ok "a deliberately failing test makes the run fail"
	else
		not_ok "a deliberately failing test makes the run fail (status $s)" "$out"
	fi
fi

# Filters select suites and single tests.
img=apps/tests/build/linuxu-failing/tests_linuxu-x86_64
s=$(run_status "$out" "$img" test.failed_assertion_returns_from_the_test)
[ "$s" -eq 0 ] && [ "$(tail -n 1 "$out")" = "1 passed, 0 failed" ] &&
	ok "a suite.test filter runs one test" || not_ok "suite.test filter" "$out"

# Saved configs: savedefconfig writes the app's defconfigs/<plat>, defconfig
# starts over from it, and a hand edit that breaks a dependency is reported.
app=$scratch/saver
mkdir -p "$app"
printf '$(LIB)_SRCS-y += main.c\n' >"$app/Makefile.uk"
printf 'int main(void) { return 7; }\n' >"$app/main.c"
s=$(run_status "$out" make APP="$app" PLAT=linuxu defconfig)
[ "$s" -eq 0 ] && expect_output "an app without a saved config starts from defaults, and says so" "$out" \
	"has no saved config for linuxu" || not_ok "defconfig without a saved config" "$out"
s=$(run_status "$out" make APP="$app" PLAT=linuxu savedefconfig)
if [ "$s" -eq 0 ] && [ -f "$app/defconfigs/linuxu" ]; then
	ok "savedefconfig writes defconfigs/linuxu"
else
	not_ok "savedefconfig writes defconfigs/linuxu" "$out"
fi
make -s APP="$app" PLAT=linuxu >"$out" 2>&1
s=$(run_status "$out" "$app/build/linuxu/saver_linuxu-x86_64")
[ "$s" -eq 7 ] && ok "main's return value is the exit status" || not_ok "exit status 7 (got $s)" "$out"
echo "CONFIG_TESS_ALLOC_TLSF=y" >>"$app/build/linuxu/.config"
s=$(run_status "$out" make APP="$app" PLAT=linuxu)
[ "$s" -ne 0 ] && expect_output "a hand-edited .config with an unmet dependency is reported" "$out" \
	"hand-edited .*\.config sets CONFIG_TESS_ALLOC_TLSF, but its dependencies are not met \(depends on TESS_ALLOC\)" ||
	not_ok "hand-edited .config with unmet dependency fails" "$out"
s=$(run_status "$out" make APP="$app" PLAT=linuxu defconfig)
s2=$(run_status "$out" make APP="$app" PLAT=linuxu)
[ "$s" -eq 0 ] && [ "$s2" -eq 0 ] && ok "defconfig restores a buildable configuration" ||
	not_ok "defconfig after a broken .config (status $s, $s2)" "$out"
# A saved config that changes after the build folder was made (a pull, a
# checkout) is picked up, and the build says so.
sleep 1 # a newer modification time than the build's .config
echo "CONFIG_TESS_RANDOM=y" >>"$app/defconfigs/linuxu"
s=$(run_status "$out" make APP="$app" PLAT=linuxu)
[ "$s" -eq 0 ] && grep -qx 'CONFIG_TESS_RANDOM=y' "$app/build/linuxu/.config" &&
	expect_output "a changed saved config is used again, with a note" "$out" \
		'defconfigs/linuxu is newer than .*\.config: configuring again from it' ||
	not_ok "a changed saved config (status $s)" "$out"

# The layering check (support/scripts/check-layers) on objects made here:
# "low" (core) calls "high" (posix) and "other" (core).
layers=$scratch/layers
mkdir -p "$layers"
printf 'void high_fn(void); void other_fn(void);\nvoid low_fn(void) { high_fn(); other_fn(); }\n' >"$layers/low.c"
printf 'void high_fn(void) {}\n' >"$layers/high.c"
printf 'void other_fn(void) {}\n' >"$layers/other.c"
for f in low high other; do gcc -c -o "$layers/$f.o" "$layers/$f.c"; done
check_layers() { support/scripts/check-layers --lib "low:core:$1:$2:$layers/low.o" \
	--lib "high:posix:::$layers/high.o" --lib "other:core:::$layers/other.o"; }
s=$(run_status "$out" check_layers "high other" "")
[ "$s" -eq 1 ] && expect_output "an upward call fails the layering check, naming both and the symbol" "$out" \
	'^layering: low \(core\) calls high \(posix\), a higher layer: high_fn; have high register with low instead' ||
	not_ok "an upward call fails the layering check (status $s)" "$out"
s=$(run_status "$out" check_layers "" "high")
[ "$s" -eq 1 ] && expect_output "a call its REQUIRES does not list fails the layering check" "$out" \
	"^layering: low calls other \(other_fn\) but its Makefile.uk's low_REQUIRES does not list other$" ||
	not_ok "an undeclared dependency fails the layering check (status $s)" "$out"
s=$(run_status "$out" check_layers "other" "high")
[ "$s" -eq 0 ] && ok "declared calls, and an upward one named in CALLS_UP, pass the layering check" ||
	not_ok "declared calls pass the layering check (status $s)" "$out"
