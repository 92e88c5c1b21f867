package org.mip.gateway.dicom.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * A DICOM data set (or sequence item): elements kept sorted by tag in parallel arrays of tags, VRs
 * and raw values (after dcm4che's {@code Attributes}).
 *
 * <p>A value is one of: {@code null} (empty), {@code byte[]} (the raw value; binary VRs are always in
 * little-endian byte order, a big-endian reader swaps them), {@link Sequence}, {@link Fragments}
 * (encapsulated pixel data) or {@link BulkData} (a value not held in memory). Strings and numbers are
 * decoded from the raw bytes on each access, with this data set's {@link #charset()}.
 *
 * <p>Appending in ascending tag order, as a reader does, is O(1) amortized; other inserts shift.
 * Not thread-safe.
 */
public final class Attributes {
    private static final int[] NO_TAGS = {};
    private static final VR[] NO_VRS = {};
    private static final Object[] NO_VALUES = {};

    private int[] tags;
    private VR[] vrs;
    private Object[] values;
    private int size;
    private Attributes parent;
    private boolean undefinedLength;
    private SpecificCharacterSet ownCharset;

    public Attributes() {
        this(16);
    }

    public Attributes(int capacity) {
        if (capacity <= 0) {
            tags = NO_TAGS;
            vrs = NO_VRS;
            values = NO_VALUES;
        } else {
            tags = new int[capacity];
            vrs = new VR[capacity];
            values = new Object[capacity];
        }
    }

    /** A deep copy of {@code other} (sequences and fragments copied, {@code byte[]} values shared). */
    public Attributes(Attributes other) {
        this(other.size);
        undefinedLength = other.undefinedLength;
        for (int i = 0; i < other.size; i++) {
            Object v = other.values[i];
            if (v instanceof Sequence sq) {
                Sequence copy = newSequence(other.tags[i], sq.size());
                copy.setUndefinedLength(sq.undefinedLength());
                for (Attributes item : sq) {
                    copy.add(new Attributes(item));
                }
            } else if (v instanceof Fragments f) {
                newFragments(other.tags[i], f.vr(), f.size()).addAll(f);
            } else {
                setValue(other.tags[i], other.vrs[i], v);
            }
        }
    }

    // ---- structure -------------------------------------------------------------------------

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int tagAt(int index) {
        checkIndex(index);
        return tags[index];
    }

    public VR vrAt(int index) {
        checkIndex(index);
        return vrs[index];
    }

    public Object valueAt(int index) {
        checkIndex(index);
        return values[index];
    }

    /** The index of {@code tag}, or {@code -(insertion point) - 1} when absent (as {@link Arrays#binarySearch}). */
    public int indexOf(int tag) {
        // Fast path for the common append/lookup-of-last case; tags compare as unsigned ints.
        if (size > 0 && Integer.compareUnsigned(tags[size - 1], tag) < 0) {
            return -size - 1;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(tags[mid], tag);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** Whether {@code tag} is present with a non-empty value. */
    public boolean containsValue(int tag) {
        int i = indexOf(tag);
        return i >= 0 && !Values.isEmpty(values[i]);
    }

    /** The VR of {@code tag}, or {@code null} when absent. */
    public VR getVR(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? vrs[i] : null;
    }

    /** The raw value of {@code tag} (see class comment), or {@code null} when absent or empty. */
    public Object getValue(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? values[i] : null;
    }

    /** The raw bytes of {@code tag}, or {@code null} when absent, empty, or not held as bytes. */
    public byte[] getBytes(int tag) {
        return getValue(tag) instanceof byte[] b ? b : null;
    }

    /** Sets the raw value of {@code tag} (see class comment for the allowed types); replaces any old one. */
    public Attributes setValue(int tag, VR vr, Object value) {
        Objects.requireNonNull(vr, "vr");
        if (value != null && !(value instanceof byte[]) && !(value instanceof BulkData)
                && !(value instanceof Sequence) && !(value instanceof Fragments)) {
            throw new IllegalArgumentException("unsupported value type " + value.getClass().getName()
                    + " for " + Tag.toString(tag));
        }
        if (value instanceof Sequence sq && sq.parent() != this) {
            throw new IllegalArgumentException("sequence belongs to another data set: use newSequence");
        }
        put(tag, vr, value);
        return this;
    }

    /** Sets raw bytes (binary VRs: little-endian) for {@code tag}. */
    public Attributes setBytes(int tag, VR vr, byte[] le) {
        return setValue(tag, vr, le);
    }

    /** Sets {@code tag} with an empty value (zero length, or an empty sequence for SQ). */
    public Attributes setNull(int tag, VR vr) {
        if (vr == VR.SQ) {
            newSequence(tag, 0);
            return this;
        }
        return setValue(tag, vr, null);
    }

    /** Removes {@code tag}; returns its old value, or {@code null}. */
    public Object remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        Object old = values[i];
        int tail = size - i - 1;
        System.arraycopy(tags, i + 1, tags, i, tail);
        System.arraycopy(vrs, i + 1, vrs, i, tail);
        System.arraycopy(values, i + 1, values, i, tail);
        size--;
        vrs[size] = null;
        values[size] = null;
        if (tag == Tag.SpecificCharacterSet) {
            ownCharset = null;
        }
        if (old instanceof Sequence sq) {
            for (Attributes item : sq) {
                item.setParent(null);
            }
        }
        return old;
    }

    /** Removes every element. */
    public void clear() {
        Arrays.fill(vrs, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        ownCharset = null;
    }

    /** Creates (or replaces) the SQ element {@code tag} with an empty sequence and returns it. */
    public Sequence newSequence(int tag, int capacity) {
        Sequence sq = new Sequence(this, tag, capacity);
        put(tag, VR.SQ, sq);
        return sq;
    }

    /** The sequence of {@code tag}, or {@code null} when absent or not a sequence. */
    public Sequence getSequence(int tag) {
        return getValue(tag) instanceof Sequence sq ? sq : null;
    }

    /** The first item of the sequence {@code tag}, or {@code null}. */
    public Attributes getNestedDataset(int tag) {
        Sequence sq = getSequence(tag);
        return sq == null || sq.isEmpty() ? null : sq.get(0);
    }

    /** Creates (or replaces) {@code tag} as encapsulated data with an empty fragment list and returns it. */
    public Fragments newFragments(int tag, VR vr, int capacity) {
        Fragments f = new Fragments(tag, vr, capacity);
        put(tag, vr, f);
        return f;
    }

    /** The fragments of {@code tag}, or {@code null} when absent or not encapsulated. */
    public Fragments getFragments(int tag) {
        return getValue(tag) instanceof Fragments f ? f : null;
    }

    /** The data set whose sequence holds this item, or {@code null} for a top-level data set. */
    public Attributes parent() {
        return parent;
    }

    void setParent(Attributes parent) {
        this.parent = parent;
    }

    /** Whether this item was read (or should be written) with undefined length, PS3.5 7.5.2. */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    public Attributes setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
        return this;
    }

    private void put(int tag, VR vr, Object value) {
        int i = indexOf(tag);
        if (i >= 0) {
            Object old = values[i];
            if (old instanceof Sequence sq && old != value) {
                for (Attributes item : sq) {
                    item.setParent(null);
                }
            }
            vrs[i] = vr;
            values[i] = value;
        } else {
            i = -i - 1;
            if (size == tags.length) {
                int n = Math.max(8, size + (size >> 1));
                tags = Arrays.copyOf(tags, n);
                vrs = Arrays.copyOf(vrs, n);
                values = Arrays.copyOf(values, n);
            }
            int tail = size - i;
            if (tail > 0) {
                System.arraycopy(tags, i, tags, i + 1, tail);
                System.arraycopy(vrs, i, vrs, i + 1, tail);
                System.arraycopy(values, i, values, i + 1, tail);
            }
            tags[i] = tag;
            vrs[i] = vr;
            values[i] = value;
            size++;
        }
        if (tag == Tag.SpecificCharacterSet) {
            ownCharset = null;
        }
    }

    private void checkIndex(int index) {
        Objects.checkIndex(index, size);
    }

    // ---- character set ---------------------------------------------------------------------

    /**
     * The Specific Character Set (0008,0005) of this item, else of the nearest ancestor that has one
     * (items inherit it, PS3.5 7.5.3), else the default repertoire.
     */
    public SpecificCharacterSet charset() {
        for (Attributes a = this; a != null; a = a.parent) {
            SpecificCharacterSet cs = a.ownCharset();
            if (cs != null) {
                return cs;
            }
        }
        return SpecificCharacterSet.DEFAULT;
    }

    private SpecificCharacterSet ownCharset() {
        if (ownCharset == null) {
            int i = indexOf(Tag.SpecificCharacterSet);
            if (i < 0) {
                return null;
            }
            String[] terms = values[i] instanceof byte[] b
                    ? Values.splitRaw(Values.decodeAscii(b), vrs[i])
                    : new String[0];
            ownCharset = SpecificCharacterSet.valueOf(terms);
        }
        return ownCharset;
    }

    // ---- private tags ----------------------------------------------------------------------

    /**
     * The tag (gggg,xxEE) of element {@code elementLow8} of {@code creator}'s private block in the odd
     * {@code group}, where (gggg,00xx) holds {@code creator} (PS3.5 7.8.1). When no block is reserved for
     * {@code creator}: with {@code reserve}, the first free block is reserved (its creator element set);
     * without, -1 is returned.
     */
    public int privateTag(String creator, int group, int elementLow8, boolean reserve) {
        if ((group & 1) == 0 || group < 0x0009 || group > 0xFFFF) {
            throw new IllegalArgumentException("not a private group: " + Integer.toHexString(group));
        }
        Objects.requireNonNull(creator, "creator");
        int free = -1;
        for (int xx = 0x10; xx <= 0xFF; xx++) {
            int creatorTag = Tag.of(group, xx);
            int i = indexOf(creatorTag);
            if (i < 0) {
                if (free < 0) {
                    free = xx;
                }
            } else if (creator.equals(getString(creatorTag))) {
                return Tag.of(group, (xx << 8) | (elementLow8 & 0xFF));
            }
        }
        if (!reserve) {
            return -1;
        }
        if (free < 0) {
            throw new IllegalStateException("no free private block in group " + Integer.toHexString(group));
        }
        setString(Tag.of(group, free), VR.LO, creator);
        return Tag.of(group, (free << 8) | (elementLow8 & 0xFF));
    }

    /** The Private Creator of the private data element {@code tag} (gggg,xxEE), or {@code null}. */
    public String privateCreatorOf(int tag) {
        if (!Tag.isPrivate(tag)) {
            return null;
        }
        int e = Tag.element(tag);
        if (e < 0x1000) {
            return null;
        }
        return getString(Tag.of(Tag.group(tag), e >>> 8));
    }

    // ---- typed getters ---------------------------------------------------------------------

    /** The first value of {@code tag} as a string, insignificant padding removed; {@code null} when absent or empty. */
    public String getString(int tag) {
        return getString(tag, 0);
    }

    /** Value {@code index} of {@code tag} as a string, or {@code null}. */
    public String getString(int tag, int index) {
        String[] s = getStrings(tag);
        return s != null && index < s.length ? s[index] : null;
    }

    /** First value of {@code tag}, or {@code def} when absent or empty. */
    public String getString(int tag, String def) {
        String s = getString(tag, 0);
        return s != null && !s.isEmpty() ? s : def;
    }

    /**
     * All values of {@code tag} as strings: string VRs are split on backslash (except the single-valued
     * LT, ST, UT and UR), binary VRs are formatted ({@code AT} as GGGGEEEE hex). {@code null} when absent,
     * an empty array when empty. Empty values of a multi-valued element come back as "".
     */
    public String[] getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        return Values.toStrings(values[i], vrs[i], charset());
    }

    /** The person name of {@code tag} (first value), or {@code null}. */
    public PersonName getPersonName(int tag) {
        String s = getString(tag);
        return s == null ? null : PersonName.parse(s);
    }

    /** First value of {@code tag} as an int (US/SS/UL/SL/AT/IS/DS/FL/FD/O*), or {@code def}. */
    public int getInt(int tag, int def) {
        int[] v = getInts(tag);
        return v != null && v.length > 0 ? v[0] : def;
    }

    /** All values as ints (UL values above 2^31-1 wrap), or {@code null} when absent. */
    public int[] getInts(int tag) {
        long[] l = getLongs(tag);
        if (l == null) {
            return null;
        }
        int[] r = new int[l.length];
        for (int k = 0; k < l.length; k++) {
            r[k] = (int) l[k];
        }
        return r;
    }

    public long getLong(int tag, long def) {
        long[] v = getLongs(tag);
        return v != null && v.length > 0 ? v[0] : def;
    }

    /** All values as longs (UV values above 2^63-1 wrap), or {@code null} when absent. */
    public long[] getLongs(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : Values.toLongs(values[i], vrs[i]);
    }

    public double getDouble(int tag, double def) {
        double[] v = getDoubles(tag);
        return v != null && v.length > 0 ? v[0] : def;
    }

    /** All values as doubles, or {@code null} when absent. */
    public double[] getDoubles(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : Values.toDoubles(values[i], vrs[i]);
    }

    public float getFloat(int tag, float def) {
        return (float) getDouble(tag, def);
    }

    /** The DA value of {@code tag} (also accepts ACR-NEMA "yyyy.mm.dd"), or {@code null} when absent or unparsable. */
    public LocalDate getDate(int tag) {
        return DateTimes.parseDate(getString(tag));
    }

    /** The TM value of {@code tag} (partial "HH", "HHmm" and ACR-NEMA "HH:mm:ss" accepted), or {@code null}. */
    public LocalTime getTime(int tag) {
        return DateTimes.parseTime(getString(tag));
    }

    /** The DT value of {@code tag} (partial values filled with the earliest instant; offset ignored), or {@code null}. */
    public LocalDateTime getDateTime(int tag) {
        return DateTimes.parseDateTime(getString(tag));
    }

    /** Combines a DA and a TM element (e.g. StudyDate and StudyTime); {@code null} when the date is absent. */
    public LocalDateTime getDateTime(int daTag, int tmTag) {
        LocalDate d = getDate(daTag);
        if (d == null) {
            return null;
        }
        LocalTime t = getTime(tmTag);
        return d.atTime(t == null ? LocalTime.MIDNIGHT : t);
    }

    // ---- typed setters ---------------------------------------------------------------------

    /**
     * Sets string values: joined with backslash, encoded in this data set's character set for LO, LT,
     * PN, SH, ST, UC, UT (ASCII otherwise), padded to even length with {@link VR#paddingByte()}. Binary
     * VRs are parsed from the strings. {@code null} or no values set an empty value.
     */
    public Attributes setString(int tag, VR vr, String... values) {
        return setValue(tag, vr, Values.fromStrings(vr, values, tag == Tag.SpecificCharacterSet
                ? SpecificCharacterSet.DEFAULT : charset()));
    }

    public Attributes setPersonName(int tag, PersonName... names) {
        String[] s = new String[names.length];
        for (int k = 0; k < names.length; k++) {
            s[k] = names[k].toString();
        }
        return setString(tag, VR.PN, s);
    }

    /** Sets int values for binary VRs (US, SS, UL, SL, AT, FL, FD, OB, OW, OL, SV, UV, ...) or IS/DS strings. */
    public Attributes setInt(int tag, VR vr, int... values) {
        long[] l = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            l[k] = values[k];
        }
        return setLong(tag, vr, l);
    }

    public Attributes setLong(int tag, VR vr, long... values) {
        return setValue(tag, vr, Values.fromLongs(vr, values));
    }

    /** Sets FL/FD/OF/OD values or DS strings (at most 16 characters each, PS3.5 6.2); int VRs are truncated. */
    public Attributes setDouble(int tag, VR vr, double... values) {
        return setValue(tag, vr, Values.fromDoubles(vr, values));
    }

    public Attributes setFloat(int tag, VR vr, float... values) {
        double[] d = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            d[k] = values[k];
        }
        return setDouble(tag, vr, d);
    }

    /** Sets DA values "yyyyMMdd". */
    public Attributes setDate(int tag, LocalDate... dates) {
        String[] s = new String[dates.length];
        for (int k = 0; k < dates.length; k++) {
            s[k] = DateTimes.formatDate(dates[k]);
        }
        return setString(tag, VR.DA, s);
    }

    /** Sets TM values "HHmmss" with a fraction when the time has one. */
    public Attributes setTime(int tag, LocalTime... times) {
        String[] s = new String[times.length];
        for (int k = 0; k < times.length; k++) {
            s[k] = DateTimes.formatTime(times[k]);
        }
        return setString(tag, VR.TM, s);
    }

    /** Sets DT values "yyyyMMddHHmmss[.ffffff]". */
    public Attributes setDateTime(int tag, LocalDateTime... dateTimes) {
        String[] s = new String[dateTimes.length];
        for (int k = 0; k < dateTimes.length; k++) {
            s[k] = DateTimes.formatDateTime(dateTimes[k]);
        }
        return setString(tag, VR.DT, s);
    }

    // ---- object ----------------------------------------------------------------------------

    /** Content equality: same tags, VRs and values (sequences item by item); parents and length encodings ignored. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Attributes a) || a.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (tags[i] != a.tags[i] || vrs[i] != a.vrs[i] || !Values.equalValue(values[i], a.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * (31 * (31 * h + tags[i]) + vrs[i].hashCode()) + Values.hashValue(values[i]);
        }
        return h;
    }

    /** A one-line summary with the first few elements. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Attributes[").append(size).append(size == 1 ? " element" : " elements");
        int n = Math.min(size, 5);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? ": " : ", ").append(Tag.toString(tags[i])).append(' ').append(vrs[i]).append(' ');
            sb.append(Values.summary(values[i], vrs[i], charset()));
        }
        if (size > n) {
            sb.append(", ...");
        }
        return sb.append(']').toString();
    }
}
