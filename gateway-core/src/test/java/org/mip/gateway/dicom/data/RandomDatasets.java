package org.mip.gateway.dicom.data;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mip.gateway.dicom.dict.ElementDictionary;

/**
 * Builds random data sets through the public API, with values in canonical form (what the setters
 * produce), for seeded randomized tests. Each generated value is checked to read back as set.
 */
public final class RandomDatasets {
    private static final int[] TAGS = standardTags();
    private static final String LATIN1 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-'äöüßéèçñÅØ";
    private static final String UNICODE = LATIN1 + "山田太郎やまだたろう홍길동王小東Жизнь";
    private static final String ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-'";
    private static final String[] CHARSETS = {null, "ISO_IR 100", "ISO_IR 192"};

    private final Random random;
    private final ElementDictionary dict = ElementDictionary.standard();

    public RandomDatasets(long seed) {
        random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    private static int[] standardTags() {
        List<Integer> tags = new ArrayList<>();
        for (Field f : Tag.class.getFields()) {
            try {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                    int tag = f.getInt(null);
                    if (!Tag.isGroupLength(tag) && Tag.group(tag) > 0x0002 && Tag.group(tag) != 0xFFFE
                            && tag != Tag.SpecificCharacterSet) {
                        tags.add(tag);
                    }
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return tags.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A random top-level data set of up to {@code maxSize} elements, possibly with nested items. */
    public Attributes dataset(int maxSize) {
        Attributes ds = new Attributes(random.nextInt(4));
        String cs = CHARSETS[random.nextInt(CHARSETS.length)];
        if (cs != null) {
            ds.setString(Tag.SpecificCharacterSet, VR.CS, cs);
        }
        fill(ds, maxSize, 0);
        return ds;
    }

    private void fill(Attributes ds, int maxSize, int depth) {
        int n = random.nextInt(maxSize + 1);
        for (int i = 0; i < n; i++) {
            int tag = TAGS[random.nextInt(TAGS.length)];
            VR vr = dict.vrOf(tag);
            if (vr == VR.SQ) {
                if (depth >= 2) {
                    continue;
                }
                Sequence sq = ds.newSequence(tag, 2).setUndefinedLength(random.nextBoolean());
                int items = random.nextInt(3);
                for (int k = 0; k < items; k++) {
                    fill(sq.addItem().setUndefinedLength(random.nextBoolean()), maxSize / 2, depth + 1);
                }
            } else {
                setRandomValue(ds, tag, vr);
            }
        }
        if (random.nextInt(5) == 0) {
            int ptag = ds.privateTag("RANDOM " + random.nextInt(3), 0x0009 + 2 * random.nextInt(3), random.nextInt(256), true);
            ds.setBytes(ptag, VR.UN, bytes(1));
        }
        if (depth == 0 && random.nextInt(6) == 0) {
            Fragments f = ds.newFragments(Tag.PixelData, VR.OB, 3);
            f.add(new byte[0]);
            f.add(bytes(2));
            if (random.nextBoolean()) {
                f.add(new BulkData("file:///tmp/f" + random.nextInt(100) + ".dcm", random.nextInt(1000), random.nextInt(1000)));
            }
        }
        if (random.nextInt(8) == 0) {
            ds.setValue(Tag.EncapsulatedDocument, VR.OB, new BulkData("http://bulk/" + random.nextInt(100), 0, -1));
        }
    }

    private void setRandomValue(Attributes ds, int tag, VR vr) {
        if (random.nextInt(10) == 0) {
            ds.setNull(tag, vr);
            return;
        }
        int count = 1 + random.nextInt(3);
        switch (vr) {
            case US -> ds.setLong(tag, vr, longs(count, 0, 65535));
            case SS -> ds.setLong(tag, vr, longs(count, -32768, 32767));
            case UL -> ds.setLong(tag, vr, longs(count, 0, 0xFFFFFFFFL));
            case SL -> ds.setLong(tag, vr, longs(count, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case SV, UV -> ds.setLong(tag, vr, random.longs(count).toArray());
            case AT -> ds.setLong(tag, vr, longs(count, 0, 0xFFFFFFFFL));
            case FL -> ds.setFloat(tag, vr, random.nextFloat() * 1000 - 500);
            case FD -> ds.setDouble(tag, vr, random.nextGaussian() * 1e6, random.nextDouble());
            case OB, UN -> ds.setBytes(tag, vr, bytes(1));
            case OW -> ds.setBytes(tag, vr, bytes(2));
            case OF, OL -> ds.setBytes(tag, vr, bytes(4));
            case OD, OV -> ds.setBytes(tag, vr, bytes(8));
            default -> setStrings(ds, tag, vr, count);
        }
    }

    private void setStrings(Attributes ds, int tag, VR vr, int count) {
        boolean single = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR;
        String[] values = new String[single ? 1 : count];
        for (int i = 0; i < values.length; i++) {
            values[i] = string(ds, vr);
        }
        ds.setString(tag, vr, values);
        String[] back = ds.getStrings(tag);
        if (!java.util.Arrays.equals(back, values) && !(values.length == 1 && values[0].isEmpty())) {
            throw new AssertionError(Tag.toString(tag) + " " + vr + " reads back " + java.util.Arrays.toString(back)
                    + " instead of " + java.util.Arrays.toString(values));
        }
    }

    private String string(Attributes ds, VR vr) {
        return switch (vr) {
            case AE -> letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", 1, 16);
            case AS -> String.format("%03d%c", random.nextInt(1000), "DWMY".charAt(random.nextInt(4)));
            case CS -> letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", 1, 16);
            case DA -> DateTimes.formatDate(LocalDate.ofEpochDay(random.nextInt(40000)));
            case TM -> DateTimes.formatTime(LocalTime.ofSecondOfDay(random.nextInt(86400)).withNano(random.nextInt(1000) * 1000));
            case DT -> DateTimes.formatDateTime(LocalDateTime.of(LocalDate.ofEpochDay(random.nextInt(40000)),
                    LocalTime.ofSecondOfDay(random.nextInt(86400))));
            case IS -> Integer.toString(random.nextInt(2_000_000) - 1_000_000);
            case DS -> BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, random.nextInt(5)).toString();
            case UI -> "1.2." + (1 + random.nextInt(99999)) + "." + random.nextInt(1000);
            case UR -> "http://host/" + letters("abcdefghij", 1, 10);
            case PN -> personName(ds);
            case LT, ST, UT -> text(ds, "\\\n", 1, 60);
            default -> text(ds, "", 0, 16); // LO, SH, UC
        };
    }

    private String personName(Attributes ds) {
        String alphabet = alphabet(ds).replace(" ", "").replace("'", "");
        String a = letters(alphabet, 1, 8) + (random.nextBoolean() ? "^" + letters(alphabet, 1, 8) : "");
        if (alphabet.equals(UNICODE) && random.nextBoolean()) {
            return a + "=" + letters("山田太郎王小東", 1, 3) + "^" + letters("太郎小東", 1, 2);
        }
        return a;
    }

    private String text(Attributes ds, String extra, int min, int max) {
        String s = letters(alphabet(ds) + extra, min, max).strip();
        return s;
    }

    private String alphabet(Attributes ds) {
        SpecificCharacterSet cs = ds.charset();
        if (cs.equals(SpecificCharacterSet.valueOf("ISO_IR 192"))) {
            return UNICODE;
        }
        return cs.isDefault() ? ASCII : LATIN1;
    }

    private String letters(String alphabet, int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private long[] longs(int count, long min, long max) {
        long[] v = new long[count];
        for (int i = 0; i < count; i++) {
            v[i] = min + (long) (random.nextDouble() * (max - min));
        }
        return v;
    }

    private byte[] bytes(int unit) {
        byte[] b = new byte[unit * random.nextInt(9) * (unit == 1 ? 2 : 1)];
        random.nextBytes(b);
        return b;
    }

    /** A description of the first difference between {@code a} and {@code b}, or {@code null} when equal. */
    public static String firstDifference(Attributes a, Attributes b) {
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (i >= a.size() || i >= b.size() || a.tagAt(i) != b.tagAt(i)) {
                return "element " + i + ": " + (i < a.size() ? Tag.toString(a.tagAt(i)) : "none") + " vs "
                        + (i < b.size() ? Tag.toString(b.tagAt(i)) : "none");
            }
            int tag = a.tagAt(i);
            if (a.vrAt(i) != b.vrAt(i)) {
                return Tag.toString(tag) + ": VR " + a.vrAt(i) + " vs " + b.vrAt(i);
            }
            Object x = a.valueAt(i);
            Object y = b.valueAt(i);
            if (x instanceof Sequence sx && y instanceof Sequence sy) {
                if (sx.size() != sy.size()) {
                    return Tag.toString(tag) + ": " + sx.size() + " vs " + sy.size() + " items";
                }
                for (int k = 0; k < sx.size(); k++) {
                    String d = firstDifference(sx.get(k), sy.get(k));
                    if (d != null) {
                        return Tag.toString(tag) + " item " + k + " / " + d;
                    }
                }
            } else if (!Values.equalValue(x, y)) {
                return Tag.toString(tag) + " " + a.vrAt(i) + ": " + describe(x) + " vs " + describe(y);
            }
        }
        return null;
    }

    private static String describe(Object v) {
        return v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) + " '" + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) + "'"
                : String.valueOf(v);
    }
}
