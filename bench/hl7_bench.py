#!/usr/bin/python3
"""Client side of bench/hl7_bench.sh (orders, reports, AA -> C-FIND latency). Python 3 standard library only.

  hl7_bench.py orders OUT K --prefix P [--chunks C]
      K ORM^O01 v2.5 new orders, MLLP-framed for `mllp_send -f`, one accession P000001.. each, every field of
      the CONTRACT.md mapping filled (PID-3/5/7/8, PV1-8, ORC-2/3/7, OBR-4/18/19/20/24); --chunks C also writes
      OUT.0 .. OUT.C-1 (round-robin) for C parallel senders.  Prints the accession numbers' prefix and count.
  hl7_bench.py count-acks FILE...
      "AA OTHER": how many ACKs in mllp_send's output say MSA|AA and how many say something else.
  hl7_bench.py reports BASE_URL P K [--threads 4]
      POSTs K reports (accessions P000001..) to BASE_URL/api/v1/reports, then waits (bounded) until the outbox
      has nothing pending; prints "first_post_ns last_ack_ns posted delivered failed post_s" where last_ack is
      the latest deliveredAt of these reports (the gateway's clock: the same machine).
  hl7_bench.py latency HL7_PORT DICOM_PORT N --prefix P [--aet MIPGW]
      N times: send one order over MLLP (own socket, one frame per write), on its AA start running
      `findscu -W` for its accession until the answer holds it; prints one line per sample:
      "aa_to_found_ms findscu_runs findscu_last_ms", then "baseline_ms X": the median of 10 findscu runs
      for an accession that does not exist (the client's own cost).
"""
import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

SB, EB, CR = b"\x0b", b"\x1c", b"\x0d"
SUR = ["SMITH", "JONES", "MUELLER", "GARCIA", "ROSSI", "DUBOIS", "NOVAK", "SILVA"]
GIV = ["ANNA", "JOHN", "MARIA", "PETER", "LUCIA", "OMAR"]


def accession(prefix, i):
    return "%s%06d" % (prefix, i)


def order(prefix, i, today):
    """ORM^O01 v2.5 (HL7 v2.5 4.4.1): one new order (ORC-1 NW) for an MR exam today."""
    acc = accession(prefix, i)
    pid = "BP%07d" % (i % 5000)  # patients come back: about one in five orders is for a known patient
    seg = [
        "MSH|^~\\&|BENCHRIS|BENCHRIS|MIPGW|MIPGW|%s090000||ORM^O01^ORM_O01|%s|P|2.5" % (today, "C" + acc),
        "PID|1||%s^^^BENCHRIS^MR||%s^%s||19%02d%02d%02d|%s" % (pid, SUR[i % 8], GIV[i % 6], 30 + i % 70, 1 + i % 12,
                                                           1 + i % 28, "MF"[i % 2]),
        "PV1|1|O||||||R%04d^Referrer^Rita^^^^^^GMC|||||||||||V%s" % (i % 100, acc),
        "ORC|NW|PL%s|FL%s||SC||^^^%s%02d%02d00^^R" % (acc, acc, today, 8 + i % 10, i % 60),
        "OBR|1|PL%s|FL%s|MRHEAD^MRI Head^LOCAL||||||||||||||%s|RP%s|SPS%s||||MR" % (acc, acc, acc, acc, acc),
    ]
    return (CR.decode().join(seg) + CR.decode()).encode("ascii")


def cmd_orders(a):
    today = datetime.date.today().strftime("%Y%m%d")
    msgs = [SB + order(a.prefix, i, today) + EB + CR for i in range(1, a.k + 1)]
    with open(a.out, "wb") as f:
        f.write(b"".join(msgs))
    for c in range(a.chunks):
        with open("%s.%d" % (a.out, c), "wb") as f:
            f.write(b"".join(msgs[c::a.chunks]))
    print("%d orders, accessions %s..%s, %d bytes framed" % (a.k, accession(a.prefix, 1), accession(a.prefix, a.k),
                                                             sum(len(m) for m in msgs)))


def cmd_count_acks(a):
    data = b"".join(open(f, "rb").read() for f in a.files)
    aa = data.count(b"MSA|AA")
    print(aa, data.count(b"MSA|") - aa)


def instant_ns(s):
    """java.time.Instant.toString() (e.g. 2026-11-26T10:00:00.123456789Z) to epoch nanoseconds."""
    s = s.rstrip("Z")
    whole, _, frac = s.partition(".")
    t = datetime.datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp()) * 1_000_000_000 + int((frac + "000000000")[:9])


def get_json(base, path):
    u = urllib.parse.urlsplit(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError("GET %s: %d %s" % (path, r.status, body[:200]))
        return json.loads(body)
    finally:
        c.close()


def cmd_reports(a):
    u = urllib.parse.urlsplit(a.base)
    ids = [None] * a.k

    def post(chunk):
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)  # keep-alive, one per thread
        try:
            for i in chunk:
                body = json.dumps({"accessionNumber": accession(a.prefix, i), "status": "F", "urgent": False,
                                   "text": "MRI head %d: no acute abnormality.\nNo change since the last study." % i,
                                   "radiologist": "RAD^RITA"})
                c.request("POST", "/api/v1/reports", body, {"Content-Type": "application/json"})
                r = c.getresponse()
                rb = r.read()
                if r.status != 202:
                    raise RuntimeError("POST report %d: %d %s" % (i, r.status, rb[:300]))
                ids[i - 1] = json.loads(rb)["controlId"]
        finally:
            c.close()

    chunks = [list(range(t + 1, a.k + 1, a.threads)) for t in range(a.threads)]
    first = time.time_ns()
    with concurrent.futures.ThreadPoolExecutor(a.threads) as ex:
        for f in [ex.submit(post, ch) for ch in chunks]:
            f.result()
    posted = time.time_ns()
    deadline = time.monotonic() + a.timeout
    while get_json(a.base, "/api/v1/outbox?state=pending"):
        if time.monotonic() > deadline:
            raise RuntimeError("reports still pending after %d s" % a.timeout)
        time.sleep(0.02)
    mine = set(ids)
    delivered = [e for e in get_json(a.base, "/api/v1/outbox?state=delivered") if e["controlId"] in mine]
    failed = [e for e in get_json(a.base, "/api/v1/outbox?state=failed") if e["controlId"] in mine]
    if len(delivered) + len(failed) < a.k:
        raise RuntimeError("only %d of %d reports listed as delivered (the outbox list shows the newest 1000)"
                           % (len(delivered), a.k))
    last = max(instant_ns(e["deliveredAt"]) for e in delivered) if delivered else posted
    print(first, last, a.k, len(delivered), len(failed), "%.4f" % ((posted - first) / 1e9))


def mllp_exchange(sock, msg):
    sock.sendall(SB + msg + EB + CR)  # one write per frame
    buf = b""
    while EB not in buf:
        d = sock.recv(65536)
        if not d:
            raise RuntimeError("connection closed before the ACK")
        buf += d
    return buf[buf.index(SB) + 1:buf.index(EB)]


def findscu(port, aet, acc, out):
    for f in os.listdir(out):
        os.remove(os.path.join(out, f))
    t = time.perf_counter()
    p = subprocess.run(["findscu", "-W", "-aec", aet, "-ll", "error", "-X", "-od", out, "-k", "0008,0050=" + acc,
                        "-k", "0010,0010", "-k", "0010,0020", "-k", "(0040,0100)[0].(0008,0060)",
                        "127.0.0.1", str(port)], capture_output=True, timeout=30,
                       env=dict(os.environ, TCP_NODELAY="1"))
    ms = (time.perf_counter() - t) * 1000
    if p.returncode != 0:
        raise RuntimeError("findscu failed: %s" % p.stdout + p.stderr)
    return len(os.listdir(out)), ms


def cmd_latency(a):
    today = datetime.date.today().strftime("%Y%m%d")
    out = tempfile.mkdtemp(prefix="hl7lat.")
    base = [findscu(a.dicom_port, a.aet, "NOSUCHACC", out)[1] for _ in range(10)]
    with socket.create_connection(("127.0.0.1", a.hl7_port), timeout=30) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(1, a.n + 1):
            ack = mllp_exchange(s, order(a.prefix, i, today))
            t0 = time.perf_counter()
            if b"MSA|AA|" not in ack:
                raise RuntimeError("order %d: %r" % (i, ack))
            runs = 0
            while True:
                found, ms = findscu(a.dicom_port, a.aet, accession(a.prefix, i), out)
                runs += 1
                if found:
                    break
                if time.perf_counter() - t0 > 30:
                    raise RuntimeError("accession %s not in findscu's answer 30 s after its AA" % accession(a.prefix, i))
            print("%.2f %d %.2f" % ((time.perf_counter() - t0) * 1000, runs, ms), flush=True)
    print("baseline_ms %.2f" % statistics.median(base))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("orders")
    p.add_argument("out")
    p.add_argument("k", type=int)
    p.add_argument("--prefix", required=True)
    p.add_argument("--chunks", type=int, default=0)
    p = sub.add_parser("count-acks")
    p.add_argument("files", nargs="+")
    p = sub.add_parser("reports")
    p.add_argument("base")
    p.add_argument("prefix")
    p.add_argument("k", type=int)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--timeout", type=int, default=300)
    p = sub.add_parser("latency")
    p.add_argument("hl7_port", type=int)
    p.add_argument("dicom_port", type=int)
    p.add_argument("n", type=int)
    p.add_argument("--prefix", required=True)
    p.add_argument("--aet", default="MIPGW")
    a = ap.parse_args()
    {"orders": cmd_orders, "count-acks": cmd_count_acks, "reports": cmd_reports, "latency": cmd_latency}[a.cmd](a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
