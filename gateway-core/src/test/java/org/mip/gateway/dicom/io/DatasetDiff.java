package org.mip.gateway.dicom.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Fragments;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.dict.ElementDictionary;

/**
 * Element-for-element comparison of two data sets that went through different encodings. Group lengths
 * are ignored (recalculated on writing) and sequence/item length flags too (a converter may change them).
 * With {@code acrossImplicitVr}, what implicit VR cannot keep is tolerated: an unknown element's VR
 * becomes UN, a private sequence of defined length becomes UN bytes, and a tag allowed several VRs by PS3.6
 * may get any of them, and a value DCMTK padded from odd to even length is equal to the odd one.
 */
final class DatasetDiff {
    private final boolean acrossImplicitVr;
    private final List<String> diffs = new ArrayList<>();

    private DatasetDiff(boolean acrossImplicitVr) {
        this.acrossImplicitVr = acrossImplicitVr;
    }

    /** The differences (at most 20), empty when equal. */
    static List<String> of(Attributes expected, Attributes actual, boolean acrossImplicitVr) {
        DatasetDiff d = new DatasetDiff(acrossImplicitVr);
        d.compare("", expected, actual);
        return d.diffs;
    }

    private void compare(String path, Attributes a, Attributes b) {
        int i = 0;
        int j = 0;
        while ((i < a.size() || j < b.size()) && diffs.size() < 20) {
            if (i < a.size() && Tag.isGroupLength(a.tagAt(i))) {
                i++;
                continue;
            }
            if (j < b.size() && Tag.isGroupLength(b.tagAt(j))) {
                j++;
                continue;
            }
            if (i >= a.size() || j < b.size() && Integer.compareUnsigned(a.tagAt(i), b.tagAt(j)) > 0) {
                diffs.add(path + Tag.toString(b.tagAt(j)) + " unexpected");
                j++;
                continue;
            }
            if (j >= b.size() || Integer.compareUnsigned(a.tagAt(i), b.tagAt(j)) < 0) {
                diffs.add(path + Tag.toString(a.tagAt(i)) + " missing");
                i++;
                continue;
            }
            element(path + Tag.toString(a.tagAt(i)), a.tagAt(i), a.vrAt(i), a.valueAt(i), b.vrAt(j), b.valueAt(j));
            i++;
            j++;
        }
    }

    private void element(String path, int tag, VR va, Object a, VR vb, Object b) {
        if (va != vb && !vrTolerated(tag, va, vb)) {
            diffs.add(path + " VR " + va + " != " + vb);
            return;
        }
        if (acrossImplicitVr && a instanceof Sequence && b instanceof byte[] bytes) {
            b = parseAsImplicitSequence(tag, bytes);
        } else if (acrossImplicitVr && b instanceof Sequence && a instanceof byte[] bytes) {
            a = parseAsImplicitSequence(tag, bytes);
        }
        if (a instanceof Sequence sa && b instanceof Sequence sb) {
            if (sa.size() != sb.size()) {
                diffs.add(path + " items " + sa.size() + " != " + sb.size());
                return;
            }
            for (int k = 0; k < sa.size(); k++) {
                compare(path + "[" + k + "]", sa.get(k), sb.get(k));
            }
        } else if (a instanceof Fragments fa && b instanceof Fragments fb) {
            if (fa.size() != fb.size()) {
                diffs.add(path + " fragments " + fa.size() + " != " + fb.size());
                return;
            }
            for (int k = 0; k < fa.size(); k++) {
                if (!Arrays.equals(fa.getBytes(k), fb.getBytes(k))) {
                    diffs.add(path + " fragment " + k + " differs");
                }
            }
        } else {
            byte[] ba = a == null ? new byte[0] : a instanceof byte[] x ? x : null;
            byte[] bb = b == null ? new byte[0] : b instanceof byte[] x ? x : null;
            if (ba == null || bb == null) {
                diffs.add(path + " value kinds differ: " + kind(a) + " vs " + kind(b));
            } else if (!Arrays.equals(ba, bb) && !(acrossImplicitVr && paddedOnly(ba, bb))) {
                diffs.add(path + " value differs (" + ba.length + " vs " + bb.length + " bytes)");
            }
        }
    }

    /** DCMTK pads an odd-length value to even length (PS3.5 7.1.1) when it converts a file. */
    private static boolean paddedOnly(byte[] a, byte[] b) {
        byte[] s = a.length < b.length ? a : b;
        byte[] l = a.length < b.length ? b : a;
        return s.length % 2 == 1 && l.length == s.length + 1 && (l[s.length] == 0 || l[s.length] == ' ')
                && Arrays.equals(s, 0, s.length, l, 0, s.length);
    }

    private static String kind(Object o) {
        return o == null ? "empty" : o.getClass().getSimpleName();
    }

    private boolean vrTolerated(int tag, VR a, VR b) {
        if (!acrossImplicitVr) {
            return false;
        }
        if (a == VR.UN || b == VR.UN) {
            return true;
        }
        List<VR> allowed = ElementDictionary.standard().vrsOf(tag);
        return allowed.contains(a) && allowed.contains(b) || a == VR.OB && b == VR.OW || a == VR.OW && b == VR.OB;
    }

    /** A private sequence written in implicit VR with defined length reads back as UN bytes: parse them. */
    private static Object parseAsImplicitSequence(int tag, byte[] bytes) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (DicomOutputStream out = new DicomOutputStream(bo, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
                out.writeHeader(tag, VR.UN, DicomInputStream.UNDEFINED_LENGTH);
                bo.flush();
                out.valueStream(VR.UN).write(bytes);
                out.writeItemHeader(Tag.SequenceDelimitationItem, 0);
            }
            try (DicomInputStream in = DicomInputStream.ofDataset(
                    new java.io.ByteArrayInputStream(bo.toByteArray()), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
                Object v = in.readDataset().getValue(tag);
                return v == null ? bytes : v;
            }
        } catch (IOException e) {
            return bytes; // not a sequence after all: compared as bytes
        }
    }
}
