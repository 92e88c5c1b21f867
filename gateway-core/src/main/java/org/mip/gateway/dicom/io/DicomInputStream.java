package org.mip.gateway.dicom.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Fragments;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming DICOM reader: a pull parser over an {@link InputStream} that yields one event per element
 * header, item and delimiter, and lets a value be read into memory, skipped, or copied to a stream in
 * chunks without ever being held whole ({@link #copyValueTo(OutputStream)}). {@link #readDataset()}
 * builds a full {@link Attributes} on top of the same events.
 *
 * <p>{@link #open(InputStream)} recognises a Part 10 file (128-byte preamble and "DICM", PS3.10 7.1),
 * a file without preamble, and a bare data set without File Meta Information, whose encoding it sniffs
 * (implicit or explicit VR, little or big endian). The File Meta Information is always Explicit VR
 * Little Endian; the data set that follows is in the meta's Transfer Syntax, inflated first when deflated.
 *
 * <p>Event model: after an {@link Event#ELEMENT} whose value is a container (a sequence, or encapsulated
 * pixel data), the next events are that container's {@link Event#ITEM}s (or {@link Event#FRAGMENT}s)
 * and finally {@link Event#SEQUENCE_END}; an item's elements end with {@link Event#ITEM_END}. Ends are
 * reported for defined-length containers too ({@link #delimited()} tells whether a delimitation item
 * was read). A value left unread is skipped by the next {@link #next()}.
 *
 * <p>Every failure caused by the input is a {@link DicomParseException} naming offset and tag. Declared
 * lengths are checked against the bytes known to be left (a file's size, the enclosing item) before
 * anything is allocated, and values are otherwise read in bounded chunks, so a lying length costs at
 * most about twice the bytes actually present. Not thread-safe.
 */
public final class DicomInputStream implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomInputStream.class);

    /** {@link #length()} of an element, item or sequence with undefined length (0xFFFFFFFF, PS3.5 7.1.1). */
    public static final long UNDEFINED_LENGTH = -1;
    /** Default maximum nesting depth of sequences. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final int CHUNK = ByteInput.BUFFER_SIZE;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    /** What {@link #next()} found. */
    public enum Event {
        /** A data element header; see {@link #tag()}, {@link #vr()}, {@link #length()}, {@link #isContainer()}. */
        ELEMENT,
        /** An item (FFFE,E000) of a sequence; its elements follow, then {@link #ITEM_END}. */
        ITEM,
        /** The end of an item: its Item Delimitation Item, or its defined length reached. */
        ITEM_END,
        /** An item of encapsulated pixel data: the Basic Offset Table or a fragment, value pending. */
        FRAGMENT,
        /** The end of a sequence or of encapsulated pixel data. */
        SEQUENCE_END
    }

    private enum Kind { SEQUENCE, ITEM, FRAGMENTS }

    private record Frame(Kind kind, int tag, long end, boolean explicitVr, boolean bigEndian) {}

    private final ByteInput in;
    private final VrLookup dictionary;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private byte[] preamble;
    private Attributes fileMeta;
    private TransferSyntax transferSyntax;
    private boolean explicitVr;
    private boolean bigEndian;
    /** Deepest nesting of items, sequences and fragments the stack takes; it grows up to this as needed. */
    private static final int MAX_FRAMES = 3 * 1024;
    private Frame[] stack = new Frame[16];
    private int sp;
    private int sequenceDepth;

    private Event event;
    private int tag = DicomParseException.NO_TAG;
    private VR vr;
    private long length;
    private long headerOffset;
    private boolean delimited;
    private boolean container;
    private boolean unSequence;
    /** Bytes of the current value not yet consumed; 0 when none is pending. */
    private long pending;
    private boolean pendingSwap;
    private int pixelRepresentation;
    private boolean ended;

    private DicomInputStream(InputStream in, long knownLength, VrLookup dictionary) {
        this.in = new ByteInput(in, knownLength);
        this.dictionary = dictionary;
    }

    /** Opens a Part 10 file or bare data set, detecting which (see class comment). */
    public static DicomInputStream open(InputStream in) throws IOException {
        return open(in, -1, VrLookup.standard());
    }

    /**
     * As {@link #open(InputStream)}, for an input of {@code knownLength} bytes (-1 if unknown), which
     * lets declared lengths be checked before reading; {@code dictionary} gives implicit-VR elements their VR.
     */
    public static DicomInputStream open(InputStream in, long knownLength, VrLookup dictionary) throws IOException {
        DicomInputStream d = new DicomInputStream(in, knownLength, dictionary);
        try {
            d.readHead();
        } catch (IOException | RuntimeException e) {
            throw d.wrap(e);
        }
        return d;
    }

    /** Opens a file; the caller closes the stream. */
    public static DicomInputStream open(Path file) throws IOException {
        InputStream s = Files.newInputStream(file);
        try {
            return open(s, Files.size(file), VrLookup.standard());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A bare data set in a known transfer syntax, e.g. from P-DATA fragments; nothing is sniffed. */
    public static DicomInputStream ofDataset(InputStream in, TransferSyntax ts) throws IOException {
        DicomInputStream d = new DicomInputStream(in, -1, VrLookup.standard());
        d.startDataset(ts, false);
        return d;
    }

    /** Limits the nesting depth of sequences (default {@value #DEFAULT_MAX_DEPTH}). */
    public DicomInputStream maxDepth(int depth) {
        this.maxDepth = depth;
        return this;
    }

    /** The 128-byte preamble, or {@code null} when the input had none. */
    public byte[] preamble() {
        return preamble;
    }

    /** The File Meta Information (group 0002), or {@code null} for a bare data set. */
    public Attributes fileMeta() {
        return fileMeta;
    }

    /** The data set's transfer syntax: the meta's, or the one sniffed for a bare data set. */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** Whether the data set is actually encoded with explicit VR (may differ from a mislabelled meta). */
    public boolean explicitVr() {
        return explicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    // ---- head: preamble, meta, sniffing -----------------------------------------------------

    private void readHead() throws IOException {
        int n = in.fill(132);
        byte[] b = in.buffer();
        int p = in.bufferPos();
        if (n >= 132 && b[p + 128] == 'D' && b[p + 129] == 'I' && b[p + 130] == 'C' && b[p + 131] == 'M') {
            preamble = new byte[128];
            in.readFully(preamble, 0, 128);
            in.skip(4);
            readMeta();
        } else if (n >= 4 && b[p] == 'D' && b[p + 1] == 'I' && b[p + 2] == 'C' && b[p + 3] == 'M') {
            LOG.debug("No preamble: file starts with the DICM prefix");
            in.skip(4);
            readMeta();
        } else if (n >= 8 && b[p] == 2 && b[p + 1] == 0 && b[p + 3] == 0) {
            LOG.debug("No preamble and no DICM prefix: file starts with File Meta Information");
            readMeta();
        } else {
            if (n == 0) {
                throw new DicomParseException(0, DicomParseException.NO_TAG, "empty input: not DICOM");
            }
            Encoding e = sniff();
            if (e == null) {
                throw new DicomParseException(0, DicomParseException.NO_TAG,
                        "not DICOM: no preamble with DICM prefix, no File Meta Information, and the first bytes "
                                + "are not a data element in any transfer syntax");
            }
            transferSyntax = e.syntax();
            explicitVr = e.explicitVr;
            bigEndian = e.bigEndian;
            LOG.debug("No File Meta Information: data set sniffed as {}", e);
        }
    }

    private record Encoding(boolean explicitVr, boolean bigEndian) {
        TransferSyntax syntax() {
            if (!explicitVr) {
                return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN; // implicit big endian has no UID
            }
            return bigEndian ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        }

        @Override
        public String toString() {
            return (explicitVr ? "explicit" : "implicit") + " VR " + (bigEndian ? "big" : "little") + " endian";
        }
    }

    private void readMeta() throws IOException {
        long start = in.position();
        // The meta is Explicit VR Little Endian (PS3.10 7.1); tolerate an implicit one as DCMTK does.
        boolean metaExplicit = plausibleElements(true, false, 1) > 0 || plausibleElements(false, false, 1) == 0;
        if (!metaExplicit) {
            LOG.warn("File Meta Information is encoded with implicit VR: reading it leniently");
        }
        explicitVr = metaExplicit;
        bigEndian = false;
        Attributes meta = new Attributes();
        while (in.fill(2) >= 2 && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
            Event ev = next();
            if (ev != Event.ELEMENT || container) {
                throw error("unexpected " + ev + " in File Meta Information");
            }
            if (meta.contains(tag)) {
                LOG.warn("{} found twice in File Meta Information, keeping the first", Tag.toString(tag));
                skipValue();
                continue;
            }
            meta.setValue(tag, vr, readValue());
        }
        fileMeta = meta;
        byte[] gl = meta.getBytes(Tag.FileMetaInformationGroupLength);
        if (gl != null && gl.length == 4) {
            long declared = (gl[0] & 0xFFL) | (gl[1] & 0xFFL) << 8 | (gl[2] & 0xFFL) << 16 | (gl[3] & 0xFFL) << 24;
            long actual = in.position() - start - 12;
            if (declared != actual) {
                LOG.warn("File Meta Information Group Length is {} but the group is {} bytes", declared, actual);
            }
        }
        String tsUid = metaString(meta, Tag.TransferSyntaxUID);
        TransferSyntax ts;
        if (tsUid == null || tsUid.isEmpty()) {
            Encoding e = in.atEnd() ? new Encoding(true, false) : sniff();
            if (e == null) {
                throw new DicomParseException(in.position(), DicomParseException.NO_TAG,
                        "File Meta Information has no Transfer Syntax UID and the data set's encoding cannot be recognised");
            }
            LOG.warn("File Meta Information has no Transfer Syntax UID: data set sniffed as {}", e);
            ts = e.syntax();
        } else {
            ts = TransferSyntax.of(tsUid);
        }
        startDataset(ts, true);
    }

    private static String metaString(Attributes meta, int tag) {
        byte[] v = meta.getBytes(tag);
        if (v == null) {
            return null;
        }
        return new String(v, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    private void startDataset(TransferSyntax ts, boolean checkEncoding) throws IOException {
        transferSyntax = ts;
        explicitVr = ts.explicitVr();
        bigEndian = ts.bigEndian();
        if (ts.deflated()) {
            inflate();
        }
        if (checkEncoding && !in.atEnd()) {
            // Like pydicom: a data set labelled explicit but encoded implicit (or the reverse) is read as encoded.
            if (plausibleElements(explicitVr, bigEndian, 1) == 0 && plausibleElements(!explicitVr, bigEndian, 1) > 0) {
                LOG.warn("Transfer Syntax {} says {} VR but the data set is encoded with {} VR: reading it as encoded",
                        ts.uid(), explicitVr ? "explicit" : "implicit", explicitVr ? "implicit" : "explicit");
                explicitVr = !explicitVr;
            }
        }
    }

    /** PS3.5 A.5: raw deflate (RFC 1951); a zlib header (RFC 1950), which some writers emit, is accepted. */
    private void inflate() throws IOException {
        int n = in.fill(2);
        boolean zlib = n >= 2 && (in.peek(0) & 0x0F) == 8 && ((in.peek(0) << 8) | in.peek(1)) % 31 == 0;
        if (zlib) {
            LOG.warn("Deflated data set has a zlib header; PS3.5 A.5 requires raw deflate");
        }
        in.wrapRemaining(s -> new InflaterInputStream(s, new Inflater(!zlib), CHUNK));
    }

    /**
     * How many consecutive element headers (up to {@code max}) look right in the buffered bytes when read
     * with this encoding: ascending tags, known VR codes, lengths that fit what is known to be left.
     */
    private int plausibleElements(boolean explicit, boolean be, int max) throws IOException {
        // one header (the check after the meta information) needs no more than the first buffer holds;
        // counting several (sniffing a file without meta information) looks as far as the largest buffer
        int n = in.fill(max == 1 ? ByteInput.INITIAL_BUFFER_SIZE : ByteInput.BUFFER_SIZE);
        byte[] b = in.buffer();
        int p = in.bufferPos();
        int end = p + n;
        long left = in.remainingKnown();
        int count = 0;
        long lastTag = -1;
        while (count < max && p + 8 <= end) {
            int g = be ? ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF) : ((b[p + 1] & 0xFF) << 8) | (b[p] & 0xFF);
            int el = be ? ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF) : ((b[p + 3] & 0xFF) << 8) | (b[p + 2] & 0xFF);
            long t = ((long) g << 16) | el;
            if (t <= lastTag || g == 0xFFFE || g == 0 && count == 0 && el != 0) {
                break;
            }
            long len;
            int hdr;
            if (explicit) {
                VR v = VR.ofCode(((b[p + 4] & 0xFF) << 8) | (b[p + 5] & 0xFF));
                if (v == null) {
                    break;
                }
                if (v.longLength()) {
                    if (p + 12 > end) {
                        return count + 1;
                    }
                    len = be ? u32be(b, p + 8) : u32le(b, p + 8);
                    hdr = 12;
                } else {
                    len = be ? ((b[p + 6] & 0xFF) << 8) | (b[p + 7] & 0xFF) : ((b[p + 7] & 0xFF) << 8) | (b[p + 6] & 0xFF);
                    hdr = 8;
                }
            } else {
                if (VR.ofCode(((b[p + 4] & 0xFF) << 8) | (b[p + 5] & 0xFF)) != null && count == 0
                        && plausibleAsExplicitHere(b, p, end, be)) {
                    break; // the length bytes spell a VR: this is explicit VR
                }
                len = be ? u32be(b, p + 4) : u32le(b, p + 4);
                hdr = 8;
            }
            count++;
            if (len == 0xFFFFFFFFL) {
                break; // a sequence or encapsulated data: stop counting, the header itself looked fine
            }
            if (len + hdr > left) {
                return count - 1;
            }
            left -= len + hdr;
            lastTag = t;
            long next = (long) p + hdr + len;
            if (next > end) {
                break;
            }
            p = (int) next;
        }
        return count;
    }

    private static boolean plausibleAsExplicitHere(byte[] b, int p, int end, boolean be) {
        VR v = VR.ofCode(((b[p + 4] & 0xFF) << 8) | (b[p + 5] & 0xFF));
        return v != null && (!v.longLength() || p + 12 <= end && b[p + 6] == 0 && b[p + 7] == 0);
    }

    private static long u32le(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }

    private static long u32be(byte[] b, int p) {
        return (b[p + 3] & 0xFFL) | (b[p + 2] & 0xFFL) << 8 | (b[p + 1] & 0xFFL) << 16 | (b[p] & 0xFFL) << 24;
    }

    private Encoding sniff() throws IOException {
        Encoding best = null;
        int bestCount = 0;
        // Preference on ties: explicit LE, implicit LE, explicit BE, implicit BE.
        for (Encoding e : new Encoding[] {
            new Encoding(true, false), new Encoding(false, false), new Encoding(true, true), new Encoding(false, true)}) {
            int c = plausibleElements(e.explicitVr, e.bigEndian, 4);
            if (c > bestCount) {
                best = e;
                bestCount = c;
            }
        }
        return best;
    }

    // ---- events -------------------------------------------------------------------------------

    /** Reads the next header, skipping any unread value; {@code null} at the end of the data set. */
    public Event next() throws IOException {
        try {
            return nextEvent();
        } catch (IOException | RuntimeException e) {
            throw wrap(e);
        }
    }

    private Event nextEvent() throws IOException {
        if (pending > 0) {
            in.skip(pending);
            pending = 0;
        }
        if (ended) {
            return null;
        }
        while (true) {
            Frame f = sp > 0 ? stack[sp - 1] : null;
            long pos = in.position();
            headerOffset = pos;
            if (f != null && f.end >= 0) {
                if (pos == f.end) {
                    return endFrame(false);
                }
                if (pos > f.end) {
                    throw error("element runs past the end of the enclosing " + describe(f) + " at offset " + f.end);
                }
            }
            if (f == null && in.atEnd()) {
                ended = true;
                event = null;
                tag = DicomParseException.NO_TAG;
                return null;
            }
            boolean ex = f == null ? explicitVr : f.explicitVr;
            boolean be = f == null ? bigEndian : f.bigEndian;
            tag = DicomParseException.NO_TAG;
            int g = in.u16(be);
            tag = (g << 16) | in.u16(be);
            vr = null;
            container = false;
            unSequence = false;
            delimited = false;
            if (g == 0xFFFE) {
                long len = in.u32(be);
                length = len == 0xFFFFFFFFL ? UNDEFINED_LENGTH : len;
                Event ev = itemEvent(f, pos);
                if (ev != null) {
                    return ev;
                }
                continue; // a stray top-level delimiter was skipped
            }
            if (f != null && f.kind != Kind.ITEM) {
                throw error("expected an item in " + describe(f) + " but found a data element");
            }
            readElementHeader(ex, be, pos);
            return event = Event.ELEMENT;
        }
    }

    private Event itemEvent(Frame f, long pos) throws IOException {
        switch (tag) {
            case Tag.Item -> {
                if (f == null || f.kind == Kind.ITEM) {
                    throw error("item found outside a sequence");
                }
                if (f.kind == Kind.FRAGMENTS) {
                    if (length == UNDEFINED_LENGTH) {
                        throw error("fragment of encapsulated pixel data with undefined length");
                    }
                    checkFits(length);
                    pending = length;
                    pendingSwap = false;
                    vr = VR.OB;
                    return event = Event.FRAGMENT;
                }
                long end = length == UNDEFINED_LENGTH ? -1 : checkFits(length) + in.position();
                push(new Frame(Kind.ITEM, Tag.Item, end, f.explicitVr, f.bigEndian));
                return event = Event.ITEM;
            }
            case Tag.ItemDelimitationItem -> {
                if (f == null || f.kind != Kind.ITEM) {
                    throw error("Item Delimitation Item outside an item");
                }
                if (f.end >= 0) {
                    throw error("Item Delimitation Item in an item of defined length");
                }
                warnNonZeroDelimiterLength();
                return endFrame(true);
            }
            case Tag.SequenceDelimitationItem -> {
                if (f == null) {
                    LOG.warn("Ignoring a Sequence Delimitation Item at top level, offset {}", pos);
                    if (length > 0 && length != UNDEFINED_LENGTH) {
                        in.skip(checkFits(length));
                    }
                    return null;
                }
                if (f.kind == Kind.ITEM || f.end >= 0) {
                    throw error("Sequence Delimitation Item inside " + describe(f));
                }
                warnNonZeroDelimiterLength();
                return endFrame(true);
            }
            default -> throw error("unknown item tag");
        }
    }

    private void warnNonZeroDelimiterLength() {
        if (length != 0) {
            LOG.warn("{} at offset {} has length {}, expected 0: ignored", Tag.toString(tag), headerOffset, length);
        }
    }

    private Event endFrame(boolean withDelimiter) {
        Frame f = stack[--sp];
        stack[sp] = null;
        if (f.kind == Kind.SEQUENCE) {
            sequenceDepth--;
        }
        delimited = withDelimiter;
        tag = f.tag;
        vr = null;
        container = false;
        length = withDelimiter ? 0 : f.end;
        return event = f.kind == Kind.ITEM ? Event.ITEM_END : Event.SEQUENCE_END;
    }

    private void readElementHeader(boolean ex, boolean be, long pos) throws IOException {
        long len;
        boolean contentsExplicit = ex;
        boolean contentsBigEndian = be;
        if (ex) {
            in.require(4);
            int c0 = in.peek(0);
            int c1 = in.peek(1);
            VR v = VR.ofCode((c0 << 8) | c1);
            if (v != null) {
                in.skip(2);
                if (v.longLength()) {
                    in.skip(2);
                    len = in.u32(be);
                } else {
                    len = in.u16(be);
                }
            } else if (isUpper(c0) && isUpper(c1)) {
                // A VR code this toolkit does not know: as DCMTK does, assume a newer VR with a 32-bit length.
                LOG.warn("{} at offset {}: unknown VR '{}{}', reading it as UN", Tag.toString(tag), pos, (char) c0, (char) c1);
                in.skip(4);
                len = in.u32(be);
                v = VR.UN;
            } else {
                // Not a VR at all: the element is implicit VR in an explicit data set (seen in the wild).
                len = in.u32(be);
                v = implicitVr(tag);
                LOG.warn("{} at offset {}: no VR in explicit VR data set, reading it as implicit VR {}",
                        Tag.toString(tag), pos, v);
            }
            vr = v;
        } else {
            len = in.u32(be);
            vr = implicitVr(tag);
        }
        boolean undefined = len == 0xFFFFFFFFL;
        length = undefined ? UNDEFINED_LENGTH : len;
        Kind kind = null;
        if (vr == VR.SQ) {
            kind = Kind.SEQUENCE;
        } else if (undefined) {
            if (vr == VR.OB || vr == VR.OW || !ex && tag == Tag.PixelData) {
                kind = Kind.FRAGMENTS; // encapsulated format, PS3.5 A.4
            } else if (vr == VR.UN || !ex) {
                // PS3.5 6.2.2: UN with undefined length is a sequence encoded as Implicit VR Little Endian;
                // an unknown element with undefined length in an implicit data set is a sequence too.
                kind = Kind.SEQUENCE;
                vr = VR.UN;
                unSequence = true;
                contentsExplicit = false;
                contentsBigEndian = false;
            } else {
                throw error("undefined length is not allowed for VR " + vr);
            }
        }
        if (kind != null) {
            container = true;
            if (kind == Kind.SEQUENCE && ++sequenceDepth > maxDepth) {
                throw error("sequences nested deeper than " + maxDepth);
            }
            long end = undefined ? -1 : checkFits(len) + in.position();
            push(new Frame(kind, tag, end, contentsExplicit, contentsBigEndian));
            pending = 0;
        } else {
            checkFits(len);
            pending = len;
            pendingSwap = be;
        }
    }

    private static boolean isUpper(int c) {
        return c >= 'A' && c <= 'Z';
    }

    private VR implicitVr(int t) {
        if (Tag.element(t) == 0) {
            return VR.UL; // group length, PS3.5 7.2
        }
        VR v = dictionary.vrOf(t, pixelRepresentation);
        return v == null ? VR.UN : v;
    }

    private void push(Frame f) throws DicomParseException {
        if (sp == stack.length) {
            if (stack.length == MAX_FRAMES) {
                throw error("nesting too deep");
            }
            stack = Arrays.copyOf(stack, Math.min(MAX_FRAMES, 2 * stack.length));
        }
        stack[sp++] = f;
    }

    /** Checks {@code len} against the bytes known to be left and the enclosing defined-length item. */
    private long checkFits(long len) throws DicomParseException {
        long left = in.remainingKnown();
        if (len > left) {
            throw error("length " + len + " exceeds the " + left + " bytes left in the input");
        }
        for (int i = sp - 1; i >= 0; i--) {
            Frame f = stack[i];
            if (f.end >= 0) {
                long room = f.end - in.position();
                if (len > room) {
                    throw error("length " + len + " exceeds the " + room + " bytes left in the enclosing " + describe(f));
                }
                break;
            }
        }
        return len;
    }

    private static String describe(Frame f) {
        return switch (f.kind) {
            case ITEM -> "item";
            case SEQUENCE -> "sequence " + Tag.toString(f.tag);
            case FRAGMENTS -> "encapsulated pixel data " + Tag.toString(f.tag);
        };
    }

    // ---- current header -------------------------------------------------------------------------

    /** The current event, or {@code null} before the first and after the last. */
    public Event event() {
        return event;
    }

    /** Tag of the current element, item or delimiter; for an end event, the tag of what ended. */
    public int tag() {
        return tag;
    }

    /** VR of the current element (from the dictionary for implicit VR), {@code null} for items and ends. */
    public VR vr() {
        return vr;
    }

    /** Declared length, or {@link #UNDEFINED_LENGTH}. */
    public long length() {
        return length;
    }

    public boolean undefinedLength() {
        return length == UNDEFINED_LENGTH;
    }

    /** Offset of the current header in the data set stream (after inflation for deflated syntaxes). */
    public long headerOffset() {
        return headerOffset;
    }

    /** Current position in the data set stream. */
    public long position() {
        return in.position();
    }

    /** Whether the current element opened a container: a sequence or encapsulated pixel data. */
    public boolean isContainer() {
        return container;
    }

    /** Whether the current sequence element is UN with undefined length, read as a sequence (PS3.5 6.2.2). */
    public boolean isUnSequence() {
        return unSequence;
    }

    /** For an end event: whether it was a delimitation item rather than the end of a defined length. */
    public boolean delimited() {
        return delimited;
    }

    /** Number of open sequences around the current position. */
    public int depth() {
        return sequenceDepth;
    }

    // ---- values -------------------------------------------------------------------------------------

    /**
     * Reads the pending value of the current element or fragment; binary VRs come back little endian.
     * Reads in bounded chunks, so a declared length larger than the input fails without allocating it.
     */
    public byte[] readValue() throws IOException {
        try {
            return readPending();
        } catch (IOException | RuntimeException e) {
            throw wrap(e);
        }
    }

    private byte[] readPending() throws IOException {
        long len = pending;
        if (len > MAX_ARRAY) {
            throw error("value of " + len + " bytes is too large to hold in memory; stream it instead");
        }
        int n = (int) len;
        byte[] b;
        if (n <= CHUNK || in.knowsEnd() && n <= in.remainingKnown()) {
            b = new byte[n];
            in.readFully(b, 0, n);
        } else {
            // Unknown input size: grow with the bytes that actually arrive.
            b = new byte[CHUNK];
            int have = 0;
            while (have < n) {
                if (have == b.length) {
                    b = Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
                }
                int k = Math.min(b.length - have, n - have);
                in.readFully(b, have, k);
                have += k;
            }
        }
        pending = 0;
        if (pendingSwap) {
            ByteSwap.swap(b, 0, n, ByteSwap.unit(vr));
        }
        if (tag == 0x00280103 && n == 2 && event == Event.ELEMENT) {
            pixelRepresentation = (b[0] & 0xFF) | (b[1] & 0xFF) << 8; // resolves "US or SS" in implicit VR
        }
        return b;
    }

    /** Skips the pending value, or the rest of a container just opened. */
    public void skipValue() throws IOException {
        try {
            if (container) {
                int target = sp - 1;
                while (sp > target) {
                    if (nextEvent() == null) {
                        throw error("unexpected end of data set in a container");
                    }
                }
                container = false;
            } else {
                in.skip(pending);
                pending = 0;
            }
        } catch (IOException | RuntimeException e) {
            throw wrap(e);
        }
    }

    /** Bytes of the current value not yet consumed. */
    public long pendingLength() {
        return pending;
    }

    /**
     * Copies the pending value to {@code out} in chunks of at most 64 KiB, swapped to little endian
     * like {@link #readValue()}; memory use does not depend on the value's size.
     */
    public void copyValueTo(OutputStream out) throws IOException {
        try {
            int unit = pendingSwap ? ByteSwap.unit(vr) : 1;
            if (unit == 1) {
                in.copyTo(out, pending);
                pending = 0;
                return;
            }
            byte[] chunk = new byte[CHUNK]; // a multiple of every swap unit
            while (pending > 0) {
                int k = (int) Math.min(pending, CHUNK);
                in.readFully(chunk, 0, k);
                pending -= k;
                ByteSwap.swap(chunk, 0, k, unit);
                out.write(chunk, 0, k);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && !(e instanceof EOFException) && !(e instanceof ZipException)
                    && !(e instanceof DicomParseException)) {
                throw io; // a failure of the destination, not of the input
            }
            throw wrap(e);
        }
    }

    public void copyValueTo(WritableByteChannel out) throws IOException {
        copyValueTo(Channels.newOutputStream(out));
    }

    // ---- data sets ------------------------------------------------------------------------------

    /** Reads the rest of the data set into a new {@link Attributes}. */
    public Attributes readDataset() throws IOException {
        Attributes ds = new Attributes();
        readDataset(ds, -1);
        return ds;
    }

    /**
     * Reads elements at the current level into {@code into} until the end of the data set or item, or
     * until an element whose tag is at or above {@code stopTag} (unsigned; -1 for none): that element's
     * header is then the current event, its value pending. Returns whether it stopped at such a tag.
     */
    public boolean readDataset(Attributes into, int stopTag) throws IOException {
        try {
            return readItemContents(into, stopTag);
        } catch (IOException | RuntimeException e) {
            throw wrap(e);
        }
    }

    private boolean readItemContents(Attributes into, int stopTag) throws IOException {
        while (true) {
            Event ev = nextEvent();
            if (ev == null || ev == Event.ITEM_END) {
                return false;
            }
            if (ev != Event.ELEMENT) {
                throw error("unexpected " + ev + " in a data set");
            }
            if (stopTag != -1 && Integer.compareUnsigned(tag, stopTag) >= 0) {
                return true;
            }
            readElementInto(into);
        }
    }

    /** Reads the value of the current ELEMENT (any kind) into {@code into}. */
    public void readElementInto(Attributes into) throws IOException {
        try {
            readCurrentElement(into);
        } catch (IOException | RuntimeException e) {
            throw wrap(e);
        }
    }

    private void readCurrentElement(Attributes into) throws IOException {
        int t = tag;
        VR v = vr;
        int i = into.indexOf(t);
        if (i >= 0) {
            LOG.warn("{} at offset {} found twice in one data set, keeping the first", Tag.toString(t), headerOffset);
            skipValue();
            return;
        }
        if (-i - 1 < into.size()) {
            LOG.warn("{} at offset {} is out of ascending tag order", Tag.toString(t), headerOffset);
        }
        if (!container) {
            into.setValue(t, v, pending == 0 ? null : readPending());
            return;
        }
        boolean undefined = length == UNDEFINED_LENGTH;
        if (stack[sp - 1].kind == Kind.FRAGMENTS) {
            Fragments frags = into.newFragments(t, v, 2);
            Event ev;
            while ((ev = nextEvent()) == Event.FRAGMENT) {
                frags.add(readPending());
            }
            if (ev != Event.SEQUENCE_END) {
                throw error("unexpected " + ev + " in encapsulated pixel data");
            }
            return;
        }
        boolean un = unSequence;
        Sequence seq = into.newSequence(t, 1);
        seq.setUndefinedLength(undefined);
        if (un) {
            into.setValue(t, VR.UN, seq);
        }
        Event ev;
        while ((ev = nextEvent()) == Event.ITEM) {
            Attributes item = new Attributes();
            item.setUndefinedLength(length == UNDEFINED_LENGTH);
            seq.add(item);
            readItemContents(item, -1);
        }
        if (ev != Event.SEQUENCE_END) {
            throw error("unexpected " + ev + " in sequence");
        }
    }

    // ---- errors ---------------------------------------------------------------------------------

    private DicomParseException error(String reason) {
        return new DicomParseException(headerOffset, tag, reason);
    }

    private IOException wrap(Exception e) {
        if (e instanceof DicomParseException d) {
            return d;
        }
        long pos = in.position();
        if (e instanceof EOFException) {
            return new DicomParseException(pos, tag, sp > 0 || pending > 0 || event == Event.ELEMENT
                    ? "unexpected end of input (truncated)" : "unexpected end of input (truncated header)", e);
        }
        if (e instanceof ZipException || e.getCause() instanceof DataFormatException) {
            return new DicomParseException(pos, tag, "corrupt deflated data: " + e.getMessage(), e);
        }
        if (e instanceof IOException io) {
            return io; // I/O failure of the underlying stream
        }
        return new DicomParseException(pos, tag, "malformed input: " + e, e);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Convenience: everything up to and including the data set of a file. */
    public static DicomFile readFile(Path file) throws IOException {
        try (DicomInputStream d = open(file)) {
            return d.readFile();
        }
    }

    /** Reads the data set and returns it with preamble and meta. */
    public DicomFile readFile() throws IOException {
        Attributes ds = readDataset();
        return new DicomFile(preamble, fileMeta, ds, transferSyntax);
    }
}
