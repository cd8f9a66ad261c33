#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# The host's end of the network tests: frames sent out of a tap (to the
# guest behind it) through an AF_PACKET socket, and the guest's answers
# checked byte for byte. Only frames of the test's own EtherType (the
# IEEE local experimental 0x88b5) count; anything else the interface
# carries is ignored.
#   net_peer.py IFNAME lengths            every length 60..1514, one at a time
#   net_peer.py IFNAME vlan               a 1518-byte frame with a VLAN tag
#   net_peer.py IFNAME burst N            N frames at once; prints sent,
#                                         came back, lost in this socket
# Exit status 0 when every frame that came back is the one sent, MAC
# addresses swapped (what apps/l2reflect does).
import os
import socket
import struct
import sys

ETH_TYPE = 0x88B5
ETH_P_ALL = 0x0003
SRC = bytes.fromhex("020000000001")
DST = bytes.fromhex("02ffffffff01")  # any unicast: l2reflect swaps them
PACKET_STATISTICS = 6
SOL_PACKET = 263

ifname, mode = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
s.bind((ifname, ETH_P_ALL))
s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)  # SO_RCVBUFFORCE


def frame(seq, length, vlan=False):
    head = DST + SRC + (struct.pack("!HH", 0x8100, 5) if vlan else b"")
    head += struct.pack("!HI", ETH_TYPE, seq)
    return head + os.urandom(length - len(head))


PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)


def answer(timeout):
    """The next frame of ours coming in (not one we sent), or None. A VLAN
    tag the kernel took off (into the auxiliary data) is put back."""
    s.settimeout(timeout)
    while True:
        try:
            data, anc, _, addr = s.recvmsg(65536, 64)
        except socket.timeout:
            return None
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        for level, kind, value in anc:
            if level == SOL_PACKET and kind == PACKET_AUXDATA:
                status, _, _, _, _, tci, tpid = struct.unpack("IIIHHHH", value[:20])
                if status & TP_STATUS_VLAN_VALID:
                    data = data[:12] + struct.pack("!HH", tpid or 0x8100, tci) + data[12:]
        ethertype_at = 16 if data[12:14] == b"\x81\x00" else 12
        if data[ethertype_at:ethertype_at + 2] == struct.pack("!H", ETH_TYPE):
            return data


def reflected(sent):
    return sent[6:12] + sent[0:6] + sent[12:]


if mode in ("lengths", "vlan"):
    lengths = range(60, 1515) if mode == "lengths" else [1518]
    for seq, length in enumerate(lengths):
        f = frame(seq, length, vlan=(mode == "vlan"))
        s.send(f)
        got = answer(5)
        if got != reflected(f):
            print("frame of %d bytes: %s" % (length, "no answer" if got is None
                  else "answer of %d bytes differs" % len(got)))
            sys.exit(1)
    print("%d frames of %d to %d bytes came back byte for byte"
          % (len(lengths), lengths[0], lengths[-1]))
elif mode == "burst":
    count = int(sys.argv[3])
    sent = {}
    for seq in range(count):
        f = frame(seq, 60 + (seq * 7) % 1455)
        sent[seq] = f
        s.send(f)
    back = bad = 0
    while True:
        got = answer(2)
        if got is None:
            break
        seq = struct.unpack("!I", got[14:18])[0]
        if sent.get(seq) is None or got != reflected(sent.pop(seq)):
            bad += 1
        else:
            back += 1
    drops = struct.unpack("II", s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))[1]
    print("sent %d back %d bad %d peer_dropped %d" % (count, back, bad, drops))
    sys.exit(1 if bad else 0)
