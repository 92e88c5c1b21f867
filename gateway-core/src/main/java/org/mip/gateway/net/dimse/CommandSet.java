package org.mip.gateway.net.dimse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mip.gateway.dicom.data.Tag;

/**
 * The elements of one command set (group 0000) as raw little-endian values, sorted by tag, with the
 * Implicit VR Little Endian encoding of PS3.7 6.3.1 / PS3.5 7.1.3: tag (group, element, each 16-bit
 * LE), 32-bit LE value length, value. Only the VRs of group 0000 occur (PS3.7 E.1 Table E.1-1): UL, US,
 * UI, AE, LO, AT, plus retired SH/AE elements kept as raw bytes.
 */
final class CommandSet {
    private static final int HEADER = 8;
    private static final byte[] EMPTY = {};

    private final TreeMap<Integer, byte[]> elements = new TreeMap<>();
    /** Context for errors, filled in as soon as known. */
    Integer messageId;
    Integer commandField;
    String affectedSopClassUid;
    boolean dataSetFollows;

    // ---- writing ----------------------------------------------------------------------------

    void putUS(int tag, int value) {
        elements.put(tag, new byte[] {(byte) value, (byte) (value >>> 8)});
    }

    void putUS(int tag, Integer value) {
        if (value != null) {
            putUS(tag, value.intValue());
        }
    }

    /** UI: ASCII, padded with a trailing NUL to even length (PS3.5 6.2). */
    void putUI(int tag, String uid) {
        if (uid != null) {
            elements.put(tag, pad(uid, (byte) 0));
        }
    }

    /** AE, CS, LO, SH: ASCII, padded with a trailing space to even length. */
    void putText(int tag, String text) {
        if (text != null) {
            elements.put(tag, pad(text, (byte) ' '));
        }
    }

    /** AT, VM 1-n: each tag as group then element, 16-bit LE each (PS3.5 6.2). */
    void putAT(int tag, List<Integer> tags) {
        if (tags == null || tags.isEmpty()) {
            return;
        }
        byte[] b = new byte[tags.size() * 4];
        for (int i = 0; i < tags.size(); i++) {
            int t = tags.get(i);
            int g = t >>> 16;
            int e = t & 0xFFFF;
            b[4 * i] = (byte) g;
            b[4 * i + 1] = (byte) (g >>> 8);
            b[4 * i + 2] = (byte) e;
            b[4 * i + 3] = (byte) (e >>> 8);
        }
        elements.put(tag, b);
    }

    private static byte[] pad(String s, byte padding) {
        byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
        if ((ascii.length & 1) == 0) {
            return ascii;
        }
        byte[] b = new byte[ascii.length + 1];
        System.arraycopy(ascii, 0, b, 0, ascii.length);
        b[ascii.length] = padding;
        return b;
    }

    /** The encoded command set: Command Group Length (0000,0000) UL first, then the elements ascending. */
    byte[] encode() {
        elements.remove(Tag.CommandGroupLength);
        int groupLength = 0;
        for (byte[] v : elements.values()) {
            groupLength += HEADER + v.length;
        }
        byte[] out = new byte[HEADER + 4 + groupLength];
        int p = header(out, 0, Tag.CommandGroupLength, 4);
        p = le32(out, p, groupLength);
        for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
            byte[] v = e.getValue();
            p = header(out, p, e.getKey(), v.length);
            System.arraycopy(v, 0, out, p, v.length);
            p += v.length;
        }
        return out;
    }

    private static int header(byte[] out, int p, int tag, int length) {
        out[p] = (byte) (tag >>> 16);
        out[p + 1] = (byte) (tag >>> 24);
        out[p + 2] = (byte) tag;
        out[p + 3] = (byte) (tag >>> 8);
        return le32(out, p + 4, length);
    }

    private static int le32(byte[] out, int p, int v) {
        out[p] = (byte) v;
        out[p + 1] = (byte) (v >>> 8);
        out[p + 2] = (byte) (v >>> 16);
        out[p + 3] = (byte) (v >>> 24);
        return p + 4;
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * Parses {@code length} bytes at {@code offset}: the first element must be Command Group Length
     * with a value equal to the number of bytes after it; every element must be of group 0000, of
     * defined length within the bounds, in ascending tag order (PS3.5 7.1).
     */
    static CommandSet parse(byte[] b, int offset, int length) throws DimseException {
        if (offset < 0 || length < 0 || offset + length > b.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + b.length);
        }
        CommandSet cs = new CommandSet();
        int end = offset + length;
        if (length < HEADER + 4 || tag(b, offset) != Tag.CommandGroupLength || le32(b, offset + 4) != 4) {
            throw new DimseException(DimseException.Reason.BAD_GROUP_LENGTH,
                    "command set does not start with Command Group Length (0000,0000) UL");
        }
        long groupLength = le32(b, offset + HEADER) & 0xFFFFFFFFL;
        if (groupLength != length - HEADER - 4) {
            throw new DimseException(DimseException.Reason.BAD_GROUP_LENGTH, "Command Group Length " + groupLength
                    + " but " + (length - HEADER - 4) + " bytes follow it");
        }
        int p = offset + HEADER + 4;
        int previous = Tag.CommandGroupLength;
        while (p < end) {
            if (end - p < HEADER) {
                throw malformed("truncated element header at byte " + (p - offset));
            }
            int tag = tag(b, p);
            long valueLength = le32(b, p + 4) & 0xFFFFFFFFL;
            if (Tag.group(tag) != 0) {
                throw malformed("element " + Tag.toString(tag) + " in a command set");
            }
            if (Integer.compareUnsigned(tag, previous) <= 0) {
                throw malformed("element " + Tag.toString(tag) + " not in ascending order");
            }
            if (valueLength > end - p - HEADER) {
                throw malformed("value of " + Tag.toString(tag) + " (" + valueLength + " bytes) exceeds the command set");
            }
            int n = (int) valueLength;
            byte[] v = n == 0 ? EMPTY : new byte[n];
            System.arraycopy(b, p + HEADER, v, 0, n);
            cs.elements.put(tag, v);
            previous = tag;
            p += HEADER + n;
        }
        return cs;
    }

    private static int tag(byte[] b, int p) {
        int g = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
        int e = (b[p + 2] & 0xFF) | (b[p + 3] & 0xFF) << 8;
        return g << 16 | e;
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    private static DimseException malformed(String message) {
        return new DimseException(DimseException.Reason.MALFORMED_ELEMENT, message);
    }

    DimseException error(DimseException.Reason reason, String message) {
        return new DimseException(reason, message, messageId, commandField, affectedSopClassUid, dataSetFollows);
    }

    boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** A US value, or {@code null} when absent; an empty value counts as absent. */
    Integer us(int tag) throws DimseException {
        byte[] v = elements.get(tag);
        if (v == null || v.length == 0) {
            return null;
        }
        if (v.length != 2) {
            throw error(DimseException.Reason.MALFORMED_ELEMENT,
                    Tag.toString(tag) + " US value of " + v.length + " bytes");
        }
        return (v[0] & 0xFF) | (v[1] & 0xFF) << 8;
    }

    int requireUS(int tag, String name) throws DimseException {
        Integer v = us(tag);
        if (v == null) {
            throw missing(tag, name);
        }
        return v;
    }

    /** A string value without its padding (trailing NULs and leading/trailing spaces), or {@code null} when absent or empty. */
    String string(int tag) throws DimseException {
        byte[] v = elements.get(tag);
        if (v == null) {
            return null;
        }
        int from = 0;
        int to = v.length;
        while (to > from && (v[to - 1] == 0 || v[to - 1] == ' ')) {
            to--;
        }
        while (from < to && v[from] == ' ') {
            from++;
        }
        for (int i = from; i < to; i++) {
            if (v[i] < 0x20 || v[i] == 0x7F) {
                throw error(DimseException.Reason.MALFORMED_ELEMENT,
                        Tag.toString(tag) + " holds a control character");
            }
        }
        return from == to ? null : new String(v, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A UI value: 1..64 characters of digits and dots (PS3.5 9.1), or {@code null} when absent. */
    String uid(int tag, String name) throws DimseException {
        String s = string(tag);
        if (s == null) {
            return null;
        }
        if (s.length() > 64) {
            throw error(DimseException.Reason.INVALID_FIELD, name + " longer than 64 characters");
        }
        return s;
    }

    String requireUid(int tag, String name) throws DimseException {
        String s = uid(tag, name);
        if (s == null) {
            throw missing(tag, name);
        }
        return s;
    }

    /** An AE value of at most 16 characters, or {@code null}. */
    String aeTitle(int tag, String name) throws DimseException {
        String s = string(tag);
        if (s != null && s.length() > 16) {
            throw error(DimseException.Reason.INVALID_FIELD, name + " longer than 16 characters");
        }
        return s;
    }

    List<Integer> at(int tag) throws DimseException {
        byte[] v = elements.get(tag);
        if (v == null || v.length == 0) {
            return List.of();
        }
        if ((v.length & 3) != 0) {
            throw error(DimseException.Reason.MALFORMED_ELEMENT,
                    Tag.toString(tag) + " AT value of " + v.length + " bytes");
        }
        List<Integer> tags = new ArrayList<>(v.length / 4);
        for (int p = 0; p < v.length; p += 4) {
            tags.add(tag(v, p));
        }
        return tags;
    }

    DimseException missing(int tag, String name) {
        return error(DimseException.Reason.MISSING_FIELD, "missing " + name + " " + Tag.toString(tag)
                + (commandField != null ? " in " + describe(commandField) : ""));
    }

    static String describe(int commandField) {
        CommandField f = CommandField.of(commandField);
        return f != null ? f.dimseName() : String.format("command field %04XH", commandField);
    }
}
