#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# The host's end of the lwIP tests (tests/integration/lwip.sh), run in the
# test's network namespace.
#   lwip_peer.py echo ADDR PORT SIZE...   one TCP connection per SIZE: SIZE
#                                         random bytes sent while the echo
#                                         is read back, every byte checked
#   lwip_peer.py garbage IFNAME N         N malformed frames out of the tap
#                                         (AF_PACKET): random bytes, cut
#                                         and corrupted IPv4, TCP, UDP,
#                                         ICMP and ARP, to every address
# Exit status 0 when every echo came back whole and unchanged (echo) or
# every frame was sent (garbage).
import os
import random
import socket
import struct
import sys
import threading
import time


def echo(addr, port, sizes):
    status = 0
    for size in sizes:
        data = os.urandom(size)
        start = time.monotonic()
        s = socket.create_connection((addr, port), timeout=30)
        s.settimeout(30)
        sender_error = []

        def send():
            try:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
            except OSError as e:
                sender_error.append(e)

        t = threading.Thread(target=send)
        t.start()
        back = bytearray()
        try:
            while len(back) < size:
                chunk = s.recv(1 << 20)
                if not chunk:
                    break
                back += chunk
            # The server closes after the end of the data: nothing more.
            extra = s.recv(1)
        except OSError as e:
            print(f"echo of {size} bytes: {e} after {len(back)} bytes")
            status = 1
            s.close()
            t.join()
            continue
        t.join()
        s.close()
        ms = (time.monotonic() - start) * 1000
        if sender_error:
            print(f"echo of {size} bytes: sending: {sender_error[0]}")
            status = 1
        elif bytes(back) != data or extra:
            where = next((i for i in range(min(len(back), size))
                          if back[i] != data[i]), min(len(back), size))
            print(f"echo of {size} bytes: {len(back)} came back, "
                  f"first difference at byte {where}, {len(extra)} extra")
            status = 1
        else:
            rate = size / ms / 1000 if ms else 0
            print(f"echo of {size} bytes ok in {ms:.1f} ms ({rate:.1f} MB/s)")
    return status


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(src, dst, proto, payload, rng):
    """An IPv4 packet, some of its fields wrong."""
    ihl = rng.choice([5, 5, 5, 6, 15, 2])
    total = rng.choice([20 + len(payload), rng.randrange(0, 65536)])
    flags_frag = rng.choice([0, 0x4000, 0x2000 | rng.randrange(8192), rng.randrange(65536)])
    head = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total,
                       rng.randrange(65536), flags_frag, rng.randrange(256),
                       proto, 0, src, dst)
    head += os.urandom(max(0, ihl * 4 - 20))
    if rng.random() < 0.7:
        head = head[:10] + struct.pack("!H", checksum(head[:20])) + head[12:]
    return head + payload


def garbage(ifname, count):
    rng = random.Random(15)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    guest_ip = socket.inet_aton(os.environ.get("GUEST_IP", "10.0.0.2"))
    peer_ip = socket.inet_aton(os.environ.get("PEER_IP", "10.0.0.1"))
    guest_mac = bytes.fromhex(os.environ.get("GUEST_MAC", "ffffffffffff").replace(":", ""))
    ours = bytes.fromhex("020000000042")
    sent = 0
    for _ in range(count):
        dst = rng.choice([guest_mac, b"\xff" * 6, os.urandom(6)])
        kind = rng.randrange(6)
        if kind == 0:  # random bytes after an Ethernet header
            body = os.urandom(rng.randrange(0, 1501))
            frame = dst + ours + struct.pack("!H", rng.choice([0x0800, 0x0806, rng.randrange(65536)])) + body
        elif kind == 1:  # ARP, fields random or cut short; never claiming
            # the peer's address (that would be a valid ARP spoof: the guest
            # would answer the peer at a random MAC until it asks again)
            arp = struct.pack("!HHBBH6s4s6s4s", rng.choice([1, rng.randrange(65536)]),
                              rng.choice([0x0800, rng.randrange(65536)]), rng.choice([6, rng.randrange(256)]),
                              rng.choice([4, rng.randrange(256)]), rng.choice([1, 2, rng.randrange(65536)]),
                              os.urandom(6), os.urandom(4), os.urandom(6),
                              rng.choice([guest_ip, os.urandom(4)]))
            frame = dst + ours + b"\x08\x06" + arp[:rng.randrange(0, len(arp) + 1)]
        else:  # IPv4 carrying broken TCP (6), UDP (17), ICMP (1) or anything
            proto = {2: 6, 3: 17, 4: 1}.get(kind, rng.randrange(256))
            if proto == 6:
                payload = struct.pack("!HHIIBBHHH", rng.randrange(65536), rng.choice([7, rng.randrange(65536)]),
                                      rng.getrandbits(32), rng.getrandbits(32), rng.randrange(256),
                                      rng.randrange(256), rng.randrange(65536), rng.randrange(65536),
                                      rng.randrange(65536)) + os.urandom(rng.randrange(0, 64))
            elif proto == 17:
                payload = struct.pack("!HHHH", rng.randrange(65536), rng.choice([67, 68, 53, 7, rng.randrange(65536)]),
                                      rng.randrange(65536), rng.randrange(65536)) + os.urandom(rng.randrange(0, 600))
            elif proto == 1:
                payload = bytes([rng.choice([8, 0, 3, 11, rng.randrange(256)]), rng.randrange(256)]) + \
                    os.urandom(rng.randrange(0, 1400))
            else:
                payload = os.urandom(rng.randrange(0, 200))
            payload = payload[:rng.randrange(0, len(payload) + 1)] if rng.random() < 0.3 else payload
            packet = ipv4(peer_ip if rng.random() < 0.8 else os.urandom(4),
                          guest_ip if rng.random() < 0.8 else os.urandom(4), proto, payload, rng)
            frame = dst + ours + b"\x08\x00" + packet[:1500]
        try:
            s.send(frame[:1514])
            sent += 1
        except OSError:
            pass
    print(f"sent {sent} of {count} malformed frames")
    return 0 if sent == count else 1


def dhcp_options(kind, server, mask, router):
    opts = bytes([53, 1, kind, 54, 4]) + server + bytes([51, 4]) + struct.pack("!I", 3600)
    opts += bytes([1, 4]) + mask + bytes([3, 4]) + router + bytes([6, 4]) + router
    return opts + b"\xff"


def dhcp(ifname, server_ip, offer_ip, seconds):
    """A DHCP server of one address: answers DISCOVER with OFFER and
    REQUEST with ACK (broadcast), until it has sent an ACK."""
    server = socket.inet_aton(server_ip)
    offer = socket.inet_aton(offer_ip)
    mask = socket.inet_aton("255.255.255.0")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    s.bind(("0.0.0.0", 67))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        s.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            data, _ = s.recvfrom(2048)
        except socket.timeout:
            break
        if len(data) < 240 or data[0] != 1 or data[236:240] != b"\x63\x82\x53\x63":
            continue
        kind, i = None, 240
        while i < len(data) and data[i] != 255:
            if data[i] == 0:
                i += 1
                continue
            if data[i] == 53 and i + 2 < len(data):
                kind = data[i + 2]
            i += 2 + data[i + 1] if i + 1 < len(data) else len(data)
        if kind not in (1, 3):  # DISCOVER, REQUEST
            continue
        reply = bytearray(data[:240])
        reply[0] = 2  # BOOTREPLY
        reply[12:16] = b"\0" * 4  # ciaddr
        reply[16:20] = offer  # yiaddr
        reply[20:24] = server  # siaddr
        reply += dhcp_options(2 if kind == 1 else 5, server, mask, server)
        s.sendto(bytes(reply), ("255.255.255.255", 68))
        print(f"dhcp: {'OFFER' if kind == 1 else 'ACK'} {offer_ip}")
        if kind == 3:
            return 0
    print("dhcp: no REQUEST came")
    return 1


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "echo":
        return echo(sys.argv[2], int(sys.argv[3]), [int(x) for x in sys.argv[4:]])
    if len(sys.argv) == 4 and sys.argv[1] == "garbage":
        return garbage(sys.argv[2], int(sys.argv[3]))
    if len(sys.argv) == 6 and sys.argv[1] == "dhcp":
        return dhcp(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
    print(__doc__ or "usage: lwip_peer.py echo ADDR PORT SIZE... | garbage IFNAME N", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
