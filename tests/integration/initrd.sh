#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Files from an initrd: tess run --initrd DIR|FILE unpacks a tree into the
# root file system of a POSIX app (tess new --template posix), which lists
# it: names, types, modes, sizes, link targets and a checksum of every
# file, the same as the host computes from the folder; on linuxu, under
# tess-vmm and under QEMU. A corrupt archive stops the boot with a message
# naming where; a missing one is tess's clear error.
source "$(dirname "$0")/common.bash"
plan 9
out=$scratch/out
tess=tools/tess/build/tess
make -s -C tools/tess build/tess >/dev/null 2>&1
make -s -C tools/vmm build/tess-vmm >/dev/null 2>&1

app=$scratch/apps/lister
mkdir -p "$scratch/apps"
if ! $tess new lister --template posix --dir "$scratch/apps" >"$out" 2>&1; then
	not_ok "tess new --template posix" "$out"
	skip_rest "no application to run"
	exit 0
fi
cat >"$app/main.c" <<'C'
/* Lists a tree: type, mode, size, checksum or link target, sorted. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static unsigned long checksum(const char *path)
{
	unsigned char buf[4096];
	unsigned long sum = 5381;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			sum = (sum * 33 + buf[i]) & 0xffffffff;
	close(fd);
	return sum;
}

static void list(const char *dir, const char *rel)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);

	for (int i = 0; i < n; i++) {
		char path[4096], name[4096], target[4096];
		struct stat st;
		ssize_t len;

		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			snprintf(name, sizeof(name), "%s%s", rel, names[i]->d_name);
			lstat(path, &st);
			if (S_ISLNK(st.st_mode)) {
				len = readlink(path, target, sizeof(target) - 1);
				target[len < 0 ? 0 : len] = '\0';
				printf("link %s -> %s\n", name, target);
			} else if (S_ISDIR(st.st_mode)) {
				printf("dir %s %o\n", name, st.st_mode & 07777);
				strcat(name, "/");
				list(path, name);
			} else {
				printf("file %s %o %lld %lu\n", name, st.st_mode & 07777,
				       (long long)st.st_size, checksum(path));
			}
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char *argv[])
{
	list(argc > 1 ? argv[1] : "/data", "");
	return 0;
}
C
tree=$scratch/tree
mkdir -p "$tree/data/sub/deeper" "$tree/data/empty-dir"
printf 'hello initrd\n' >"$tree/data/hello.txt"
: >"$tree/data/empty"
head -c 4095 /dev/urandom >"$tree/data/sub/odd"
head -c 70000 /dev/urandom >"$tree/data/sub/deeper/big"
printf 'secret\n' >"$tree/data/private" && chmod 600 "$tree/data/private"
chmod 750 "$tree/data/sub/deeper"
ln -s hello.txt "$tree/data/link"
ln -s ../hello.txt "$tree/data/sub/up"
python3 - "$tree/data" >"$scratch/expected" <<'PY'
import os, stat, sys
def checksum(path):
    s = 5381
    for b in open(path, 'rb').read():
        s = (s * 33 + b) & 0xffffffff
    return s
def walk(d, rel):
    for n in sorted(os.listdir(d)):
        p = os.path.join(d, n); st = os.lstat(p)
        if stat.S_ISLNK(st.st_mode):
            print(f"link {rel}{n} -> {os.readlink(p)}")
        elif stat.S_ISDIR(st.st_mode):
            print(f"dir {rel}{n} {st.st_mode & 0o7777:o}")
            walk(p, rel + n + "/")
        else:
            print(f"file {rel}{n} {st.st_mode & 0o7777:o} {st.st_size} {checksum(p)}")
walk(sys.argv[1], "")
PY

listing() { # name command...
	local name=$1 s
	shift
	s=$(run_status "$out" "$@")
	if [ "$s" -eq 0 ] && diff <(grep -E '^(file|dir|link) ' "$out") "$scratch/expected" >"$scratch/diff"; then
		ok "$name: the initrd's tree is in the root file system, byte for byte"
	else
		cat "$scratch/diff" >>"$out"
		not_ok "$name: the initrd's tree (status $s; diff below)" "$out"
	fi
}
listing "linuxu" $tess run --plat linuxu --initrd "$tree" "$app" -- /data
if tools/kvm-usable; then
	listing "tess-vmm" $tess run --initrd "$tree" "$app" -- /data
else
	skip "tess-vmm: the initrd's tree" "no usable /dev/kvm here"
fi
kvm_image=$app/build/kvm/lister_kvm-x86_64
[ -f "$kvm_image" ] || make -s APP="$app" PLAT=kvm >/dev/null 2>&1
listing "QEMU" env TESS_KVM_DEVICE=/dev/null/no-kvm $tess run --mem 32M --initrd "$tree" "$kvm_image" -- /data

# An archive file works as a folder does (here the one tess packs, taken
# from QEMU's view of it would be the same bytes: pack it with python).
python3 - "$tree" "$scratch/tree.cpio" <<'PY'
import os, stat, sys
root, dest = sys.argv[1], sys.argv[2]
out = bytearray()
def entry(name, st, data=b''):
    global out
    nb = name.encode() + b'\0'
    out += b'070701' + b''.join(b'%08X' % v for v in
        [st.st_ino & 0xffffffff, st.st_mode, 0, 0, 1, int(st.st_mtime), len(data), 0, 0, 0, 0, len(nb), 0])
    out += nb + b'\0' * ((4 - (110 + len(nb)) % 4) % 4)
    out += data + b'\0' * ((4 - len(data) % 4) % 4)
for d, dirs, files in os.walk(root):
    dirs.sort()
    for n in sorted(dirs + files):
        p = os.path.join(d, n); st = os.lstat(p); rel = os.path.relpath(p, root)
        data = os.readlink(p).encode() if stat.S_ISLNK(st.st_mode) else open(p, 'rb').read() if stat.S_ISREG(st.st_mode) else b''
        entry(rel, st, data)
class Z: st_ino = 0; st_mode = 0; st_mtime = 0
entry('TRAILER!!!', Z)
open(dest, 'wb').write(out)
PY
listing "linuxu, an archive file" $tess run --plat linuxu --initrd "$scratch/tree.cpio" "$app" -- /data

# Single-file deployment: the same tree linked into the image
# (CONFIG_TESS_INITRD_EMBED, packed at build time), no --initrd at all.
cp -a "$tree" "$app/rootfs"
for plat in linuxu kvm; do
	echo 'CONFIG_TESS_INITRD_EMBED="rootfs"' >>"$app/defconfigs/$plat"
done
listing "linuxu, linked into the image" $tess run --plat linuxu "$app" -- /data
if tools/kvm-usable; then
	listing "tess-vmm, linked into the image" $tess run "$app" -- /data
else
	skip "tess-vmm: an initrd linked into the image" "no usable /dev/kvm here"
fi
for plat in linuxu kvm; do
	sed -i '/CONFIG_TESS_INITRD_EMBED/d' "$app/defconfigs/$plat"
done

# Corrupt: cut in the middle of an entry, and garbage.
head -c 300 "$scratch/tree.cpio" >"$scratch/cut.cpio"
corrupt() { # name command...
	local name=$1 s
	shift
	s=$(run_status "$out" "$@")
	[ "$s" -eq 70 ] && grep -q "initrd: the boot's initrd: corrupt archive at byte [0-9]* of 300: the archive ends inside an entry" "$out" &&
		ok "$name: a cut archive stops the boot with a message naming the byte" ||
		not_ok "$name: a cut archive (status $s, expected 70 and a message)" "$out"
}
corrupt "linuxu" $tess run --plat linuxu --initrd "$scratch/cut.cpio" "$app" -- /data
if tools/kvm-usable; then
	corrupt "tess-vmm" $tess run --initrd "$scratch/cut.cpio" "$app" -- /data
else
	skip "tess-vmm: a cut archive" "no usable /dev/kvm here"
fi
s=$(run_status "$out" $tess run --plat linuxu --initrd "$scratch/no-such.cpio" "$app" -- /data)
[ "$s" -eq 66 ] && grep -q 'initrd .*no-such.cpio: No such file or directory' "$out" &&
	ok "a missing --initrd is tess's error, before anything runs" ||
	not_ok "a missing --initrd (status $s, expected 66)" "$out"
