#!/usr/bin/python3
"""Generates the MIP Gateway DICOM dictionaries from the standard's data as installed on Debian.

Inputs (Debian packages libdcmtk17 and python3-pydicom):
  - DCMTK's dicom.dic   (PS3.6 data elements incl. repeating groups, PS3.7 command elements)
  - pydicom's _dicom_dict.py (PS3.6 names, VRs, VMs, retired flags, keywords)
  - pydicom's _uid_dict.py   (PS3.6 Annex A UIDs)
Outputs (under gateway-core/src/main):
  - resources/org/mip/gateway/dicom/dict/elements.tsv
  - resources/org/mip/gateway/dicom/dict/uids.tsv
  - java/org/mip/gateway/dicom/data/UID.java           (one constant per UID keyword)
  - java/org/mip/gateway/dicom/data/Tag.java            (the region between the GENERATED markers)

Run with Debian's Python (pydicom is installed for it only): /usr/bin/python3 gateway-core/tools/gen_dictionary.py
See gateway-core/tools/README.md.
"""
import ast
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.dirname(HERE)
MAIN = os.path.join(CORE, 'src', 'main')
DCMTK_DIC = '/usr/share/libdcmtk17/dicom.dic'
PYDICOM = '/usr/lib/python3/dist-packages/pydicom'

# DCMTK's pseudo VRs (dcmdata/dcvr.h) as the alternatives the standard lists.
DCMTK_VR = {'up': 'UL', 'xs': 'US or SS', 'ox': 'OB or OW', 'px': 'OB or OW', 'lt': 'US or SS or OW', 'na': 'NONE'}


def choose_vr(alternatives):
    """The VR used when the encoding does not tell (Implicit VR): OW wherever OW is allowed, because
    PS3.5 A.1 requires OW for Pixel Data, Overlay Data, Waveform Data and LUT Data in Implicit VR
    Little Endian; US for "US or SS"; otherwise the first listed."""
    if 'OW' in alternatives:
        return ['OW'] + [v for v in alternatives if v != 'OW']
    return alternatives


def load_pydicom_module(name):
    with open(os.path.join(PYDICOM, name), encoding='utf-8') as f:
        tree = ast.parse(f.read())
    out = {}
    for node in tree.body:
        target = None
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
        if target is not None:
            out[target.id] = ast.literal_eval(value)
    return out


def parse_dcmtk():
    """{(value, mask): (vr_alternatives, vm, keyword, retired)} from dicom.dic, standard entries only."""
    entries = {}
    with open(DCMTK_DIC, encoding='latin-1') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            tag, vr, keyword, vm, version = line.rstrip('\n').split('\t')
            if not version.startswith('DICOM'):
                continue  # PRIVATE/ILLEGAL/GENERIC group-length and creator ranges: handled in code
            m = re.fullmatch(r'\(([0-9A-F]{4})(?:-([0-9A-F]{4}))?,([0-9A-F]{4})(?:-([0-9A-F]{4}))?\)', tag)
            if not m:
                sys.exit('unexpected tag range in dicom.dic: ' + tag)
            g0, g1, e0, e1 = m.groups()
            value, mask = int(g0 + e0, 16), 0xFFFFFFFF
            if g1:
                mask &= ~(int(g0, 16) ^ int(g1, 16)) << 16 | 0xFFFF
            if e1:
                mask &= 0xFFFF0000 | (~(int(e0, 16) ^ int(e1, 16)) & 0xFFFF)
            vrs = DCMTK_VR.get(vr, vr)
            retired = version.endswith('retired')
            if keyword.startswith('RETIRED_'):
                keyword = keyword[len('RETIRED_'):]
            entries[(value, mask & 0xFFFFFFFF)] = (vrs, vm, keyword, retired)
    return entries


def parse_pydicom():
    mod = load_pydicom_module('_dicom_dict.py')
    entries = {}
    for tag, (vr, vm, name, retired, keyword) in mod['DicomDictionary'].items():
        entries[(tag, 0xFFFFFFFF)] = (vr, vm, name, retired == 'Retired', keyword)
    for pattern, (vr, vm, name, retired, keyword) in mod['RepeatersDictionary'].items():
        value = int(pattern.replace('x', '0'), 16)
        mask = int(''.join('0' if c == 'x' else 'F' for c in pattern), 16)
        entries[(value, mask)] = (vr, vm, name, retired == 'Retired', keyword)
    return entries


def split_camel(keyword):
    return re.sub(r'(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])', ' ', keyword)


def elements():
    """Merged rows: pydicom where it has the entry (names, "US or OW"-style VRs), DCMTK for the rest
    (DICONDE/DICOS additions). DCMTK's exact instances of a repeating entry (e.g. (1000,0010) of
    (1000,xxx0)) are dropped in favour of the repeating entry."""
    dcmtk = parse_dcmtk()
    pyd = parse_pydicom()
    repeaters = [(v, m, p[4]) for (v, m), p in pyd.items() if m != 0xFFFFFFFF]
    rows = []
    for key in sorted(set(dcmtk) | set(pyd)):
        d, p = dcmtk.get(key), pyd.get(key)
        if p:
            vrs, vm, name, retired, keyword = p
        else:
            vrs, vm, keyword, retired = d
            name = split_camel(keyword)
            if key[1] == 0xFFFFFFFF and any(key[0] & m == v and kw == keyword for v, m, kw in repeaters):
                continue
        if vrs == 'NONE' or not keyword:
            continue  # Item delimiters have no VR; unnamed retired entries are left unknown
        alternatives = choose_vr([v.strip() for v in vrs.split(' or ')])
        rows.append((key[0], key[1], '|'.join(alternatives), vm, 'R' if retired else '', keyword, name))
    exact = {r[0] for r in rows if r[1] == 0xFFFFFFFF}
    return [(first_instance(r[0], r[1], exact),) + r[1:] if r[1] != 0xFFFFFFFF else r for r in rows]


def first_instance(value, mask, exact):
    """The first tag of a repeating entry that no exact entry shadows: (0028,04x0) starts at (0028,0410)
    because (0028,0400) is Transform Label. Group ranges step by 2 (even groups only, PS3.5 7.6)."""
    free = ~mask & 0xFFFFFFFF
    step = free & -free
    if free >> 16:
        step = max(step, 0x20000)
    tag = value
    while tag in exact:
        tag += step
    return tag


def uids():
    mod = load_pydicom_module('_uid_dict.py')
    rows = []
    for uid, (name, typ, info, retired, keyword) in mod['UID_dictionary'].items():
        if not name and not keyword:
            continue
        rows.append((uid, keyword, typ, 'R' if retired == 'Retired' else '', name))
    rows.sort(key=lambda r: [int(x) for x in r[0].split('.')])
    return rows


HEADER = '# Generated by gateway-core/tools/gen_dictionary.py from {}; do not edit.\n'


def write_elements(rows):
    path = os.path.join(MAIN, 'resources/org/mip/gateway/dicom/dict/elements.tsv')
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(HEADER.format('DCMTK dicom.dic (PS3.6/PS3.7 2022b) and pydicom 2.3 _dicom_dict.py'))
        f.write('# tag (of a repeating entry: its first unshadowed instance)\tmask (repeating groups; "-" = exact)\tVRs (first = used when implicit)\tVM\tretired\tkeyword\tname\n')
        for value, mask, vrs, vm, retired, keyword, name in rows:
            f.write('%08X\t%s\t%s\t%s\t%s\t%s\t%s\n' % (
                value, '-' if mask == 0xFFFFFFFF else '%08X' % mask, vrs, vm, retired, keyword, name))


def write_uids(rows):
    path = os.path.join(MAIN, 'resources/org/mip/gateway/dicom/dict/uids.tsv')
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(HEADER.format('pydicom 2.3 _uid_dict.py (PS3.6 Annex A)'))
        f.write('# uid\tkeyword\ttype\tretired\tname\n')
        for row in rows:
            f.write('\t'.join(row) + '\n')


def write_uid_java(rows):
    path = os.path.join(MAIN, 'java/org/mip/gateway/dicom/data/UID.java')
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('package org.mip.gateway.dicom.data;\n\n')
        f.write('/**\n * The UIDs of PS3.6 Annex A, named by their keyword.\n *\n'
                ' * <p>Generated by {@code gateway-core/tools/gen_dictionary.py}; do not edit.\n */\n')
        f.write('public final class UID {\n')
        for uid, keyword, typ, retired, name in rows:
            if not keyword:
                continue
            f.write('    /** %s: %s%s. */\n' % (typ, name.replace('*/', '*&#47;'), ' (retired)' if retired else ''))
            f.write('    public static final String %s = "%s";\n\n' % (keyword, uid))
        f.write('    private UID() {}\n}\n')


def write_tag_java(rows):
    path = os.path.join(MAIN, 'java/org/mip/gateway/dicom/data/Tag.java')
    with open(path, encoding='utf-8') as f:
        src = f.read()
    begin, end = '    // BEGIN GENERATED by gateway-core/tools/gen_dictionary.py\n', '    // END GENERATED\n'
    i, j = src.index(begin), src.index(end)
    out = []
    for value, mask, vrs, vm, retired, keyword, name in rows:
        note = '' if mask == 0xFFFFFFFF else ' Repeating: value for the first group/element of the range.'
        out.append('    /** (%04X,%04X) %s %s %s%s%s */\n' % (
            value >> 16, value & 0xFFFF, vrs.split('|')[0], vm, name.replace('*/', '*&#47;'),
            ' (retired).' if retired else '.', note))
        out.append('    public static final int %s = 0x%08X;\n' % (keyword, value))
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(src[:i + len(begin)] + ''.join(out) + src[j:])


def main():
    rows = elements()
    write_elements(rows)
    write_tag_java(rows)
    urows = uids()
    write_uids(urows)
    write_uid_java(urows)
    print('%d elements, %d UIDs' % (len(rows), len(urows)))


if __name__ == '__main__':
    main()
