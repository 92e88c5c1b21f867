package org.mip.gateway.dicom.io;

import java.io.IOException;
import java.io.OutputStream;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/**
 * Copies a data set from a {@link DicomInputStream} to a {@link DicomOutputStream} element by element,
 * streaming every value larger than a threshold (and every fragment of encapsulated pixel data) in
 * chunks, so memory use does not depend on the size of Pixel Data. The output may use another transfer
 * syntax family (byte order and VR encoding are converted; compressed pixel data is copied as is).
 * Top-level sequences are read whole, as they are small in practice.
 */
public final class DicomStreamCopier {
    /** Values above this many bytes are streamed rather than read (default 64 KiB). */
    public static final int DEFAULT_THRESHOLD = 64 * 1024;

    private DicomStreamCopier() {}

    /**
     * Copies the rest of {@code in}'s data set to {@code out}, whose File Meta Information (if any) the
     * caller has written already; returns the number of top-level elements copied.
     */
    public static long copyDataset(DicomInputStream in, DicomOutputStream out, long threshold) throws IOException {
        long n = 0;
        Attributes one = new Attributes(1);
        DicomInputStream.Event ev;
        while ((ev = in.next()) != null) {
            if (ev != DicomInputStream.Event.ELEMENT) {
                throw new DicomParseException(in.headerOffset(), in.tag(), "unexpected " + ev + " at top level");
            }
            n++;
            int tag = in.tag();
            VR vr = in.vr();
            if (in.isContainer() && !in.isUnSequence() && vr != VR.SQ) {
                copyFragments(in, out, tag, vr);
            } else if (!in.isContainer() && in.pendingLength() > threshold) {
                out.writeHeader(tag, vr, in.pendingLength());
                try (OutputStream value = out.valueStream(vr)) {
                    in.copyValueTo(value);
                }
            } else {
                one.clear();
                in.readElementInto(one);
                out.writeElement(tag, one.vrAt(0), one.valueAt(0));
            }
        }
        out.finish();
        return n;
    }

    private static void copyFragments(DicomInputStream in, DicomOutputStream out, int tag, VR vr) throws IOException {
        out.writeHeader(tag, vr, DicomInputStream.UNDEFINED_LENGTH);
        DicomInputStream.Event ev;
        while ((ev = in.next()) == DicomInputStream.Event.FRAGMENT) {
            out.writeItemHeader(Tag.Item, in.pendingLength());
            try (OutputStream value = out.valueStream(VR.OB)) {
                in.copyValueTo(value);
            }
        }
        if (ev != DicomInputStream.Event.SEQUENCE_END) {
            throw new DicomParseException(in.headerOffset(), in.tag(), "unexpected " + ev + " in encapsulated pixel data");
        }
        out.writeItemHeader(Tag.SequenceDelimitationItem, 0);
    }

    /**
     * Copies a whole file: meta (with its Transfer Syntax UID replaced by {@code target}, or kept when
     * {@code target} is {@code null}) and data set.
     */
    public static void copyFile(DicomInputStream in, OutputStream dest, TransferSyntax target) throws IOException {
        TransferSyntax ts = target != null ? target : in.transferSyntax();
        DicomOutputStream out = new DicomOutputStream(dest);
        Attributes meta = in.fileMeta() == null ? new Attributes() : new Attributes(in.fileMeta());
        byte[] uid = ts.uid().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        meta.setBytes(Tag.TransferSyntaxUID, VR.UI, uid.length % 2 == 0 ? uid : java.util.Arrays.copyOf(uid, uid.length + 1));
        out.writeFileMetaInformation(in.preamble(), meta);
        copyDataset(in, out, DEFAULT_THRESHOLD);
    }
}
