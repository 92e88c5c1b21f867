#!/usr/bin/python3
"""Records the PDUs of one association passing through a TCP proxy.
usage: proxy.py LISTEN_PORT_FILE TARGET_PORT OUTDIR"""
import socket, sys, threading, os
portfile, target, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(outdir, exist_ok=True)
ls = socket.socket(); ls.bind(('127.0.0.1', 0)); ls.listen(1)
open(portfile, 'w').write(str(ls.getsockname()[1]))
c, _ = ls.accept()
s = socket.create_connection(('127.0.0.1', target))
seq = [0]; lock = threading.Lock()
def pump(src, dst, tag):
    buf = b''
    while True:
        try: d = src.recv(65536)
        except OSError: d = b''
        if not d:
            try: dst.shutdown(socket.SHUT_WR)
            except OSError: pass
            return
        dst.sendall(d); buf += d
        while len(buf) >= 6:
            n = int.from_bytes(buf[2:6], 'big')
            if len(buf) < 6 + n: break
            pdu, buf = buf[:6+n], buf[6+n:]
            with lock:
                seq[0] += 1
                open(f'{outdir}/{seq[0]:02d}-{tag}-type{pdu[0]:02x}.bin', 'wb').write(pdu)
t1 = threading.Thread(target=pump, args=(c, s, 'scu')); t2 = threading.Thread(target=pump, args=(s, c, 'scp'))
t1.start(); t2.start(); t1.join(); t2.join()
