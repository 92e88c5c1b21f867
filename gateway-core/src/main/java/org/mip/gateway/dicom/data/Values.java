package org.mip.gateway.dicom.data;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decoding and encoding of raw element values (package-private helpers of {@link Attributes}). */
final class Values {
    private static final String[] NO_STRINGS = {};
    private static final long[] NO_LONGS = {};
    private static final double[] NO_DOUBLES = {};

    private Values() {}

    static boolean isEmpty(Object v) {
        return v == null
                || v instanceof byte[] b && b.length == 0
                || v instanceof Sequence sq && sq.isEmpty()
                || v instanceof Fragments f && f.isEmpty();
    }

    static boolean equalValue(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (isEmpty(a) || isEmpty(b)) {
            return isEmpty(a) && isEmpty(b);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Sequence x && b instanceof Sequence y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!x.get(i).equals(y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static int hashValue(Object v) {
        if (isEmpty(v)) {
            return 0;
        }
        if (v instanceof byte[] b) {
            return Arrays.hashCode(b);
        }
        if (v instanceof Sequence sq) {
            int h = 1;
            for (Attributes item : sq) {
                h = 31 * h + item.hashCode();
            }
            return h;
        }
        return v.hashCode();
    }

    static String decodeAscii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Whether the VR holds exactly one value that may contain backslashes (PS3.5 6.2). */
    static boolean singleValued(VR vr) {
        return vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR;
    }

    /** Splits a decoded string value on backslash (unless single-valued) and trims each value. */
    static String[] splitRaw(String s, VR vr) {
        if (s.isEmpty()) {
            return NO_STRINGS;
        }
        if (singleValued(vr)) {
            return new String[] {trim(s, vr)};
        }
        List<String> out = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '\\') {
                out.add(trim(s.substring(start, i), vr));
                start = i + 1;
            }
        }
        // A value consisting only of padding is empty, not one empty value.
        if (out.size() == 1 && out.get(0).isEmpty()) {
            return NO_STRINGS;
        }
        return out.toArray(NO_STRINGS);
    }

    /**
     * Removes insignificant padding (PS3.5 6.2): trailing spaces and NULs always; leading spaces too,
     * except for LT, ST, UT and UR where they are significant.
     */
    static String trim(String s, VR vr) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        if (!singleValued(vr)) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    static String[] toStrings(Object value, VR vr, SpecificCharacterSet cs) {
        if (!(value instanceof byte[] b) || b.length == 0) {
            return NO_STRINGS;
        }
        switch (vr.kind()) {
            case TEXT:
                return splitRaw(cs.decode(b, 0, b.length, vr), vr);
            case STRING:
                return splitRaw(decodeAscii(b), vr);
            case BINARY:
            case BULK:
                if (vr == VR.UN || vr == VR.OB) {
                    return splitRaw(decodeAscii(b), vr);
                }
                return formatBinary(b, vr);
            default:
                return NO_STRINGS;
        }
    }

    private static String[] formatBinary(byte[] b, VR vr) {
        if (vr == VR.FL || vr == VR.OF || vr == VR.FD || vr == VR.OD) {
            double[] d = toDoubles(b, vr);
            String[] s = new String[d.length];
            for (int i = 0; i < d.length; i++) {
                s[i] = vr == VR.FL || vr == VR.OF ? Float.toString((float) d[i]) : Double.toString(d[i]);
            }
            return s;
        }
        long[] l = toLongs(b, vr);
        String[] s = new String[l.length];
        for (int i = 0; i < l.length; i++) {
            s[i] = vr == VR.AT ? String.format("%08X", l[i])
                    : vr == VR.UV || vr == VR.OV ? Long.toUnsignedString(l[i]) : Long.toString(l[i]);
        }
        return s;
    }

    /** Size in bytes of one binary value, or 0 for string VRs. */
    static int binarySize(VR vr) {
        return switch (vr) {
            case OB, UN -> 1;
            case US, SS, OW -> 2;
            case UL, SL, AT, FL, OF, OL -> 4;
            case FD, OD, SV, UV, OV -> 8;
            default -> 0;
        };
    }

    static long[] toLongs(Object value, VR vr) {
        if (!(value instanceof byte[] b) || b.length == 0) {
            return NO_LONGS;
        }
        int size = binarySize(vr);
        if (size == 0) {
            String[] s = toStrings(b, vr, SpecificCharacterSet.DEFAULT);
            long[] r = new long[s.length];
            int n = 0;
            for (String v : s) {
                if (!v.isEmpty()) {
                    r[n++] = vr == VR.DS ? (long) Double.parseDouble(v) : parseLong(v);
                }
            }
            return n == r.length ? r : Arrays.copyOf(r, n);
        }
        int count = b.length / size;
        long[] r = new long[count];
        for (int i = 0; i < count; i++) {
            int o = i * size;
            r[i] = switch (vr) {
                case OB, UN -> b[o] & 0xFF;
                case US, OW -> u16(b, o);
                case SS -> (short) u16(b, o);
                case UL, OL -> i32(b, o) & 0xFFFFFFFFL;
                case SL -> i32(b, o);
                case AT -> ((long) u16(b, o) << 16) | u16(b, o + 2);
                case FL, OF -> (long) Float.intBitsToFloat(i32(b, o));
                case FD, OD -> (long) Double.longBitsToDouble(i64(b, o));
                default -> i64(b, o); // SV, UV, OV
            };
        }
        return r;
    }

    private static long parseLong(String v) {
        return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
    }

    static double[] toDoubles(Object value, VR vr) {
        if (!(value instanceof byte[] b) || b.length == 0) {
            return NO_DOUBLES;
        }
        switch (vr) {
            case FL, OF, FD, OD -> {
                int size = binarySize(vr);
                double[] r = new double[b.length / size];
                for (int i = 0; i < r.length; i++) {
                    r[i] = size == 4 ? Float.intBitsToFloat(i32(b, i * size)) : Double.longBitsToDouble(i64(b, i * size));
                }
                return r;
            }
            case UV, OV -> {
                long[] l = toLongs(b, vr);
                double[] r = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    r[i] = l[i] >= 0 ? l[i] : Double.parseDouble(Long.toUnsignedString(l[i]));
                }
                return r;
            }
            default -> {
                if (binarySize(vr) != 0) {
                    long[] l = toLongs(b, vr);
                    double[] r = new double[l.length];
                    for (int i = 0; i < l.length; i++) {
                        r[i] = l[i];
                    }
                    return r;
                }
                String[] s = toStrings(b, vr, SpecificCharacterSet.DEFAULT);
                double[] r = new double[s.length];
                int n = 0;
                for (String v : s) {
                    if (!v.isEmpty()) {
                        r[n++] = Double.parseDouble(v);
                    }
                }
                return n == r.length ? r : Arrays.copyOf(r, n);
            }
        }
    }

    static byte[] fromStrings(VR vr, String[] values, SpecificCharacterSet cs) {
        if (values == null || values.length == 0) {
            return null;
        }
        switch (vr.kind()) {
            case SEQUENCE:
                throw new IllegalArgumentException("cannot set strings on SQ");
            case BINARY:
            case BULK:
                if (vr == VR.OB || vr == VR.UN) {
                    break;
                }
                if (vr == VR.FL || vr == VR.FD || vr == VR.OF || vr == VR.OD) {
                    double[] d = new double[values.length];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = Double.parseDouble(values[i].trim());
                    }
                    return fromDoubles(vr, d);
                }
                long[] l = new long[values.length];
                for (int i = 0; i < l.length; i++) {
                    String v = values[i].trim();
                    l[i] = vr == VR.AT ? Long.parseLong(v, 16)
                            : vr == VR.UV || vr == VR.OV ? Long.parseUnsignedLong(v) : parseLong(v);
                }
                return fromLongs(vr, l);
            default:
                break;
        }
        String joined = values.length == 1 ? nonNull(values[0]) : join(values);
        byte[] b = vr.kind() == VR.Kind.TEXT
                ? cs.encode(joined, vr)
                : joined.getBytes(vr == VR.OB || vr == VR.UN ? StandardCharsets.ISO_8859_1 : StandardCharsets.US_ASCII);
        return pad(b, vr);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String join(String[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            sb.append(nonNull(values[i]));
        }
        return sb.toString();
    }

    static byte[] pad(byte[] b, VR vr) {
        if ((b.length & 1) == 0) {
            return b;
        }
        byte[] p = Arrays.copyOf(b, b.length + 1);
        p[b.length] = (byte) vr.paddingByte();
        return p;
    }

    static byte[] fromLongs(VR vr, long[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        int size = binarySize(vr);
        if (size == 0) {
            String[] s = new String[values.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = Long.toString(values[i]);
            }
            return fromStrings(vr, s, SpecificCharacterSet.DEFAULT);
        }
        byte[] b = new byte[size * values.length];
        for (int i = 0; i < values.length; i++) {
            int o = i * size;
            long v = values[i];
            switch (vr) {
                case FL, OF -> put32(b, o, Float.floatToIntBits(v));
                case FD, OD -> put64(b, o, Double.doubleToLongBits(v));
                case AT -> {
                    put16(b, o, (int) (v >>> 16));
                    put16(b, o + 2, (int) v);
                }
                default -> {
                    for (int k = 0; k < size; k++) {
                        b[o + k] = (byte) (v >>> (8 * k));
                    }
                }
            }
        }
        return pad(b, vr);
    }

    static byte[] fromDoubles(VR vr, double[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        switch (vr) {
            case FL, OF, FD, OD -> {
                int size = binarySize(vr);
                byte[] b = new byte[size * values.length];
                for (int i = 0; i < values.length; i++) {
                    if (size == 4) {
                        put32(b, i * size, Float.floatToIntBits((float) values[i]));
                    } else {
                        put64(b, i * size, Double.doubleToLongBits(values[i]));
                    }
                }
                return b;
            }
            case DS -> {
                String[] s = new String[values.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = formatDS(values[i]);
                }
                return fromStrings(vr, s, SpecificCharacterSet.DEFAULT);
            }
            default -> {
                long[] l = new long[values.length];
                for (int i = 0; i < l.length; i++) {
                    l[i] = (long) values[i];
                }
                return fromLongs(vr, l);
            }
        }
    }

    /** A DS string of at most 16 characters (PS3.5 6.2), rounding as needed. */
    static String formatDS(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("DS cannot hold " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        if (s.length() <= 16) {
            return s;
        }
        BigDecimal bd = new BigDecimal(d);
        for (int p = 16; p > 0; p--) {
            s = bd.round(new MathContext(p)).stripTrailingZeros().toString();
            if (s.length() <= 16) {
                return s;
            }
        }
        throw new IllegalArgumentException("DS cannot hold " + d);
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    static int i32(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    static long i64(byte[] b, int o) {
        return (i32(b, o) & 0xFFFFFFFFL) | (long) i32(b, o + 4) << 32;
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int o, int v) {
        put16(b, o, v);
        put16(b, o + 2, v >>> 16);
    }

    static void put64(byte[] b, int o, long v) {
        put32(b, o, (int) v);
        put32(b, o + 4, (int) (v >>> 32));
    }

    /** A short rendering of a value for {@code toString}. */
    static String summary(Object value, VR vr, SpecificCharacterSet cs) {
        if (isEmpty(value)) {
            return "<empty>";
        }
        if (value instanceof Sequence sq) {
            return sq.size() + (sq.size() == 1 ? " item" : " items");
        }
        if (value instanceof Fragments f) {
            return f.size() + " fragments";
        }
        if (value instanceof BulkData bd) {
            return "<bulk " + bd.length() + " bytes>";
        }
        byte[] b = (byte[]) value;
        if (vr.kind() == VR.Kind.BULK) {
            return "#" + b.length;
        }
        String s;
        try {
            s = String.join("\\", toStrings(b, vr, cs));
        } catch (RuntimeException e) {
            s = "#" + b.length;
        }
        return s.length() > 40 ? "[" + s.substring(0, 40) + "...]" : "[" + s + "]";
    }
}
