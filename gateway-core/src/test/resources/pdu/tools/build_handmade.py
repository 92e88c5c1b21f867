#!/usr/bin/python3
"""Builds the hand-made golden PDUs byte by byte from PS3.8 9.3 / PS3.7 D.3.3, into DIR.
usage: build_handmade.py DIR"""
import sys, os

def u16(n): return n.to_bytes(2, 'big')
def u32(n): return n.to_bytes(4, 'big')
def item(t, v, second=0): return bytes([t, second]) + u16(len(v)) + v
def pdu(t, body): return bytes([t, 0]) + u32(len(body)) + body
def ae(s): return s.encode().ljust(16, b' ')
def uid16(s): return u16(len(s)) + s.encode()

IMPLICIT, EXPLICIT = b'1.2.840.10008.1.2', b'1.2.840.10008.1.2.1'
VERIFICATION, MWL, COMMIT = b'1.2.840.10008.1.1', b'1.2.840.10008.5.1.4.31', b'1.2.840.10008.1.20.1'

def associate(t, called, calling, items):
    return pdu(t, u16(1) + u16(0) + ae(called) + ae(calling) + bytes(32)
               + item(0x10, b'1.2.840.10008.3.1.1.1') + b''.join(items))

def pc_rq(i, abstract, *ts):
    return item(0x20, bytes([i, 0, 0, 0]) + item(0x30, abstract) + b''.join(item(0x40, t) for t in ts))

def pc_ac(i, result, ts=None):
    return item(0x21, bytes([i, 0, result, 0]) + (item(0x40, ts) if ts is not None else b''))

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
def save(name, b): open(os.path.join(out, name), 'wb').write(b)

save('a-associate-rq-extended-negotiation.bin', associate(1, 'MIPGW', 'MODALITY_01', [
    pc_rq(1, VERIFICATION, IMPLICIT),
    pc_rq(3, MWL, EXPLICIT, IMPLICIT),
    pc_rq(5, COMMIT, IMPLICIT),
    item(0x50, b''.join([
        item(0x51, u32(32768)),
        item(0x52, b'2.25.329800735698586629295641978511506172918'),
        item(0x53, u16(5) + u16(1)),
        item(0x54, uid16('1.2.840.10008.1.20.1') + bytes([0, 1])),
        item(0x55, b'MIPGW_010'),
        item(0x56, uid16('1.2.840.10008.5.1.4.31') + bytes([1, 0, 1])),
        item(0x57, uid16('1.2.840.10008.5.1.4.1.1.88.40') + uid16('1.2.840.10008.4.2')
             + u16(2 + len('1.2.840.10008.5.1.4.1.1.88.22')) + uid16('1.2.840.10008.5.1.4.1.1.88.22')),
        item(0x58, bytes([1, 1]) + u16(4) + b'tech' + u16(0)),
        item(0x7F, b'\x12\x34'),
    ])),
]))
save('a-associate-ac-extended-negotiation.bin', associate(2, 'MIPGW', 'MODALITY_01', [
    pc_ac(1, 0, IMPLICIT),
    pc_ac(3, 0, EXPLICIT),
    pc_ac(5, 3),
    item(0x50, b''.join([
        item(0x51, u32(16384)),
        item(0x52, b'2.25.329800735698586629295641978511506172918'),
        item(0x53, u16(1) + u16(1)),
        item(0x54, uid16('1.2.840.10008.1.20.1') + bytes([0, 1])),
        item(0x55, b'MIPGW_010'),
        item(0x56, uid16('1.2.840.10008.5.1.4.31') + bytes([1, 0, 0])),
        item(0x59, u16(0)),
    ])),
]))
# C-ECHO-RQ command (implicit VR LE) then a 12-byte data set fragment, one P-DATA-TF, two PDVs.
def elem(group, element, value): return group.to_bytes(2, 'little') + element.to_bytes(2, 'little') + len(value).to_bytes(4, 'little') + value
body = elem(0, 2, b'1.2.840.10008.1.1\x00') + elem(0, 0x100, (0x30).to_bytes(2, 'little')) \
    + elem(0, 0x110, (7).to_bytes(2, 'little')) + elem(0, 0x800, (0x0101).to_bytes(2, 'little'))
cmd = elem(0, 0, len(body).to_bytes(4, 'little')) + body
data = elem(0x0008, 0x0060, b'MR')  # (0008,0060) Modality, 10 bytes
save('p-data-tf-two-pdvs.bin', pdu(4, u32(2 + len(cmd)) + bytes([1, 0x03]) + cmd
                                    + u32(2 + len(data)) + bytes([1, 0x00]) + data))
save('a-abort-provider-invalid-parameter.bin', pdu(7, bytes([0, 0, 2, 6])))
save('a-associate-rj-protocol-version.bin', pdu(3, bytes([0, 1, 2, 2])))
save('unknown-pdu-type-08.bin', pdu(8, b'\x01\x02\x03'))
