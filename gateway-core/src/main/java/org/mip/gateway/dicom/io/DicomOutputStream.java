package org.mip.gateway.dicom.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.BulkData;
import org.mip.gateway.dicom.data.Fragments;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes data sets in any transfer syntax family: Implicit VR LE, Explicit VR LE, Explicit VR BE,
 * Deflated Explicit VR LE (raw deflate, PS3.5 A.5), and encapsulated syntaxes (Explicit VR LE with
 * the pixel data fragments written as they are, PS3.5 A.4). Part 10 files get a preamble, "DICM" and
 * the File Meta Information with a computed group length (PS3.10 7.1).
 *
 * <p>Sequences and items are written with undefined or defined length as flagged in the model, so a
 * file written back in its own transfer syntax reproduces the source. Group length elements (gggg,0000)
 * are recalculated for the encoding written. A UN sequence (a Sequence value with VR UN) is written as
 * UN with undefined length and implicit VR little endian items (PS3.5 6.2.2). Values are written as they
 * are held: odd lengths are not padded. In explicit VR, a value too long for a 16-bit length field is
 * written as UN (as DCMTK does).
 *
 * <p>For streaming, {@link #writeHeader} followed by {@link #valueStream} writes a value of any size
 * in chunks. Not thread-safe.
 */
public final class DicomOutputStream implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomOutputStream.class);
    private static final int CHUNK = 64 * 1024;

    private final OutputStream raw;
    private OutputStream out;
    private Deflater deflater;
    private DeflaterOutputStream deflaterOut;
    private TransferSyntax transferSyntax;
    private TransferSyntax fallbackSyntax;
    private boolean explicitVr;
    private boolean bigEndian;
    private int deflateLevel = Deflater.DEFAULT_COMPRESSION;
    private final byte[] hdr = new byte[12];

    /**
     * A stream for a Part 10 file: call {@link #writeFileMetaInformation} first. A stream that is already
     * buffered or in memory is written directly; anything else gets a {@value #CHUNK}-byte buffer (a
     * C-FIND answers with one small in-memory data set per match: no buffer to allocate there).
     */
    public DicomOutputStream(OutputStream out) {
        this.raw = out instanceof BufferedOutputStream || out instanceof ByteArrayOutputStream
                ? out : new BufferedOutputStream(out, CHUNK);
        this.out = raw;
        this.explicitVr = true;
    }

    /** A stream for a bare data set in {@code ts} (deflated if {@code ts} is); {@code null} as the 1-argument constructor. */
    public DicomOutputStream(OutputStream out, TransferSyntax ts) {
        this(out);
        if (ts != null) {
            startDataset(ts);
        }
    }

    /** Deflate level for deflated syntaxes (default {@link Deflater#DEFAULT_COMPRESSION}). */
    public DicomOutputStream deflateLevel(int level) {
        this.deflateLevel = level;
        return this;
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /**
     * Writes preamble (128 zero bytes when {@code null}), "DICM" and {@code fileMeta} as Explicit VR
     * Little Endian with a computed (0002,0000); then switches to the meta's Transfer Syntax.
     */
    public void writeFileMetaInformation(byte[] preamble, Attributes fileMeta) throws IOException {
        byte[] pre = preamble != null ? preamble : new byte[128];
        if (pre.length != 128) {
            throw new IllegalArgumentException("preamble must be 128 bytes, not " + pre.length);
        }
        out.write(pre);
        writeFileMetaInformationWithoutPreamble(fileMeta);
    }

    /** "DICM" and the meta, for writers that omit the preamble; see {@link #writeFileMetaInformation}. */
    public void writeFileMetaInformationWithoutPreamble(Attributes fileMeta) throws IOException {
        out.write(new byte[] {'D', 'I', 'C', 'M'});
        explicitVr = true;
        bigEndian = false;
        long groupLength = 0;
        for (int i = 0; i < fileMeta.size(); i++) {
            int t = fileMeta.tagAt(i);
            if (t != Tag.FileMetaInformationGroupLength) {
                groupLength += elementSize(t, fileMeta.vrAt(i), fileMeta.valueAt(i), true, false);
            }
        }
        writeGroupLength(Tag.FileMetaInformationGroupLength, groupLength);
        for (int i = 0; i < fileMeta.size(); i++) {
            int t = fileMeta.tagAt(i);
            if (t != Tag.FileMetaInformationGroupLength) {
                writeElement(t, fileMeta.vrAt(i), fileMeta.valueAt(i));
            }
        }
        byte[] ts = fileMeta.getBytes(Tag.TransferSyntaxUID);
        if (ts != null) {
            startDataset(TransferSyntax.of(new String(ts, StandardCharsets.US_ASCII)));
        } else if (fallbackSyntax != null) {
            startDataset(fallbackSyntax); // a source meta without Transfer Syntax UID, written back as read
        } else {
            throw new IllegalArgumentException("File Meta Information has no Transfer Syntax UID");
        }
    }

    private void startDataset(TransferSyntax ts) {
        transferSyntax = ts;
        explicitVr = ts.explicitVr();
        bigEndian = ts.bigEndian();
        if (ts.deflated()) {
            deflater = new Deflater(deflateLevel, true); // raw deflate, no zlib header: PS3.5 A.5
            deflaterOut = new DeflaterOutputStream(raw, deflater, CHUNK);
            out = deflaterOut;
        }
    }

    /** Writes a whole file: preamble, meta and data set in the meta's transfer syntax. */
    public void writeFile(DicomFile file) throws IOException {
        if (file.fileMeta() == null) {
            if (transferSyntax == null) {
                startDataset(file.transferSyntax());
            }
        } else {
            fallbackSyntax = file.transferSyntax();
            writeFileMetaInformation(file.preamble(), file.fileMeta());
        }
        writeDataset(file.dataset());
        finish();
    }

    /** Writes every element of {@code ds} (a data set or item's contents). */
    public void writeDataset(Attributes ds) throws IOException {
        writeContents(ds, explicitVr, bigEndian);
    }

    private void writeContents(Attributes ds, boolean ex, boolean be) throws IOException {
        boolean saveEx = explicitVr;
        boolean saveBe = bigEndian;
        explicitVr = ex;
        bigEndian = be;
        try {
            int n = ds.size();
            for (int i = 0; i < n; i++) {
                int t = ds.tagAt(i);
                if (Tag.isGroupLength(t) && Tag.group(t) != 0x0002) {
                    // PS3.5 7.2: recalculated for the encoding being written.
                    long len = 0;
                    int g = Tag.group(t);
                    for (int j = i + 1; j < n && Tag.group(ds.tagAt(j)) == g; j++) {
                        len += elementSize(ds.tagAt(j), ds.vrAt(j), ds.valueAt(j), ex, be);
                    }
                    writeGroupLength(t, len);
                    continue;
                }
                writeElement(t, ds.vrAt(i), ds.valueAt(i));
            }
        } finally {
            explicitVr = saveEx;
            bigEndian = saveBe;
        }
    }

    private void writeGroupLength(int t, long len) throws IOException {
        writeHeader(t, VR.UL, 4);
        byte[] v = {(byte) len, (byte) (len >> 8), (byte) (len >> 16), (byte) (len >> 24)};
        writeValueBytes(VR.UL, v);
    }

    /** Writes one element with a value of any model type (byte[], Sequence, Fragments, BulkData or null). */
    public void writeElement(int tag, VR vr, Object value) throws IOException {
        if (value instanceof Sequence seq) {
            writeSequence(tag, vr, seq);
        } else if (value instanceof Fragments frags) {
            writeHeader(tag, frags.vr(), DicomInputStream.UNDEFINED_LENGTH);
            for (Object item : frags) {
                long len = valueLength(item);
                writeItemHeader(Tag.Item, len);
                writeValue(VR.OB, item);
            }
            writeItemHeader(Tag.SequenceDelimitationItem, 0);
        } else {
            long len = valueLength(value);
            VR w = vr;
            if (explicitVr && !vr.longLength() && len > 0xFFFF) {
                LOG.warn("{} {} value of {} bytes does not fit a 16-bit length: writing it as UN", Tag.toString(tag), vr, len);
                w = VR.UN;
            }
            writeHeader(tag, w, len);
            writeValue(vr, value);
        }
    }

    private void writeSequence(int tag, VR vr, Sequence seq) throws IOException {
        boolean un = vr == VR.UN;
        // Contents of a UN sequence are Implicit VR Little Endian (PS3.5 6.2.2); it must have undefined length.
        boolean ex = explicitVr && !un;
        boolean be = bigEndian && !un;
        boolean undefined = seq.undefinedLength() || un && explicitVr;
        long len = undefined ? DicomInputStream.UNDEFINED_LENGTH : sequenceContentSize(seq, ex, be);
        writeHeader(tag, un && !explicitVr ? VR.SQ : vr, len);
        boolean saveBe = bigEndian;
        bigEndian = be; // item headers are encoded like the items' contents
        try {
            writeItems(seq, ex, be, undefined);
        } finally {
            bigEndian = saveBe;
        }
    }

    private void writeItems(Sequence seq, boolean ex, boolean be, boolean undefined) throws IOException {
        for (Attributes item : seq) {
            boolean itemUndefined = item.undefinedLength();
            writeItemHeader(Tag.Item, itemUndefined ? DicomInputStream.UNDEFINED_LENGTH : contentsSize(item, ex, be));
            writeContents(item, ex, be);
            if (itemUndefined) {
                writeItemHeader(Tag.ItemDelimitationItem, 0);
            }
        }
        if (undefined) {
            writeItemHeader(Tag.SequenceDelimitationItem, 0);
        }
    }

    // ---- low level --------------------------------------------------------------------------

    /**
     * Writes an element header; {@code length} may be {@link DicomInputStream#UNDEFINED_LENGTH}.
     * Follow it with the value ({@link #valueStream}) or, for undefined length, items and a delimiter.
     */
    public void writeHeader(int tag, VR vr, long length) throws IOException {
        int len32 = (int) length; // -1 becomes 0xFFFFFFFF
        putTag(tag);
        if (!explicitVr) {
            put32(4, len32);
            out.write(hdr, 0, 8);
            return;
        }
        hdr[4] = (byte) vr.name().charAt(0);
        hdr[5] = (byte) vr.name().charAt(1);
        if (vr.longLength()) {
            hdr[6] = 0;
            hdr[7] = 0;
            put32(8, len32);
            out.write(hdr, 0, 12);
        } else {
            if (length < 0 || length > 0xFFFF) {
                throw new IllegalArgumentException(Tag.toString(tag) + " " + vr + ": length " + length + " needs a 32-bit length field");
            }
            put16(6, (int) length);
            out.write(hdr, 0, 8);
        }
    }

    /** Writes an item, item delimitation or sequence delimitation header (always tag + 32-bit length, PS3.5 7.5). */
    public void writeItemHeader(int itemTag, long length) throws IOException {
        putTag(itemTag);
        put32(4, (int) length);
        out.write(hdr, 0, 8);
    }

    private void putTag(int tag) {
        put16(0, tag >>> 16);
        put16(2, tag & 0xFFFF);
    }

    private void put16(int off, int v) {
        if (bigEndian) {
            hdr[off] = (byte) (v >> 8);
            hdr[off + 1] = (byte) v;
        } else {
            hdr[off] = (byte) v;
            hdr[off + 1] = (byte) (v >> 8);
        }
    }

    private void put32(int off, int v) {
        if (bigEndian) {
            hdr[off] = (byte) (v >> 24);
            hdr[off + 1] = (byte) (v >> 16);
            hdr[off + 2] = (byte) (v >> 8);
            hdr[off + 3] = (byte) v;
        } else {
            hdr[off] = (byte) v;
            hdr[off + 1] = (byte) (v >> 8);
            hdr[off + 2] = (byte) (v >> 16);
            hdr[off + 3] = (byte) (v >> 24);
        }
    }

    /**
     * A stream for the value of the header just written: takes the model's little-endian bytes and swaps
     * them for big endian output, in chunks of any size. Closing it does not close this stream.
     */
    public OutputStream valueStream(VR vr) {
        int unit = bigEndian ? ByteSwap.unit(vr) : 1;
        if (unit == 1) {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        return new SwappingOutputStream(out, unit);
    }

    private void writeValue(VR vr, Object value) throws IOException {
        if (value == null) {
            return;
        }
        if (value instanceof byte[] b) {
            writeValueBytes(vr, b);
        } else if (value instanceof BulkData bd) {
            writeBulkData(vr, bd);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName() + " as a value");
        }
    }

    private void writeValueBytes(VR vr, byte[] b) throws IOException {
        int unit = bigEndian ? ByteSwap.unit(vr) : 1;
        if (unit == 1) {
            out.write(b);
            return;
        }
        byte[] chunk = new byte[Math.min(b.length, CHUNK)];
        for (int off = 0; off < b.length; off += chunk.length) {
            int k = Math.min(chunk.length, b.length - off);
            System.arraycopy(b, off, chunk, 0, k);
            ByteSwap.swap(chunk, 0, k, unit);
            out.write(chunk, 0, k);
        }
    }

    private void writeBulkData(VR vr, BulkData bd) throws IOException {
        URI uri = URI.create(bd.uri());
        if (!"file".equals(uri.getScheme())) {
            throw new IOException("cannot write bulk data from " + bd.uri() + ": only file: URIs are resolved");
        }
        try (FileChannel ch = FileChannel.open(Path.of(uri), StandardOpenOption.READ)) {
            ch.position(bd.offset());
            InputStream src = Channels.newInputStream(ch);
            boolean swap = bd.bigEndian() != bigEndian;
            int unit = swap ? ByteSwap.unit(vr) : 1;
            byte[] chunk = new byte[CHUNK];
            long left = bd.length();
            while (left > 0) {
                int k = src.readNBytes(chunk, 0, (int) Math.min(left, CHUNK));
                if (k <= 0) {
                    throw new IOException("bulk data " + bd.uri() + " ends before offset " + (bd.offset() + bd.length()));
                }
                ByteSwap.swap(chunk, 0, k, unit);
                out.write(chunk, 0, k);
                left -= k;
            }
        }
    }

    // ---- sizes ------------------------------------------------------------------------------------

    private static long valueLength(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof byte[] b) {
            return b.length;
        }
        if (value instanceof BulkData bd) {
            if (bd.length() < 0) {
                throw new IllegalArgumentException("bulk data of unknown length: " + bd.uri());
            }
            return bd.length();
        }
        throw new IllegalArgumentException("not a plain value: " + value.getClass().getSimpleName());
    }

    /** Bytes {@link #writeElement} writes for this element in the given encoding, headers and delimiters included. */
    static long elementSize(int tag, VR vr, Object value, boolean ex, boolean be) {
        if (value instanceof Sequence seq) {
            boolean un = vr == VR.UN;
            boolean cEx = ex && !un;
            boolean cBe = be && !un;
            boolean undefined = seq.undefinedLength() || un && ex;
            long header = ex ? 12 : 8;
            return header + sequenceContentSize(seq, cEx, cBe) + (undefined ? 8 : 0);
        }
        if (value instanceof Fragments frags) {
            long size = (ex ? 12 : 8) + 8;
            for (Object item : frags) {
                size += 8 + valueLength(item);
            }
            return size;
        }
        long len = valueLength(value);
        long header = !ex ? 8 : vr.longLength() || len > 0xFFFF ? 12 : 8;
        return header + len;
    }

    private static long sequenceContentSize(Sequence seq, boolean ex, boolean be) {
        long size = 0;
        for (Attributes item : seq) {
            size += 8 + contentsSize(item, ex, be) + (item.undefinedLength() ? 8 : 0);
        }
        return size;
    }

    static long contentsSize(Attributes ds, boolean ex, boolean be) {
        long size = 0;
        for (int i = 0; i < ds.size(); i++) {
            size += elementSize(ds.tagAt(i), ds.vrAt(i), ds.valueAt(i), ex, be);
        }
        return size;
    }

    /** Ends a deflated data set and flushes; the underlying stream stays open. */
    public void finish() throws IOException {
        if (deflaterOut != null) {
            deflaterOut.finish();
        }
        raw.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            if (deflater != null) {
                deflater.end();
            }
            raw.close();
        }
    }

    /** Swaps fixed-size units of a value written in arbitrary chunks, carrying a partial unit over. */
    private static final class SwappingOutputStream extends OutputStream {
        private final OutputStream out;
        private final int unit;
        private final byte[] buf = new byte[CHUNK];
        private int n;

        SwappingOutputStream(OutputStream out, int unit) {
            this.out = out;
            this.unit = unit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
                if (n == buf.length) {
                    drain(false);
                }
            }
        }

        private void drain(boolean all) throws IOException {
            int whole = n - n % unit;
            ByteSwap.swap(buf, 0, whole, unit);
            int w = all ? n : whole;
            out.write(buf, 0, w);
            System.arraycopy(buf, w, buf, 0, n - w);
            n -= w;
        }

        @Override
        public void close() throws IOException {
            drain(true);
        }
    }
}
