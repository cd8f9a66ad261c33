#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The host's side of tests/integration/echo.sh: talks to an echo server
(apps/echo in a guest, or the same program built natively) and prints one
line per check, the same lines for every correct server, so the guest's
transcript can be compared with the native one.

usage: echo_peer.py HOST PORT CONNECTIONS
"""
import os
import resource
import selectors
import socket
import sys

HOST, PORT, CONNS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
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
    """n connections open at once, each echoing its own line."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (n + 64, n + 64))
    sel = selectors.DefaultSelector()
    want, got, open_ = {}, {}, 0
    for i in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex((HOST, PORT))
        want[s] = b"connection %d of %d\n" % (i, n)
        got[s] = b""
        sel.register(s, selectors.EVENT_WRITE)
        open_ += 1
    done = 0
    while done < n:
        events = sel.select(TIMEOUT)
        if not events:
            return "timed out with %d of %d echoed" % (done, n)
        for key, mask in events:
            s = key.fileobj
            if mask & selectors.EVENT_WRITE:
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    return "connect: %s" % os.strerror(err)
                s.send(want[s])
                sel.modify(s, selectors.EVENT_READ)
            elif mask & selectors.EVENT_READ:
                got[s] += s.recv(4096)
                if len(got[s]) >= len(want[s]):
                    if got[s] != want[s]:
                        return "a connection's line differs"
                    sel.unregister(s)
                    s.close()
                    done += 1
    return "ok"


def main():
    for size in (1, 1000, 65536, 1 << 20):
        print("tcp echo of %d bytes: %s" % (size, tcp_round_trip(os.urandom(size), False)))
    print("tcp echo of 100000 bytes, then the peer's end: %s"
          % tcp_round_trip(os.urandom(100000), True))
    for size in (1, 100, 1472, 8000):
        print("udp datagram of %d bytes: %s" % (size, udp_round_trip(size)))
    print("%d tcp connections at once: %s" % (CONNS, many_connections(CONNS)))
    sys.stdout.flush()


main()
