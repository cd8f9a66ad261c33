#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The host's side of tests/integration/echo.sh: talks to an echo server
(apps/echo in a guest, or the same program built natively) and prints one
line per check, the same lines for every correct server, so the guest's
transcript can be compared with the native one.

usage: echo_peer.py HOST PORT CONNECTIONS [BIG_MIB]
"""
import hashlib
import os
import random
import resource
import selectors
import socket
import struct
import sys
import time

HOST, PORT, CONNS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
BIG = (int(sys.argv[4]) if len(sys.argv) > 4 else 1024) << 20
TIMEOUT = 60  # seconds without progress: the check fails


def tcp_round_trip(data, half_close):
    """Sends data while reading the echo; with half_close, shuts the
    sending side down and reads to the server's end."""
    s = socket.create_connection((HOST, PORT), timeout=TIMEOUT)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    got, sent, shut = bytearray(), 0, False
    while True:
        if half_close and sent == len(data) and not shut:
            s.shutdown(socket.SHUT_WR)
            shut = True
            sel.modify(s, selectors.EVENT_READ)
        if not half_close and len(got) >= len(data):
            break
        events = sel.select(TIMEOUT)
        if not events:
            return "timed out after %d of %d bytes back" % (len(got), len(data))
        for _, mask in events:
            if mask & selectors.EVENT_WRITE and sent < len(data):
                sent += s.send(data[sent:sent + 65536])
                if sent == len(data) and not half_close:
                    sel.modify(s, selectors.EVENT_READ)
            if mask & selectors.EVENT_READ:
                chunk = s.recv(65536)
                if not chunk:
                    s.close()
                    return "ok" if bytes(got) == data else \
                        "end after %d of %d bytes" % (len(got), len(data))
                got += chunk
    s.close()
    return "ok" if bytes(got) == data else "bytes differ"


def udp_round_trip(size):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    data = os.urandom(size)
    for _ in range(5):  # a datagram may be lost: sent again
        s.sendto(data, (HOST, PORT))
        try:
            back, _ = s.recvfrom(65536)
        except socket.timeout:
            continue
        s.close()
        return "ok" if back == data else "datagram differs"
    s.close()
    return "no answer"


def many_connections(n):
    """n connections open at once, each echoing its own random bytes
    (1 byte to 16 KiB, sizes from a fixed seed), every byte checked."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (n + 64, n + 64))
    rng = random.Random(n)
    sel = selectors.DefaultSelector()
    conns = {}
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex((HOST, PORT))
        conns[s] = [os.urandom(rng.randint(1, 16384)), 0, bytearray()]
        sel.register(s, selectors.EVENT_WRITE)
    done = 0
    while done < n:
        events = sel.select(TIMEOUT)
        if not events:
            return "timed out with %d of %d echoed" % (done, n)
        for key, mask in events:
            s = key.fileobj
            data, sent, got = conns[s]
            if mask & selectors.EVENT_WRITE:
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    return "connect: %s" % os.strerror(err)
                if sent < len(data):
                    try:
                        sent += s.send(data[sent:sent + 65536])
                    except BlockingIOError:
                        pass
                    conns[s][1] = sent
                if sent == len(data):
                    sel.modify(s, selectors.EVENT_READ)
            if mask & selectors.EVENT_READ:
                chunk = s.recv(65536)
                if not chunk:
                    return "a connection ended early"
                got += chunk
                if len(got) >= len(data):
                    if bytes(got) != data:
                        return "a connection's bytes differ"
                    sel.unregister(s)
                    s.close()
                    done += 1
                elif sent < len(data):
                    sel.modify(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    return "ok"


def big_transfer(size):
    """size bytes through the echo, both ways, compared by SHA-256."""
    s = socket.create_connection((HOST, PORT), timeout=TIMEOUT)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    block = os.urandom(1 << 20)
    out_hash, in_hash = hashlib.sha256(), hashlib.sha256()
    sent = got = 0
    while got < size:
        events = sel.select(TIMEOUT)
        if not events:
            return "timed out after %d of %d bytes back" % (got, size)
        for _, mask in events:
            if mask & selectors.EVENT_WRITE and sent < size:
                off = sent % len(block)
                chunk = block[off:off + min(len(block) - off, size - sent)]
                try:
                    n = s.send(chunk)
                except BlockingIOError:
                    n = 0
                out_hash.update(chunk[:n])
                sent += n
                if sent == size:
                    sel.modify(s, selectors.EVENT_READ)
            if mask & selectors.EVENT_READ:
                chunk = s.recv(1 << 20)
                if not chunk:
                    return "end after %d of %d bytes" % (got, size)
                in_hash.update(chunk)
                got += len(chunk)
    s.close()
    return "ok" if in_hash.digest() == out_hash.digest() else "checksums differ"


def refused():
    """A port nobody listens on refuses the connection."""
    try:
        socket.create_connection((HOST, PORT + 1), timeout=TIMEOUT).close()
    except ConnectionRefusedError:
        return "ECONNREFUSED"
    except OSError as e:
        return os.strerror(e.errno) if e.errno else str(e)
    return "connected"


def resets_and_vanishing():
    """One connection streams 16 MiB while others end abruptly: a reset
    (SO_LINGER 0) with echo unread, one closed with data in flight; the
    stream loses nothing and the server still serves."""
    abrupt = []
    for linger in (True, False):
        c = socket.create_connection((HOST, PORT), timeout=TIMEOUT)
        if linger:
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        c.sendall(os.urandom(200000))
        abrupt.append(c)
    for c in abrupt:
        c.close()
    stream = big_transfer(16 << 20)
    after = tcp_round_trip(b"still here", False)
    return "stream %s, then %s" % (stream, after)


def keepalive():
    """An idle connection with keep-alive probes every second survives
    the probes the server must answer, then echoes."""
    s = socket.create_connection((HOST, PORT), timeout=TIMEOUT)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 2)
    time.sleep(4)  # idle 1 s, then probes: unanswered twice, it dies
    try:
        s.sendall(b"after the probes")
        back = s.recv(100)
    except OSError as e:
        return "connection lost: %s" % os.strerror(e.errno)
    s.close()
    return "ok" if back == b"after the probes" else "echo differs"


def main():
    for size in (1, 1000, 65536, 1 << 20):
        print("tcp echo of %d bytes: %s" % (size, tcp_round_trip(os.urandom(size), False)))
    print("tcp echo of 100000 bytes, then the peer's end: %s"
          % tcp_round_trip(os.urandom(100000), True))
    for size in (1, 100, 1472, 8000):
        print("udp datagram of %d bytes: %s" % (size, udp_round_trip(size)))
    print("a closed port: %s" % refused())
    print("%d tcp connections at once, 1 B to 16 KiB each: %s"
          % (CONNS, many_connections(CONNS)))
    print("resets and a vanished client beside a 16 MiB stream: %s"
          % resets_and_vanishing())
    print("keep-alive probes on an idle connection: %s" % keepalive())
    print("%d MiB both ways, SHA-256: %s" % (BIG >> 20, big_transfer(BIG)))
    sys.stdout.flush()


main()
