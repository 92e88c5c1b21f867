#!/usr/bin/python3
"""Times N HL7 messages to an MLLP listener from a sender that leaves Nagle's algorithm on (a plain Python
socket), once with each frame written whole and once written in three pieces (start block, message, end
block), as some HL7 engines write them. A listener that delays its ACKs makes each piece-wise message wait
~40 ms for it (the peer's second piece is held until the first is acknowledged).

Usage: bench/mllp_pieces.py PORT [N=50]   (against e.g. `./mipgw run --set hl7.port=PORT`)
Prints one line per mode: messages, milliseconds, ms per message. Each message is an ADT^A08 for an
unknown patient, acknowledged (AA or AE) after the receiver has processed it; any ACK counts.
"""
import socket
import sys
import time

VT, FS, CR = b"\x0b", b"\x1c", b"\r"


def run(port, n, pieces):
    s = socket.create_connection(("127.0.0.1", port))
    t0 = time.perf_counter()
    for i in range(n):
        msg = ("MSH|^~\\&|RIS|HOSP|MIPGW|MIP|20261127120000||ADT^A08^ADT_A01|P%s%d|P|2.5\r"
               "EVN|A08|20261127120000\rPID|1||PAT%d^^^HOSP^MR||DOE^JOHN||19700101|M\rPV1|1|O\r"
               % ("p" if pieces else "w", i, i)).encode()
        if pieces:
            s.sendall(VT)
            s.sendall(msg)
            s.sendall(FS + CR)
        else:
            s.sendall(VT + msg + FS + CR)
        buf = b""
        while not buf.endswith(FS + CR):
            chunk = s.recv(4096)
            if not chunk:
                raise SystemExit("connection closed by the listener")
            buf += chunk
    ms = (time.perf_counter() - t0) * 1000
    s.close()
    print("%-6s: %d messages in %.0f ms (%.1f ms per message)" % ("pieces" if pieces else "whole", n, ms, ms / n))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    port, n = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 50
    run(port, n, False)
    run(port, n, True)
