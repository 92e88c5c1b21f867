#!/usr/bin/python3
"""Writes a golden PDU file: the bytes of one PDU as hex, each field on its own line with a comment
saying what it is (PS3.8 9.3, PS3.7 D.3.3). Lines starting with '#' are the header; on the other
lines everything after '#' is a comment. The test loader (GoldenPdu.java) reads only the hex.

usage: annotate.py PDU.bin "title line" ["more header lines" ...] > name.hex
"""
import sys

COMMAND_TAGS = {
    0x00000000: 'CommandGroupLength', 0x00000002: 'AffectedSOPClassUID', 0x00000100: 'CommandField',
    0x00000110: 'MessageID', 0x00000120: 'MessageIDBeingRespondedTo', 0x00000700: 'Priority',
    0x00000800: 'CommandDataSetType', 0x00000900: 'Status', 0x00001000: 'AffectedSOPInstanceUID',
}
USER_ITEMS = {0x51: 'Maximum Length (PS3.8 D.1)', 0x52: 'Implementation Class UID (PS3.7 D.3.3.2)',
              0x53: 'Asynchronous Operations Window (PS3.7 D.3.3.3)', 0x54: 'SCP/SCU Role Selection (PS3.7 D.3.3.4)',
              0x55: 'Implementation Version Name (PS3.7 D.3.3.2)',
              0x56: 'SOP Class Extended Negotiation (PS3.7 D.3.3.5)',
              0x57: 'SOP Class Common Extended Negotiation (PS3.7 D.3.3.6)',
              0x58: 'User Identity RQ (PS3.7 D.3.3.7.1)', 0x59: 'User Identity AC (PS3.7 D.3.3.7.2)'}
out = []

def emit(data, comment, indent=0):
    pad = '  ' * indent
    chunks = [data[i:i + 16] for i in range(0, len(data), 16)] or [b'']
    for n, c in enumerate(chunks):
        hx = pad + ' '.join(f'{b:02x}' for b in c)
        out.append(f'{hx:<52}# {comment}' if n == 0 else hx)

def u16(b, o): return int.from_bytes(b[o:o + 2], 'big')
def u32(b, o): return int.from_bytes(b[o:o + 4], 'big')
def txt(b): return b.decode('latin-1')

def user_item(b, o, ind):
    t, ln = b[o], u16(b, o + 2)
    v = b[o + 4:o + 4 + ln]
    emit(b[o:o + 4], f'sub-item {t:02X}H {USER_ITEMS.get(t, "unknown")}, length {ln}', ind)
    if t == 0x51:
        emit(v, f'maximum-length-received {u32(v, 0)}', ind + 1)
    elif t in (0x52, 0x55):
        emit(v, repr(txt(v)), ind + 1)
    elif t == 0x53:
        emit(v[:2], f'max-number-operations-invoked {u16(v, 0)}', ind + 1)
        emit(v[2:], f'max-number-operations-performed {u16(v, 2)}', ind + 1)
    elif t == 0x54:
        ul = u16(v, 0)
        emit(v[:2], f'UID-length {ul}', ind + 1); emit(v[2:2 + ul], f'SOP class UID {txt(v[2:2 + ul])}', ind + 1)
        emit(v[2 + ul:3 + ul], f'SCU-role {v[2 + ul]}', ind + 1); emit(v[3 + ul:], f'SCP-role {v[3 + ul]}', ind + 1)
    elif t == 0x56:
        ul = u16(v, 0)
        emit(v[:2], f'SOP-class-uid-length {ul}', ind + 1); emit(v[2:2 + ul], f'SOP class UID {txt(v[2:2 + ul])}', ind + 1)
        emit(v[2 + ul:], f'service-class-application-information, {len(v) - 2 - ul} bytes', ind + 1)
    elif t == 0x57:
        p = 0
        for what in ('SOP class UID', 'service class UID'):
            ul = u16(v, p); emit(v[p:p + 2], f'{what} length {ul}', ind + 1)
            emit(v[p + 2:p + 2 + ul], f'{what} {txt(v[p + 2:p + 2 + ul])}', ind + 1); p += 2 + ul
        rl = u16(v, p); emit(v[p:p + 2], f'related-general-sop-class-identification-length {rl}', ind + 1); p += 2
        while p < len(v):
            ul = u16(v, p); emit(v[p:p + 2], f'related general SOP class UID length {ul}', ind + 2)
            emit(v[p + 2:p + 2 + ul], txt(v[p + 2:p + 2 + ul]), ind + 2); p += 2 + ul
    elif t == 0x58:
        emit(v[:1], f'user-identity-type {v[0]}', ind + 1)
        emit(v[1:2], f'positive-response-requested {v[1]}', ind + 1)
        pl = u16(v, 2); emit(v[2:4], f'primary-field-length {pl}', ind + 1)
        emit(v[4:4 + pl], f'primary-field {txt(v[4:4 + pl])!r}', ind + 1)
        sl = u16(v, 4 + pl); emit(v[4 + pl:6 + pl], f'secondary-field-length {sl}', ind + 1)
        if sl: emit(v[6 + pl:], f'secondary-field {txt(v[6 + pl:])!r}', ind + 1)
    elif t == 0x59:
        rl = u16(v, 0); emit(v[:2], f'server-response-length {rl}', ind + 1)
        if rl: emit(v[2:], 'server-response', ind + 1)
    else:
        emit(v, f'value, {ln} bytes (kept raw)', ind + 1)
    return o + 4 + ln

def associate(b, name):
    emit(b[6:8], f'protocol-version {u16(b, 6):04x}H (bit 0: version 1)')
    emit(b[8:10], 'reserved')
    emit(b[10:26], f'called-AE-title {txt(b[10:26])!r}')
    emit(b[26:42], f'calling-AE-title {txt(b[26:42])!r}')
    emit(b[42:74], 'reserved (32 bytes)')
    o = 74
    while o < len(b):
        t, ln = b[o], u16(b, o + 2)
        end = o + 4 + ln
        if t == 0x10:
            emit(b[o:o + 4], f'item 10H Application Context, length {ln}')
            emit(b[o + 4:end], txt(b[o + 4:end]), 1)
        elif t in (0x20, 0x21):
            emit(b[o:o + 4], f'item {t:02X}H Presentation Context ({"RQ" if t == 0x20 else "AC"}), length {ln}')
            emit(b[o + 4:o + 5], f'presentation-context-ID {b[o + 4]}', 1)
            if t == 0x20:
                emit(b[o + 5:o + 8], 'reserved', 1)
            else:
                emit(b[o + 5:o + 6], 'reserved', 1)
                emit(b[o + 6:o + 7], f'result/reason {b[o + 6]}', 1)
                emit(b[o + 7:o + 8], 'reserved', 1)
            p = o + 8
            while p < end:
                st, sl = b[p], u16(b, p + 2)
                kind = {0x30: 'Abstract Syntax', 0x40: 'Transfer Syntax'}.get(st, 'unknown')
                emit(b[p:p + 4], f'sub-item {st:02X}H {kind}, length {sl}', 1)
                emit(b[p + 4:p + 4 + sl], txt(b[p + 4:p + 4 + sl]), 2)
                p += 4 + sl
        elif t == 0x50:
            emit(b[o:o + 4], f'item 50H User Information, length {ln}')
            p = o + 4
            while p < end:
                p = user_item(b, p, 1)
        else:
            emit(b[o:o + 4], f'item {t:02X}H (unrecognized: skipped), length {ln}')
            emit(b[o + 4:end], 'value', 1)
        o = end

def command(v, ind):
    p = 0
    while p + 8 <= len(v):
        tag = (int.from_bytes(v[p:p + 2], 'little') << 16) | int.from_bytes(v[p + 2:p + 4], 'little')
        ln = int.from_bytes(v[p + 4:p + 8], 'little')
        val = v[p + 8:p + 8 + ln]
        name = COMMAND_TAGS.get(tag, 'element')
        shown = txt(val).rstrip('\0') if tag in (0x2, 0x1000) else int.from_bytes(val, 'little')
        emit(v[p:p + 8], f'({tag >> 16:04X},{tag & 0xFFFF:04X}) {name}, length {ln} (implicit VR LE)', ind)
        emit(val, f'= {shown!r}' if isinstance(shown, str) else f'= {shown} ({shown:#06x})', ind + 1)
        p += 8 + ln
    if p < len(v):
        emit(v[p:], 'data', ind)

def pdata(b):
    o = 6
    while o < len(b):
        ln = u32(b, o)
        mch = b[o + 5]
        emit(b[o:o + 4], f'PDV item-length {ln} (PS3.8 9.3.5.1 Table 9-23)')
        emit(b[o + 4:o + 5], f'presentation-context-ID {b[o + 4]}', 1)
        emit(b[o + 5:o + 6], f'message control header {mch:02x}H: '
             f'{"command" if mch & 1 else "data set"}, {"last" if mch & 2 else "not last"} fragment (PS3.8 E.2)', 1)
        frag = b[o + 6:o + 4 + ln]
        if mch & 1:
            command(frag, 1)
        else:
            emit(frag, f'data set fragment, {len(frag)} bytes', 1)
        o += 4 + ln

NAMES = {1: ('A-ASSOCIATE-RQ', '9.3.2 Table 9-11'), 2: ('A-ASSOCIATE-AC', '9.3.3 Table 9-17'),
         3: ('A-ASSOCIATE-RJ', '9.3.4 Table 9-21'), 4: ('P-DATA-TF', '9.3.5 Table 9-22'),
         5: ('A-RELEASE-RQ', '9.3.6 Table 9-24'), 6: ('A-RELEASE-RP', '9.3.7 Table 9-25'),
         7: ('A-ABORT', '9.3.8 Table 9-26')}

def main():
    b = open(sys.argv[1], 'rb').read()
    for line in sys.argv[2:]:
        out.append('# ' + line if line else '#')
    out.append('#')
    out.append('# Hex bytes, one field per line; after "#" what the field is. Offsets and tables: PS3.8.')
    name, ref = NAMES.get(b[0], (f'unknown PDU type {b[0]:02X}H', '9.3.1'))
    emit(b[0:1], f'PDU-type {b[0]:02X}H {name} (PS3.8 {ref})')
    emit(b[1:2], 'reserved')
    emit(b[2:6], f'PDU-length {u32(b, 2)}')
    if b[0] in (1, 2):
        associate(b, name)
    elif b[0] == 3:
        emit(b[6:7], 'reserved'); emit(b[7:8], f'result {b[7]}'); emit(b[8:9], f'source {b[8]}')
        emit(b[9:10], f'reason/diag. {b[9]}')
    elif b[0] == 4:
        pdata(b)
    elif b[0] in (5, 6):
        emit(b[6:10], 'reserved')
    elif b[0] == 7:
        emit(b[6:8], 'reserved'); emit(b[8:9], f'source {b[8]}'); emit(b[9:10], f'reason/diag. {b[9]}')
    else:
        emit(b[6:], 'body')
    print('\n'.join(out))

main()
