package org.mip.gateway.dicom.data;

/**
 * Value Representations of PS3.5 section 6.2 (Table 6.2-1).
 *
 * <p>{@link #longLength()} tells whether the VR uses the 12-byte explicit-VR element header
 * (2 reserved bytes and a 32-bit length), PS3.5 7.1.2 Table 7.1-1: OB, OD, OF, OL, OV, OW, SQ, SV,
 * UC, UN, UR, UT, UV. All others use an 8-byte header with a 16-bit length.
 */
public enum VR {
    AE(' ', false, Kind.STRING),
    AS(' ', false, Kind.STRING),
    AT(0, false, Kind.BINARY),
    CS(' ', false, Kind.STRING),
    DA(' ', false, Kind.STRING),
    DS(' ', false, Kind.STRING),
    DT(' ', false, Kind.STRING),
    FD(0, false, Kind.BINARY),
    FL(0, false, Kind.BINARY),
    IS(' ', false, Kind.STRING),
    LO(' ', false, Kind.TEXT),
    LT(' ', false, Kind.TEXT),
    OB(0, true, Kind.BULK),
    OD(0, true, Kind.BULK),
    OF(0, true, Kind.BULK),
    OL(0, true, Kind.BULK),
    OV(0, true, Kind.BULK),
    OW(0, true, Kind.BULK),
    PN(' ', false, Kind.TEXT),
    SH(' ', false, Kind.TEXT),
    SL(0, false, Kind.BINARY),
    SQ(0, true, Kind.SEQUENCE),
    SS(0, false, Kind.BINARY),
    ST(' ', false, Kind.TEXT),
    SV(0, true, Kind.BINARY),
    TM(' ', false, Kind.STRING),
    UC(' ', true, Kind.TEXT),
    UI(0, false, Kind.STRING),
    UL(0, false, Kind.BINARY),
    UN(0, true, Kind.BULK),
    UR(' ', true, Kind.STRING),
    US(0, false, Kind.BINARY),
    UT(' ', true, Kind.TEXT),
    UV(0, true, Kind.BINARY);

    /** How a VR's value is held and decoded. */
    public enum Kind {
        /** Character string in the default repertoire (ISO-IR 6), not affected by Specific Character Set. */
        STRING,
        /** Character string whose bytes are decoded with the data set's Specific Character Set. */
        TEXT,
        /** Fixed-size binary numbers or tags. */
        BINARY,
        /** Other-byte/word/... values: opaque, possibly large. */
        BULK,
        /** Sequence of items. */
        SEQUENCE
    }

    private static final VR[] BY_CODE = new VR[0x10000];

    static {
        for (VR vr : values()) {
            BY_CODE[vr.code()] = vr;
        }
    }

    private final int paddingByte;
    private final boolean longLength;
    private final Kind kind;

    VR(int paddingByte, boolean longLength, Kind kind) {
        this.paddingByte = paddingByte;
        this.longLength = longLength;
        this.kind = kind;
    }

    /** The byte used to pad values to even length: space for strings, NUL for UI and binary (PS3.5 6.2). */
    public int paddingByte() {
        return paddingByte;
    }

    /** Whether the explicit-VR header of this VR has a 32-bit length (PS3.5 7.1.2). */
    public boolean longLength() {
        return longLength;
    }

    public Kind kind() {
        return kind;
    }

    /** The two ASCII characters as a 16-bit big-endian number, e.g. 0x4F42 for OB. */
    public int code() {
        String n = name();
        return (n.charAt(0) << 8) | n.charAt(1);
    }

    /** The VR whose two-character code is {@code code}, or {@code null} when it is not a known VR. */
    public static VR ofCode(int code) {
        return (code & ~0xFFFF) == 0 ? BY_CODE[code] : null;
    }
}
