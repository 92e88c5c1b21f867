#!/usr/bin/python3
"""Writes a DIMSE command set (implicit VR little endian, group 0000) as annotated hex.
usage: annotate.py PDU_FILE "first comment line" "second comment line" > out.hex
PDU_FILE is one captured P-DATA-TF PDU holding a single PDV (the command)."""
import sys
VR = {0x0000: 'UL', 0x0002: 'UI', 0x0003: 'UI', 0x0100: 'US', 0x0110: 'US', 0x0120: 'US', 0x0600: 'AE',
      0x0700: 'US', 0x0800: 'US', 0x0900: 'US', 0x0901: 'AT', 0x0902: 'LO', 0x0903: 'US', 0x1000: 'UI',
      0x1001: 'UI', 0x1002: 'US', 0x1005: 'AT', 0x1008: 'US', 0x1030: 'AE', 0x1031: 'US'}
NAME = {0x0000: 'Command Group Length', 0x0002: 'Affected SOP Class UID', 0x0003: 'Requested SOP Class UID',
        0x0100: 'Command Field', 0x0110: 'Message ID', 0x0120: 'Message ID Being Responded To',
        0x0600: 'Move Destination', 0x0700: 'Priority', 0x0800: 'Command Data Set Type', 0x0900: 'Status',
        0x0901: 'Offending Element', 0x0902: 'Error Comment', 0x0903: 'Error ID',
        0x1000: 'Affected SOP Instance UID', 0x1001: 'Requested SOP Instance UID', 0x1002: 'Event Type ID',
        0x1005: 'Attribute Identifier List', 0x1008: 'Action Type ID',
        0x1030: 'Move Originator Application Entity Title', 0x1031: 'Move Originator Message ID'}
pdu = open(sys.argv[1], 'rb').read()
assert pdu[0] == 4 and pdu[11] & 1, 'not a P-DATA-TF with a command PDV'
cmd = pdu[12:12 + int.from_bytes(pdu[6:10], 'big') - 2]
def hexs(b): return ' '.join(f'{x:02x}' for x in b)
for line in sys.argv[2:]:
    print('# ' + line)
print('#')
print('# Hex bytes, one element per line: tag (group, element LE), 32-bit length LE, then the value;')
print('# after "#" the element (PS3.7 E.1 Table E.1-1) and its value.')
i = 0
while i < len(cmd):
    g, e = int.from_bytes(cmd[i:i+2], 'little'), int.from_bytes(cmd[i+2:i+4], 'little')
    n = int.from_bytes(cmd[i+4:i+8], 'little')
    v = cmd[i+8:i+8+n]
    vr = VR.get(e, 'UN')
    if vr in ('US',): val = f'{int.from_bytes(v, "little"):#06x}'
    elif vr == 'UL': val = str(int.from_bytes(v, 'little'))
    elif vr == 'AT': val = ' '.join(f'({int.from_bytes(v[k:k+2],"little"):04X},{int.from_bytes(v[k+2:k+4],"little"):04X})' for k in range(0, n, 4))
    else: val = repr(v.decode('ascii'))
    print(f'{hexs(cmd[i:i+8]):<50}# ({g:04X},{e:04X}) {vr} {NAME.get(e, "?")}, length {n}')
    for k in range(0, n, 16):
        print(f'  {hexs(v[k:k+16]):<48}' + (f'# = {val}' if k == 0 else ''))
    i += 8 + n
