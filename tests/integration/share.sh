#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Host folders shared with an image over 9P2000.L (tess run -v
# HOSTDIR:GUESTDIR[:ro], tess-vmm --share): the refusals before anything
# runs, the virtio-9p device in tess-vmm's device report, QEMU's
# virtio-9p-device, and the linuxu transport end to end: a stand-in for a
# linuxu image (a Python program named like one) that speaks 9P over the
# socket it inherits (linuxu-9p.fd=FD), creates, writes, reads and lists
# files, is refused on the read-only volume and cannot walk out of the
# folder. (The guest's own 9P client is tested by its library.)
source "$(dirname "$0")/common.bash"
plan 8
out=$scratch/out
tess=tools/tess/build/tess
vmm=tools/vmm/build/tess-vmm

if ! make -s -C tools/tess build/tess >"$out" 2>&1 ||
   ! make -s -C tools/vmm build/tess-vmm >"$out" 2>&1 ||
   ! make -s APP=apps/hello PLAT=kvm >"$out" 2>&1; then
	not_ok "build tess, tess-vmm and hello for kvm" "$out"
	exit 0
fi
hello=apps/hello/build/kvm/hello_kvm-x86_64
vol=$scratch/vol
mkdir -p "$vol/sub" "$scratch/outside"
echo "from the host" >"$vol/from-host"
echo "top secret" >"$scratch/outside/secret"
ln -s ../outside "$vol/out"

# Refusals before anything runs.
s=$(run_status "$out" $tess run "$hello" -v "$scratch/missing:/data")
status_is "-v of a missing folder: 66, said" 66 "$s" "$out" \
	"^tess run: -v $scratch/missing: No such file or directory$"
s=$(run_status "$out" $tess run "$hello" -v "$vol/from-host:/data")
status_is "-v of a file: 66, not a folder" 66 "$s" "$out" 'not a folder$'
s=$(run_status "$out" $tess run "$hello" -v "$vol:data")
status_is "-v with a relative guest folder: 64" 64 "$s" "$out" 'must be absolute'

# tess-vmm: the device on the bus, in --trace-boot's device report.
if tools/kvm-usable; then
	s=$(run_status "$out" $vmm --trace-boot --share "$vol,tag=v0" \
		--share "$vol,tag=v1,ro" "$hello")
	status_is "tess-vmm --share: a virtio-9p device per share in the device report" 0 "$s" "$out" \
		"^tess run: share $vol \\(tag v0\\): [0-9]+ doorbells" \
		"^tess run: share $vol \\(tag v1, read-only\\): [0-9]+ doorbells"
	s=$(run_status "$out" $vmm --share "$scratch/missing,tag=v0" "$hello")
	s2=$(run_status "$scratch/out2" $vmm --share "$vol,tag=a" --share "$vol,tag=a" "$hello")
	cat "$scratch/out2" >>"$out"
	[ "$s" -eq 76 ] && [ "$s2" -eq 64 ] &&
		expect_output "tess-vmm --share of a missing folder: 76; a tag given twice: 64" "$out" \
			'--share .*/missing: No such file' 'the tag a is given twice' ||
		not_ok "tess-vmm --share refusals (status $s, $s2)" "$out"
else
	skip "tess-vmm --share: a virtio-9p device per share in the device report" "no usable /dev/kvm here"
	skip "tess-vmm --share of a missing folder: 76; a tag given twice: 64" "no usable /dev/kvm here"
fi

# QEMU (the fallback without KVM): a fake QEMU records its arguments.
mkdir -p "$scratch/bin"
cat >"$scratch/bin/qemu-system-x86_64" <<SH
#!/bin/sh
printf '%s\n' "\$@" >"$scratch/qemu-argv"
exit 1
SH
chmod +x "$scratch/bin/qemu-system-x86_64"
s=$(PATH="$scratch/bin:$PATH" TESS_KVM_DEVICE=$scratch/no-kvm \
	run_status "$out" $tess run "$hello" -v "$vol:/data" -v "$vol:/ro:ro" -- x)
argv=$scratch/qemu-argv
if [ "$s" -eq 0 ] && [ -f "$argv" ] &&
   grep -qxF "local,id=v0,path=$vol,security_model=none" "$argv" &&
   grep -qxF "local,id=v1,path=$vol,security_model=none,readonly=on" "$argv" &&
   grep -qxF "virtio-9p-device,fsdev=v0,mount_tag=v0" "$argv" &&
   grep -A1 -xF -- -append "$argv" | tail -n 1 |
	grep -qE '9pfs\.mount=v0:/data 9pfs\.mount=v1:/ro:ro -- x$'; then
	ok "under QEMU: -fsdev local and virtio-9p-device per volume, 9pfs.mount options before --"
else
	not_ok "QEMU's volume arguments (status $s)" "$out"
	[ -f "$argv" ] && sed 's/^/    | /' "$argv"
fi

# linuxu: a stand-in image speaking 9P over the socket it is given.
fake=$scratch/fake_linuxu-x86_64
cat >"$fake" <<'PY'
#!/usr/bin/env python3
import socket, struct, sys

def s16(text):
    b = text.encode()
    return struct.pack('<H', len(b)) + b

def rpc(sock, mtype, body):
    sock.send(struct.pack('<IBH', 7 + len(body), mtype, 1) + body)
    reply = sock.recv(1 << 20)
    size, rtype, _ = struct.unpack_from('<IBH', reply)
    assert size == len(reply), 'one message per packet'
    if rtype == 7:
        return 'err', struct.unpack_from('<I', reply, 7)[0]
    assert rtype == mtype + 1
    return 'ok', reply[7:]

volumes = []
for arg in sys.argv[1:]:
    if arg == '--':
        break
    if arg.startswith('linuxu-9p.fd='):
        fd, tag = arg[len('linuxu-9p.fd='):].split(',tag=')
        volumes.append((int(fd), tag))
    if arg.startswith('9pfs.mount='):
        print('option', arg)
for fd, tag in volumes:
    sock = socket.socket(fileno=fd)
    if sock.type != socket.SOCK_SEQPACKET:
        print(tag, 'not a SOCK_SEQPACKET socket')
    kind, body = rpc(sock, 100, struct.pack('<I', 1 << 20) + s16('9P2000.L'))
    msize = struct.unpack_from('<I', body)[0]
    print(tag, 'msize', 'ok' if 4096 <= msize <= 512 * 1024 else msize)
    rpc(sock, 104, struct.pack('<II', 0, 0xffffffff) + s16('') + s16('') + struct.pack('<I', 0))
    rpc(sock, 110, struct.pack('<IIH', 0, 1, 0))
    kind, body = rpc(sock, 14, struct.pack('<I', 1) + s16('from-guest') + struct.pack('<III', 2, 0o644, 0))
    if kind == 'ok':
        rpc(sock, 118, struct.pack('<IQI', 1, 0, 14) + b'from the guest')
        print(tag, 'created')
    else:
        print(tag, 'create refused', body)
    rpc(sock, 120, struct.pack('<I', 1))
    rpc(sock, 110, struct.pack('<IIH', 0, 2, 1) + s16('from-host'))
    rpc(sock, 12, struct.pack('<II', 2, 0))
    kind, body = rpc(sock, 116, struct.pack('<IQI', 2, 0, 100))
    print(tag, 'read', body[4:4 + struct.unpack_from('<I', body)[0]].decode().strip())
    kind, body = rpc(sock, 110, struct.pack('<IIH', 0, 3, 2) + s16('out') + s16('secret'))
    print(tag, 'walk out/secret', kind, struct.unpack_from('<H', body)[0] if kind == 'ok' else body)
    kind, body = rpc(sock, 110, struct.pack('<IIH', 0, 3, 3) + s16('..') + s16('..') + s16('outside'))
    print(tag, 'walk ../../outside', kind, struct.unpack_from('<H', body)[0] if kind == 'ok' else body)
    rpc(sock, 110, struct.pack('<IIH', 0, 4, 0))
    rpc(sock, 12, struct.pack('<II', 4, 0))
    names, offset = [], 0
    while True:
        kind, body = rpc(sock, 40, struct.pack('<IQI', 4, offset, 64))
        count, at = struct.unpack_from('<I', body)[0], 4
        if count == 0:
            break
        while at < 4 + count:
            offset, = struct.unpack_from('<Q', body, at + 13)
            length, = struct.unpack_from('<H', body, at + 22)
            names.append(body[at + 24:at + 24 + length].decode())
            at += 24 + length
    print(tag, 'list', ' '.join(sorted(n for n in names if n not in ('.', '..'))))
sys.exit(7)
PY
chmod +x "$fake"
if ! command -v python3 >/dev/null; then
	skip "linuxu: the image's volumes over SOCK_SEQPACKET" "no python3 here"
	skip "linuxu: what the image wrote is in the host folder, nothing outside" "no python3 here"
else
	s=$(run_status "$out" $tess run "$fake" -v "$vol:/data" -v "$vol:/ro:ro" -- arg)
	status_is "linuxu: the image's volumes over SOCK_SEQPACKET (9pfs.mount options, create, write, read, readdir, walks out refused, read-only refused)" 7 "$s" "$out" \
		'^option 9pfs\.mount=v0:/data$' '^option 9pfs\.mount=v1:/ro:ro$' \
		'^v0 msize ok$' '^v0 created$' '^v1 create refused 30$' \
		'^v0 read from the host$' '^v1 read from the host$' \
		'^v0 walk out/secret ok 1$' '^v0 walk \.\./\.\./outside ok 2$' \
		'^v0 list from-guest from-host out sub$'
	[ "$(cat "$vol/from-guest" 2>/dev/null)" = "from the guest" ] &&
		[ "$(ls "$scratch/outside")" = "secret" ] &&
		[ "$(cat "$scratch/outside/secret")" = "top secret" ] &&
		ok "linuxu: what the image wrote is in the host folder, nothing outside" ||
		not_ok "linuxu: the host folder after the run" "$out"
fi
