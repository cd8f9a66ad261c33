#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The tess command-line tool (tools/tess): list, new, build, run on linuxu,
# on kvm through tess-vmm and through the QEMU fallback (a fake
# qemu-system-x86_64 that records its arguments), and its errors. The
# checks run the ASan/UBSan build of tess; a temporary application is
# removed at the end, also when a check fails.
source "$(dirname "$0")/common.bash"
plan 53
out=$scratch/out
app=tess-test-$$
export TESS_INSTANCE_DIR=$scratch/instances
trap 'rm -rf "$scratch" "apps/$app" "apps/$app-posix"' EXIT

if ! make -s -C tools/tess >"$out" 2>&1; then
	not_ok "build tools/tess" "$out"
	exit 0
fi
tess=tools/tess/build/tess-san

# list
s=$(run_status "$out" tools/tess/build/tess list)
status_is "tess list shows applications, libraries and both platforms" 0 "$s" "$out" \
	'^applications' '^  hello +prints a greeting' '^  tests ' '^  crashtest ' \
	'^libraries' '^  nolibc +minimal freestanding C library' '^  alloc-tlsf ' '^  boot$' \
	'^platforms' '^  kvm +the image as a KVM' '^  linuxu +the image as a plain'
grep -q 'common' "$out" && not_ok "tess list leaves out plat/common" "$out" ||
	ok "tess list leaves out plat/common"
s=$(run_status "$out" $tess list plats)
[ "$s" -eq 0 ] && [ "$(cut -d' ' -f1 "$out" | tr '\n' ' ')" = "kvm linuxu " ] &&
	ok "tess list plats lists only the platforms" || not_ok "tess list plats (status $s)" "$out"
s=$(run_status "$out" $tess list gadgets)
status_is "tess list of an unknown kind is a usage error" 64 "$s" "$out" "unknown kind 'gadgets'"
s=$(run_status "$out" $tess list drivers)
status_is "tess list drivers lists the drivers/<bus>/ libraries" 0 "$s" "$out" '^block/ramblk +a disk in memory' '^virtio/virtio-blk +virtio disks'

# Usage errors (ps, stop, logs and rm: instances.sh).
s=$(run_status "$out" $tess frobnicate)
status_is "an unknown subcommand is a usage error (64)" 64 "$s" "$out" \
	"unknown subcommand 'frobnicate'" '^usage: tess SUBCOMMAND'
s=$(run_status "$out" $tess build hello --fast)
status_is "an unknown option is a usage error" 64 "$s" "$out" "tess build: unknown option '--fast'"
s=$(run_status "$out" $tess build)
status_is "a missing argument is a usage error" 64 "$s" "$out" 'no application given'
s=$(run_status "$out" $tess build hello --plat)
status_is "an option without its value is a usage error" 64 "$s" "$out" '--plat needs a value'
s=$(run_status "$out" $tess build hello --plat vax)
status_is "an unknown platform is a usage error naming the known ones" 64 "$s" "$out" \
	"unknown platform 'vax'; known: kvm linuxu"
s=$(run_status "$out" $tess build no-such-app)
status_is "a nonexistent application is an error of its own (66)" 66 "$s" "$out" \
	"no application 'no-such-app'.*known applications: $(cd apps && ls -d */ | tr -d / | sort | tr '\n' ' ' | sed 's/ $//')"
s=$(run_status "$out" $tess configure no-such-app --plat kvm)
status_is "tess configure of a nonexistent application (66)" 66 "$s" "$out" "no application 'no-such-app'"
s=$(run_status "$out" $tess run no-such-app)
status_is "tess run of something that is neither image nor application (66), said once" 66 "$s" "$out" \
	"^tess run: no image file or application 'no-such-app' \\(an image's path, or a folder"
[ "$(wc -l <"$out")" -eq 1 ] || not_ok "tess run of a wrong path says it in one line" "$out"
s=$(run_status "$out" $tess run hello --mem lots)
status_is "tess run --mem with a bad size is a usage error" 64 "$s" "$out" '--mem needs a size'
s=$(run_status "$out" $tess run hello -m 16K)
status_is "tess run -m 16K says in tess run's words what a kvm guest takes" 64 "$s" "$out" \
	'^tess run: --mem 16K: a kvm guest takes whole 4K pages from 64K to 3G$' '^usage: tess run IMAGE\|APP'
s=$(run_status "$out" $tess run --help)
status_is "tess run --help explains the subcommand" 0 "$s" "$out" '^usage: tess run IMAGE\|APP' 'QEMU'

# new
s=$(run_status "$out" $tess new "$app")
if [ "$s" -eq 0 ] && [ -f "apps/$app/main.c" ] && [ -f "apps/$app/defconfigs/linuxu" ] &&
   [ -f "apps/$app/defconfigs/kvm" ] &&
   grep -q '^include \.\./\.\./support/build/app-folder\.mk$' "apps/$app/Makefile" &&
   grep -q 'REQUIRES := nolibc' "apps/$app/Makefile.uk"; then
	ok "tess new creates apps/NAME from the template"
else
	not_ok "tess new (status $s)" "$out"
fi
s=$(run_status "$out" make APP="apps/$app" PLAT=linuxu run ARGS="x 'y z'")
status_is "the new application builds and runs on linuxu" 0 "$s" "$out" \
	"^Hello from $app\$" '^arg 1: x$' '^arg 2: y z$'
s=$(run_status "$out" make -C "apps/$app" PLAT=kvm)
[ "$s" -eq 0 ] && ok "the new application builds for kvm" || not_ok "new app on kvm (status $s)" "$out"
# A POSIX program on nolibc: the compiler's error is followed by where
# the header is.
cp "apps/$app/main.c" "$scratch/main.c"
printf '#include <pthread.h>\n' | cat - "$scratch/main.c" >"apps/$app/main.c"
s=$(run_status "$out" make APP="apps/$app" PLAT=linuxu)
[ "$s" -ne 0 ] && expect_output "a nolibc app that includes pthread.h is told to use musl or the posix template" "$out" \
	'pthread.h: No such file' '^hint: pthread.h is not in nolibc' 'tess new NAME --template posix' 'CONFIG_TESS_EXT_MUSL=y' ||
	not_ok "pthread.h on nolibc (status $s)" "$out"
cp "$scratch/main.c" "apps/$app/main.c"
# Outside the tree (--dir): it names the folder it made, and how to run
# it from here, by path.
mkdir -p "$scratch/elsewhere"
s=$(run_status "$out" $tess new away --dir "$scratch/elsewhere")
status_is "tess new --dir names the folder it made and how to run it" 0 "$s" "$out" \
	"^created $scratch/elsewhere/away\$" "tess run $scratch/elsewhere/away\$"
# The POSIX template: an ordinary C program on musl, threads and clocks.
s=$(run_status "$out" $tess new "$app-posix" --template posix)
if [ "$s" -ne 0 ]; then
	not_ok "tess new --template posix (status $s)" "$out"
	not_ok "the POSIX template runs on kvm" "$out"
elif ! s=$(run_status "$out" $tess run "$app-posix" --plat linuxu -- a) && grep -q 'is not in the cache' "$out"; then
	skip "the POSIX template runs on linuxu" "Debian's archive is unreachable and musl is not cached"
	skip "the POSIX template runs on kvm" "Debian's archive is unreachable and musl is not cached"
else
	status_is "tess new --template posix makes a musl program with threads that runs on linuxu" 0 "$s" "$out" \
		"^Hello from $app-posix\$" '^arg 1: a$' '^hello from a thread, joined$' '^the wall clock is past 2020: yes$'
	s=$(run_status "$out" timeout 120 $tess run "$app-posix" -- a)
	status_is "the POSIX template runs on kvm" 0 "$s" "$out" \
		"^Hello from $app-posix\$" '^arg 1: a$' '^hello from a thread, joined$' '^the wall clock is past 2020: yes$'
fi
s=$(run_status "$out" $tess list apps)
status_is "tess list shows the new application" 0 "$s" "$out" "^$app +prints a greeting"
s=$(run_status "$out" $tess new "$app")
status_is "tess new refuses an existing folder (73)" 73 "$s" "$out" "apps/$app already exists"
[ -f "apps/$app/main.c" ] && ok "the existing application is left alone" ||
	not_ok "existing application was touched" "$out"
for bad in Hello 'a/b' 'a.b' "$(printf 'a%.0s' {1..65})"; do
	s=$(run_status "$out" $tess new "$bad")
	status_is "tess new refuses the name '${bad:0:20}'" 64 "$s" "$out" 'invalid application name'
done
s=$(run_status "$out" $tess new -- -x)
status_is "tess new refuses a name starting with '-'" 64 "$s" "$out" "'-x': it starts with '-'"
ls -a apps | grep -q '^\.' && [ "$(ls -a apps | grep -c '^\.tess')" -eq 0 ] &&
	ok "tess new leaves no temporary folder behind" || not_ok "temporary folder left in apps/" "$out"

# build
s=$(run_status "$out" $tess build hello)
[ "$s" -eq 0 ] && [ "$(tail -n 1 "$out")" = apps/hello/build/kvm/hello_kvm-x86_64 ] &&
	ok "tess build builds for kvm by default and prints the image path last" || not_ok "tess build (status $s)" "$out"
s=$(run_status "$out" $tess build apps/hello --plat linuxu)
[ "$s" -eq 0 ] && [ "$(tail -n 1 "$out")" = apps/hello/build/linuxu/hello_linuxu-x86_64 ] &&
	ok "tess build takes a path and --plat linuxu" || not_ok "tess build --plat linuxu (status $s)" "$out"
s=$(cd "$scratch" && run_status "$out" "$root/$tess" build hello)
[ "$s" -eq 0 ] && [ "$(tail -n 1 "$out")" = "$root/apps/hello/build/kvm/hello_kvm-x86_64" ] &&
	ok "tess finds the tree from its own location when run elsewhere" ||
	not_ok "tess build from another folder (status $s)" "$out"
s=$(run_status "$out" $tess build hello --conf nosuch)
status_is "a failing build is an error of its own (70)" 70 "$s" "$out" \
	"unknown configuration 'nosuch'" 'make failed for hello on kvm'

# run on linuxu: arguments in, main's status out.
cat >"apps/$app/main.c" <<'C'
/* SPDX-License-Identifier: BSD-3-Clause */
/* A tess test application: prints its arguments, returns argc + 40. */
#include <stdio.h>

int main(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	return argc + 40;
}
C
image=apps/$app/build/linuxu/${app}_linuxu-x86_64
s=$(run_status "$out" $tess run "$app" --plat linuxu -- one "two words")
status_is "tess run of an app on linuxu passes the arguments and returns main's status" 43 "$s" "$out" \
	'^arg 1: one$' '^arg 2: two words$'
s=$(run_status "$out" $tess run "$image" --mem 16M -- plat.mem=8M -- x)
status_is "tess run of a linuxu image with --mem keeps the library options apart" 42 "$s" "$out" '^arg 1: x$'
s=$(run_status "$out" $tess run "$image" --qemu)
status_is "--qemu with a linuxu image is a usage error" 64 "$s" "$out" '--qemu runs kvm images'

hello=apps/hello/build/kvm/hello_kvm-x86_64
if tools/kvm-usable; then
	s=$(run_status "$out" $tess run hello -- one "two words")
	status_is "tess run boots hello under tess-vmm" 0 "$s" "$out" \
		'^Hello, world!$' '^arg 1: one$' '^arg 2: two words$'
	s=$(run_status "$out" $tess run "$hello" --trace-boot -- bogus.option=1 --)
	status_is "tess run passes --trace-boot and returns the guest's status" 64 "$s" "$out" \
		'VM created' "unknown library option 'bogus.option'"
else
	skip "tess run boots hello under tess-vmm" "no usable /dev/kvm here"
	skip "tess run passes --trace-boot and returns the guest's status" "no usable /dev/kvm here"
fi

# An image that is up to date is not rebuilt, and make says nothing about it.
$tess build hello --plat kvm >/dev/null 2>&1
s=$(run_status "$out" $tess build hello --plat kvm)
[ "$s" -eq 0 ] && ! grep -q 'Nothing to be done' "$out" && [ "$(wc -l <"$out")" -eq 1 ] &&
	ok "building an up-to-date application prints only the image's path" ||
	not_ok "an up-to-date build (status $s)" "$out"

# The QEMU fallback, up to QEMU being started: a fake QEMU records its
# arguments and exits with $FAKE_QEMU_STATUS. Started paused (-S), it is
# tess's probe of QEMU with KVM: it records that and exits with
# $FAKE_QEMU_PROBE_STATUS, saying why on stderr as QEMU does.
mkdir -p "$scratch/bin" "$scratch/empty"
cat >"$scratch/bin/qemu-system-x86_64" <<SH
#!/bin/sh
case " \$* " in
*" -S "*)
	printf '%s\n' "\$*" >>"$scratch/qemu-probes"
	[ "\${FAKE_QEMU_PROBE_STATUS:-0}" -eq 0 ] ||
		echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
	exit \${FAKE_QEMU_PROBE_STATUS:-0} ;;
esac
printf '%s\n' "\$@" >"$scratch/qemu-argv"
exit \${FAKE_QEMU_STATUS:-0}
SH
chmod +x "$scratch/bin/qemu-system-x86_64"
argv=$scratch/qemu-argv
nokvm=$scratch/no-kvm
s=$(PATH="$scratch/bin:$PATH" TESS_KVM_DEVICE=$nokvm FAKE_QEMU_STATUS=7 \
	run_status "$out" $tess run "$hello" --mem 32M -- one "it's")
status_is "without KVM tess run says it falls back to QEMU" 3 "$s" "$out" \
	"^tess run: /dev/kvm not usable \\($nokvm: No such file or directory.*\\); falling back to QEMU software emulation$"
[ "$s" -eq 3 ] && ok "QEMU status 7 maps back to guest status 3" || not_ok "status 7 -> $s" "$out"
if [ -f "$argv" ] && grep -qxF -- "$hello" "$argv"; then
	grep -A1 -xF -- -kernel "$argv" | tail -n 1 >"$scratch/kernel"
	grep -A1 -xF -- -append "$argv" | tail -n 1 >"$scratch/append"
	[ "$(cat "$scratch/kernel")" = "$hello" ] &&
	grep -qxE "$hello plat\.tsc_khz=[1-9][0-9]{3,7} -- one 'it'\\\\''s'" "$scratch/append" &&
	grep -qxF 'isa-debug-exit,iobase=0xf4,iosize=4' "$argv" &&
	grep -qxF 'isa-serial,iobase=0x2f8,irq=3,chardev=tess-status' "$argv" &&
	grep -qxF 'microvm,x-option-roms=off,acpi=off' "$argv" &&
	grep -A1 -xF -- -accel "$argv" | grep -qx tcg &&
	grep -A1 -xF -- -m "$argv" | grep -qx 32M &&
	grep -qxF -- -no-reboot "$argv" &&
		ok "QEMU gets -kernel IMAGE, the quoted -append line with the TSC frequency, isa-debug-exit, the COM2 status port, TCG, --mem" ||
		not_ok "QEMU arguments" "$argv"
else
	not_ok "the fake QEMU was started with the image" "$out"
fi
s=$(PATH="$scratch/bin:$PATH" TESS_KVM_DEVICE=$nokvm FAKE_QEMU_STATUS=0 run_status "$out" $tess run "$hello")
status_is "QEMU status 0 (no guest status) is a failure (68)" 68 "$s" "$out" 'ended without an exit status'
s=$(PATH="$scratch/bin:$PATH" TESS_KVM_DEVICE=$nokvm FAKE_QEMU_STATUS=2 run_status "$out" $tess run "$hello")
status_is "an even QEMU status (QEMU's own error) is a failure (68)" 68 "$s" "$out" 'QEMU failed \(status 2\)'
s=$(PATH="$scratch/bin:$PATH" TESS_KVM_DEVICE=$nokvm FAKE_QEMU_STATUS=1 run_status "$out" $tess run hello)
status_is "tess run of an application builds it for kvm and falls back the same way" 0 "$s" "$out" 'falling back to QEMU'
s=$(PATH="$scratch/empty" TESS_KVM_DEVICE=$nokvm run_status "$out" $tess run "$hello")
status_is "without qemu-system-x86_64 tess run names the Debian package (65)" 65 "$s" "$out" \
	'qemu-system-x86_64 not found.*qemu-system-x86'
# --qemu with a usable /dev/kvm: QEMU gets -accel kvm and the first -cpu
# model it can start with here; where it can start with none (on some AMD
# hosts KVM refuses an MSR that QEMU sets and QEMU aborts), tess says why
# and runs QEMU under software emulation instead of failing.
if tools/kvm-usable; then
	rm -f "$argv" "$scratch/qemu-probes"
	s=$(PATH="$scratch/bin:$PATH" FAKE_QEMU_STATUS=1 run_status "$out" $tess run "$hello" --qemu)
	[ "$s" -eq 0 ] && ! grep -q 'falling back\|software emulation' "$out" &&
	grep -A1 -xF -- -accel "$argv" | grep -qx kvm && grep -A1 -xF -- -cpu "$argv" | grep -qx max &&
	grep -q -- '-accel kvm -cpu max ' "$scratch/qemu-probes" &&
		ok "--qemu with a usable /dev/kvm probes QEMU, then runs it with KVM and -cpu max" ||
		not_ok "--qemu with KVM (status $s)" "$out"
	rm -f "$argv" "$scratch/qemu-probes"
	s=$(PATH="$scratch/bin:$PATH" FAKE_QEMU_STATUS=1 FAKE_QEMU_PROBE_STATUS=134 run_status "$out" \
		$tess run "$hello" --qemu)
	[ "$s" -eq 0 ] && grep -A1 -xF -- -accel "$argv" | grep -qx tcg &&
	[ "$(grep -c -- ' -S ' "$scratch/qemu-probes")" -eq 3 ] &&
		expect_output "--qemu where QEMU cannot use KVM says QEMU's reason and runs under TCG" "$out" \
			"^tess run: QEMU cannot use this host's KVM \\(qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69\\); running it under software emulation$" ||
		not_ok "--qemu where QEMU cannot use KVM (status $s)" "$out"
	# The real QEMU: the model tess host found boots hello with KVM.
	cpu=$(host_fact qemu-kvm)
	case $cpu in
	"-cpu "*)
		s=$(run_status "$out" timeout 120 $tess run "$hello" --qemu -- one)
		status_is "tess run --qemu boots hello under QEMU with KVM ($cpu)" 0 "$s" "$out" '^Hello, world!$' '^arg 1: one$' ;;
	*) skip "tess run --qemu boots hello under QEMU with KVM" "QEMU cannot use KVM here: ${cpu#unusable: }" ;;
	esac
else
	skip "--qemu with a usable /dev/kvm probes QEMU, then runs it with KVM" "no usable /dev/kvm here"
	skip "--qemu where QEMU cannot use KVM falls back to TCG" "no usable /dev/kvm here"
	skip "tess run --qemu boots hello under QEMU with KVM" "no usable /dev/kvm here"
fi
# tess host: the facts the tests rely on, each line there.
s=$(run_status "$out" $tess host)
status_is "tess host prints the CPU vendor, TSC, KVM, kvm-pvm and QEMU facts" 0 "$s" "$out" \
	'^cpu-vendor: (GenuineIntel|AuthenticAMD|.+)$' '^tsc-khz: [0-9]+$' '^kvm: ' '^kvm-pvm: (yes|no)$' \
	'^qemu: ' '^qemu-kvm: (-cpu .+|unusable: .+)$'
