package org.mip.gateway.dicom.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.BulkData;
import org.mip.gateway.dicom.data.Fragments;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/**
 * Formats data sets as dcmdump-like text, one element per line:
 * <pre>(0010,0010) PN [Name^Patient]                          #  12, 1 PatientName</pre>
 * Items and their elements are indented two spaces per level; text is decoded with the data set's
 * Specific Character Set; values longer than {@link #maxValueChars(int)} are cut with "...".
 * Lengths of sequences and items with defined length are those the transfer syntax given to
 * {@link #DicomDumper(Names, TransferSyntax)} would encode.
 */
public final class DicomDumper {

    /** Keywords for tags and UIDs (the data dictionaries). */
    public interface Names {
        /** Keyword of a tag, or {@code null} when unknown. */
        String keywordOf(int tag);

        /** Keyword of a well-known UID, or {@code null}. */
        String uidKeywordOf(String uid);
    }

    private static final int VALUE_COLUMN = 56;

    private final Names names;
    private final TransferSyntax syntax;
    private int maxValueChars = 64;

    public DicomDumper(Names names, TransferSyntax syntax) {
        this.names = names;
        this.syntax = syntax == null ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : syntax;
    }

    /** A dumper with the standard dictionaries. */
    public static DicomDumper standard(TransferSyntax syntax) {
        return new DicomDumper(StandardNames.INSTANCE, syntax);
    }

    /** Values longer than this are cut (default 64); 0 or less prints values whole. */
    public DicomDumper maxValueChars(int max) {
        this.maxValueChars = max;
        return this;
    }

    /** The whole file: meta and data set, each under a heading like dcmdump's. */
    public String dump(DicomFile file) {
        StringBuilder sb = new StringBuilder();
        if (file.fileMeta() != null) {
            sb.append("# Dicom-Meta-Information-Header\n");
            new DicomDumper(names, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).maxValueChars(maxValueChars)
                    .appendTo(sb, file.fileMeta());
            sb.append('\n');
        }
        sb.append("# Dicom-Data-Set\n# Used TransferSyntax: ").append(file.transferSyntax().name()).append('\n');
        appendTo(sb, file.dataset());
        return sb.toString();
    }

    public String dump(Attributes ds) {
        StringBuilder sb = new StringBuilder();
        appendTo(sb, ds);
        return sb.toString();
    }

    public void appendTo(Appendable out, Attributes ds) {
        try {
            dataset(out, ds, 0, syntax.explicitVr(), syntax.bigEndian());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void dataset(Appendable out, Attributes ds, int level, boolean ex, boolean be) throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            element(out, ds, ds.tagAt(i), ds.vrAt(i), ds.valueAt(i), level, ex, be);
        }
    }

    private void element(Appendable out, Attributes ds, int tag, VR vr, Object value, int level, boolean ex, boolean be)
            throws IOException {
        if (value instanceof Sequence seq) {
            boolean un = vr == VR.UN;
            boolean undefined = seq.undefinedLength() || un && ex;
            String text = "(Sequence with " + (undefined ? "undefined" : "explicit") + " length #=" + seq.size() + ")";
            boolean cEx = ex && !un;
            boolean cBe = be && !un;
            long len = undefined ? -1 : DicomOutputStream.elementSize(tag, vr, value, ex, be) - (ex ? 12 : 8);
            line(out, level, tag, vr.name(), text, len, 1, keyword(tag));
            for (Attributes item : seq) {
                boolean iu = item.undefinedLength();
                long ilen = iu ? -1 : DicomOutputStream.contentsSize(item, cEx, cBe);
                line(out, level + 1, Tag.Item, "na",
                        "(Item with " + (iu ? "undefined" : "explicit") + " length #=" + item.size() + ")", ilen, 1, "Item");
                dataset(out, item, level + 2, cEx, cBe);
                line(out, level + 1, Tag.ItemDelimitationItem, "na",
                        iu ? "(ItemDelimitationItem)" : "(ItemDelimitationItem for re-encoding)", 0, 0, "ItemDelimitationItem");
            }
            line(out, level, Tag.SequenceDelimitationItem, "na",
                    undefined ? "(SequenceDelimitationItem)" : "(SequenceDelimitationItem for re-encod.)", 0, 0,
                    "SequenceDelimitationItem");
            return;
        }
        if (value instanceof Fragments frags) {
            line(out, level, tag, frags.vr().name(), "(PixelSequence #=" + frags.size() + ")", -1, 1, keyword(tag));
            for (Object item : frags) {
                if (item instanceof byte[] b) {
                    line(out, level + 1, Tag.Item, "pi", b.length == 0 ? "(no value available)" : cut(hex(b, 1)),
                            b.length, b.length == 0 ? 0 : 1, "Item");
                } else {
                    BulkData bd = (BulkData) item;
                    line(out, level + 1, Tag.Item, "pi", "(not loaded: " + bd.uri() + ")", bd.length(), 1, "Item");
                }
            }
            line(out, level, Tag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", 0, 0, "SequenceDelimitationItem");
            return;
        }
        if (value instanceof BulkData bd) {
            line(out, level, tag, vr.name(), "(not loaded: " + bd.uri() + " @" + bd.offset() + ")", bd.length(), 1, keyword(tag));
            return;
        }
        byte[] b = (byte[]) value;
        if (b == null || b.length == 0) {
            line(out, level, tag, vr.name(), "(no value available)", 0, 0, keyword(tag));
            return;
        }
        String text;
        int vm;
        switch (vr.kind()) {
            case STRING, TEXT -> {
                String s = vr.kind() == VR.Kind.TEXT ? decode(ds, b, vr) : new String(b, StandardCharsets.ISO_8859_1);
                s = trimPadding(s, vr);
                vm = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR ? 1 : s.split("\\\\", -1).length;
                String uidName = vr == VR.UI && vm == 1 ? names.uidKeywordOf(s) : null;
                text = uidName != null ? "=" + uidName : "[" + s + "]";
            }
            case BINARY -> {
                StringBuilder sb = new StringBuilder();
                vm = binary(sb, vr, b);
                text = sb.toString();
            }
            default -> {
                int unit = vr == VR.OW ? 2 : vr == VR.OF || vr == VR.OL ? 4 : vr == VR.OD || vr == VR.OV ? 8 : 1;
                text = hex(b, unit);
                vm = 1;
            }
        }
        line(out, level, tag, vr.name(), cut(text), b.length, vm, keyword(tag));
    }

    private static String decode(Attributes ds, byte[] b, VR vr) {
        try {
            return ds.charset().decode(b, 0, b.length, vr);
        } catch (RuntimeException e) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    private static String trimPadding(String s, VR vr) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end);
    }

    private static int binary(StringBuilder sb, VR vr, byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int size = switch (vr) {
            case US, SS -> 2;
            case AT, UL, SL, FL -> 4;
            default -> 8;
        };
        int n = b.length / size;
        for (int i = 0; i < n && sb.length() < 200; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            int p = i * size;
            switch (vr) {
                case US -> sb.append(bb.getShort(p) & 0xFFFF);
                case SS -> sb.append(bb.getShort(p));
                case UL -> sb.append(bb.getInt(p) & 0xFFFFFFFFL);
                case SL -> sb.append(bb.getInt(p));
                case FL -> sb.append(bb.getFloat(p));
                case FD -> sb.append(bb.getDouble(p));
                case SV -> sb.append(bb.getLong(p));
                case UV -> sb.append(Long.toUnsignedString(bb.getLong(p)));
                case AT -> sb.append(String.format("(%04x,%04x)", bb.getShort(p) & 0xFFFF, bb.getShort(p + 2) & 0xFFFF));
                default -> sb.append('?');
            }
        }
        if (b.length % size != 0) {
            sb.append(n > 0 ? "\\" : "").append("(").append(b.length % size).append(" trailing bytes)");
        }
        return Math.max(n, 1);
    }

    /** Hex of {@code unit}-byte little-endian numbers separated by backslashes (bytes for unit 1). */
    private String hex(byte[] b, int unit) {
        StringBuilder sb = new StringBuilder();
        int limit = maxValueChars > 0 ? maxValueChars + 1 : Integer.MAX_VALUE;
        int n = b.length / unit;
        for (int i = 0; i < n && sb.length() <= limit; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            for (int k = unit - 1; k >= 0; k--) {
                int v = b[i * unit + k] & 0xFF;
                sb.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xF, 16));
            }
        }
        for (int i = n * unit; i < b.length && sb.length() <= limit; i++) {
            int v = b[i] & 0xFF;
            sb.append(sb.length() > 0 ? "\\" : "").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xF, 16));
        }
        return sb.toString();
    }

    private String cut(String s) {
        return maxValueChars > 0 && s.length() > maxValueChars ? s.substring(0, maxValueChars) + "..." : s;
    }

    private String keyword(int tag) {
        if (Tag.isPrivateCreator(tag)) {
            return "PrivateCreator";
        }
        if (Tag.isGroupLength(tag) && Tag.group(tag) != 0x0002) {
            return "GenericGroupLength";
        }
        String k = names.keywordOf(tag);
        return k == null || k.isEmpty() ? "Unknown Tag & Data" : k;
    }

    private static void line(Appendable out, int level, int tag, String vr, String text, long len, int vm, String keyword)
            throws IOException {
        StringBuilder sb = new StringBuilder(100);
        sb.append("  ".repeat(level));
        sb.append(String.format(Locale.ROOT, "(%04x,%04x) ", Tag.group(tag), Tag.element(tag))).append(vr).append(' ').append(text);
        int column = VALUE_COLUMN + 2 * level; // dcmdump indents the comment column with the item
        if (sb.length() < column) {
            sb.append(" ".repeat(column - sb.length()));
        } else {
            sb.append(' ');
        }
        sb.append("# ").append(len < 0 ? "u/l" : String.format(Locale.ROOT, "%3d", len)).append(", ").append(vm)
                .append(' ').append(keyword).append('\n');
        out.append(sb);
    }
}
