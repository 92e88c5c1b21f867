package org.mip.gateway.dicom.io;

import org.mip.gateway.dicom.data.VR;

/** Byte-order helpers: values in the data model are little endian; Explicit VR Big Endian swaps per VR. */
final class ByteSwap {
    private ByteSwap() {}

    /** Bytes per swapped unit for {@code vr}: 2 for US/SS/OW/AT (AT is two 16-bit numbers), 4, 8, or 1 (no swap). */
    static int unit(VR vr) {
        if (vr == null) {
            return 1;
        }
        return switch (vr) {
            case US, SS, OW, AT -> 2;
            case UL, SL, FL, OF, OL -> 4;
            case FD, OD, SV, UV, OV -> 8;
            default -> 1;
        };
    }

    /** Reverses each {@code unit}-byte group of {@code b[off, off+len)} in place; a trailing partial unit is left as is. */
    static void swap(byte[] b, int off, int len, int unit) {
        if (unit <= 1) {
            return;
        }
        int end = off + len - len % unit;
        for (int i = off; i < end; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }
}
