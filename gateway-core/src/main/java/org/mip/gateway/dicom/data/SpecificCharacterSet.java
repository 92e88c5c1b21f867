package org.mip.gateway.dicom.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The character repertoires of a Specific Character Set (0008,0005) value, PS3.3 C.12.1.1.2 and
 * PS3.5 6.1: decodes and encodes the values of LO, LT, PN, SH, ST, UC and UT.
 *
 * <p>Single-valued terms without code extensions ({@code ISO_IR 100}, {@code ISO_IR 192},
 * {@code GB18030}, ...) map to one Java charset. {@code ISO 2022 IR ...} terms use ISO 2022 code
 * extensions (PS3.5 6.1.2.5): decoding follows the escape sequences within a value and returns to the
 * initial designation (value 1) at CR, LF, FF, TAB, at the value delimiter "\" and, in PN values, at
 * "^" and "=" (PS3.5 6.1.2.5.3); encoding designates the first declared repertoire that holds each
 * character and switches back before each of those delimiters and at the end of the value.
 *
 * <p>Decoding never throws: unknown terms are logged and treated as ISO_IR 100; bytes outside the
 * repertoire decode leniently (bytes 0x80-0xFF under the default repertoire as ISO 8859-1, undecodable
 * sequences as U+FFFD). Encoding replaces characters no declared repertoire holds with "?".
 * Under JIS X 0201 (ISO_IR 13) the G0 half is decoded as ASCII, so "\" stays the value delimiter.
 */
public final class SpecificCharacterSet {
    private static final Logger LOG = LoggerFactory.getLogger(SpecificCharacterSet.class);
    private static final byte ESC = 0x1B;

    /** The default repertoire, ISO_IR 6 (decoding bytes 0x80-0xFF leniently as ISO 8859-1). */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[0], List.of(Term.ASCII), false);

    /** A character repertoire and its ISO 2022 designation (PS3.3 Tables C.12-2 to C.12-5). */
    enum Term {
        ASCII("ISO_IR 6", "ISO 2022 IR 6", "ISO-8859-1", false, 1, ESC, '(', 'B'),
        LATIN1("ISO_IR 100", "ISO 2022 IR 100", "ISO-8859-1", true, 1, ESC, '-', 'A'),
        LATIN2("ISO_IR 101", "ISO 2022 IR 101", "ISO-8859-2", true, 1, ESC, '-', 'B'),
        LATIN3("ISO_IR 109", "ISO 2022 IR 109", "ISO-8859-3", true, 1, ESC, '-', 'C'),
        LATIN4("ISO_IR 110", "ISO 2022 IR 110", "ISO-8859-4", true, 1, ESC, '-', 'D'),
        CYRILLIC("ISO_IR 144", "ISO 2022 IR 144", "ISO-8859-5", true, 1, ESC, '-', 'L'),
        ARABIC("ISO_IR 127", "ISO 2022 IR 127", "ISO-8859-6", true, 1, ESC, '-', 'G'),
        GREEK("ISO_IR 126", "ISO 2022 IR 126", "ISO-8859-7", true, 1, ESC, '-', 'F'),
        HEBREW("ISO_IR 138", "ISO 2022 IR 138", "ISO-8859-8", true, 1, ESC, '-', 'H'),
        LATIN5("ISO_IR 148", "ISO 2022 IR 148", "ISO-8859-9", true, 1, ESC, '-', 'M'),
        LATIN9("ISO_IR 203", "ISO 2022 IR 203", "ISO-8859-15", true, 1, ESC, '-', 'b'),
        THAI("ISO_IR 166", "ISO 2022 IR 166", "TIS-620", true, 1, ESC, '-', 'T'),
        /** JIS X 0201 katakana in G1; its romaji half (G0, ESC ( J) is handled as ASCII. */
        JIS_X0201("ISO_IR 13", "ISO 2022 IR 13", "JIS_X0201", true, 1, ESC, ')', 'I'),
        JIS_X0208(null, "ISO 2022 IR 87", "EUC-JP", false, 2, ESC, '$', 'B'),
        JIS_X0212(null, "ISO 2022 IR 159", "EUC-JP", false, 2, ESC, '$', '(', 'D'),
        KS_X1001(null, "ISO 2022 IR 149", "EUC-KR", true, 2, ESC, '$', ')', 'C'),
        GB2312(null, "ISO 2022 IR 58", "GB2312", true, 2, ESC, '$', ')', 'A'),
        UTF8("ISO_IR 192", null, "UTF-8", false, 0),
        GB18030("GB18030", null, "GB18030", false, 0),
        GBK("GBK", null, "GBK", false, 0);

        final String noExtension;
        final String iso2022;
        final Charset charset;
        final boolean g1;
        final int bytesPerChar;
        final byte[] escape;

        Term(String noExtension, String iso2022, String charset, boolean g1, int bytesPerChar, int... escape) {
            this.noExtension = noExtension;
            this.iso2022 = iso2022;
            this.charset = Charset.forName(charset);
            this.g1 = g1;
            this.bytesPerChar = bytesPerChar;
            this.escape = new byte[escape.length];
            for (int i = 0; i < escape.length; i++) {
                this.escape[i] = (byte) escape[i];
            }
        }
    }

    /** ESC ( J designates JIS X 0201 romaji to G0 (PS3.3 Table C.12-4); decoded as ASCII. */
    private static final byte[] ESC_ROMAJI = {ESC, '(', 'J'};

    private final String[] definedTerms;
    private final List<Term> terms;
    private final boolean codeExtensions;

    private SpecificCharacterSet(String[] definedTerms, List<Term> terms, boolean codeExtensions) {
        this.definedTerms = definedTerms;
        this.terms = terms;
        this.codeExtensions = codeExtensions;
    }

    /**
     * The character set for the values of (0008,0005). An empty or missing value 1 means the default
     * repertoire (ISO 2022 IR 6 when code extensions follow). Terms are matched leniently (case,
     * spaces, "-" and "_" ignored); unknown ones are logged and replaced by ISO_IR 100.
     */
    public static SpecificCharacterSet valueOf(String... definedTerms) {
        if (definedTerms == null || definedTerms.length == 0
                || definedTerms.length == 1 && (definedTerms[0] == null || definedTerms[0].isBlank())) {
            return DEFAULT;
        }
        List<Term> terms = new ArrayList<>(definedTerms.length);
        boolean extensions = definedTerms.length > 1;
        for (int i = 0; i < definedTerms.length; i++) {
            String t = definedTerms[i] == null ? "" : definedTerms[i].trim();
            if (t.isEmpty()) {
                if (i == 0) {
                    terms.add(Term.ASCII);
                }
                continue;
            }
            Term term = lookup(t);
            if (term == null) {
                LOG.warn("Unknown Specific Character Set term '{}', decoding as ISO_IR 100", t);
                term = Term.LATIN1;
            }
            if (normalize(t).startsWith("ISO2022")) {
                extensions = true;
            }
            if (!terms.contains(term)) {
                terms.add(term);
            }
        }
        if (terms.isEmpty() || !extensions && terms.equals(List.of(Term.ASCII))) {
            return DEFAULT;
        }
        if (extensions) {
            for (Term term : terms) {
                if (term.bytesPerChar == 0) {
                    // UTF-8, GB18030 and GBK cannot be combined with code extensions (PS3.3 C.12.1.1.2).
                    LOG.warn("Specific Character Set {} combines {} with code extensions; using {} alone",
                            Arrays.toString(definedTerms), term.noExtension, term.noExtension);
                    return new SpecificCharacterSet(definedTerms.clone(), List.of(term), false);
                }
            }
        }
        return new SpecificCharacterSet(definedTerms.clone(), List.copyOf(terms), extensions);
    }

    private static String normalize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    private static Term lookup(String definedTerm) {
        String n = normalize(definedTerm);
        for (Term t : Term.values()) {
            if (t.noExtension != null && normalize(t.noExtension).equals(n)
                    || t.iso2022 != null && normalize(t.iso2022).equals(n)) {
                return t;
            }
        }
        return switch (n.toUpperCase(Locale.ROOT)) {
            case "UTF8" -> Term.UTF8;
            case "ISOIR192" -> Term.UTF8;
            default -> null;
        };
    }

    /** The defined terms this character set was made from. */
    public String[] definedTerms() {
        return definedTerms.clone();
    }

    /** Whether this is the default repertoire (no Specific Character Set). */
    public boolean isDefault() {
        return this == DEFAULT;
    }

    /** Whether ISO 2022 code extensions are in use. */
    public boolean usesCodeExtensions() {
        return codeExtensions;
    }

    public String decode(byte[] b) {
        return decode(b, 0, b.length, VR.LO);
    }

    /** Decodes a value of a multi-valued text VR (escape state reset at "\" and control characters). */
    public String decode(byte[] b, int off, int len) {
        return decode(b, off, len, VR.LO);
    }

    /** Decodes a value of {@code vr}; for PN the ISO 2022 state is also reset at "^" and "=". */
    public String decode(byte[] b, int off, int len, VR vr) {
        if (!codeExtensions) {
            Term t = terms.get(0);
            return t == Term.JIS_X0201 ? decodeJisX0201(b, off, len) : new String(b, off, len, t.charset);
        }
        return new Decoder(vr).decode(b, off, len);
    }

    public byte[] encode(String s) {
        return encode(s, VR.LO);
    }

    /** Encodes a value of {@code vr}; for PN the ISO 2022 state is also reset before "^" and "=". */
    public byte[] encode(String s, VR vr) {
        if (!codeExtensions) {
            Term t = terms.get(0);
            return switch (t) {
                case ASCII -> s.getBytes(StandardCharsets.US_ASCII);
                case JIS_X0201 -> encodeJisX0201(s);
                default -> s.getBytes(t.charset);
            };
        }
        return new Encoder(vr).encode(s);
    }

    private static String decodeJisX0201(byte[] b, int off, int len) {
        char[] c = new char[len];
        for (int i = 0; i < len; i++) {
            int x = b[off + i] & 0xFF;
            c[i] = x < 0x80 ? (char) x : x >= 0xA1 && x <= 0xDF ? (char) (0xFF61 + x - 0xA1) : '\uFFFD';
        }
        return new String(c);
    }

    private static byte[] encodeJisX0201(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            int k = katakana(s.charAt(i));
            char c = s.charAt(i);
            b[i] = (byte) (c < 0x80 ? c : k >= 0 ? k : '?');
        }
        return b;
    }

    private static int katakana(int c) {
        return c >= 0xFF61 && c <= 0xFF9F ? 0xA1 + c - 0xFF61 : -1;
    }

    /** Whether {@code c} returns the ISO 2022 state to the initial designation (PS3.5 6.1.2.5.3). */
    private static boolean resets(int c, VR vr) {
        return c == '\r' || c == '\n' || c == '\f' || c == '\t'
                || c == '\\' && !Values.singleValued(vr)
                || vr == VR.PN && (c == '^' || c == '=');
    }

    private Term initialG0() {
        Term first = terms.get(0);
        return first.g1 ? Term.ASCII : first;
    }

    private Term initialG1() {
        Term first = terms.get(0);
        return first.g1 ? first : null;
    }

    private static Term byEscape(byte[] b, int i, int end) {
        for (Term t : Term.values()) {
            byte[] e = t.escape;
            if (e.length > 0 && i + e.length <= end && Arrays.equals(b, i, i + e.length, e, 0, e.length)) {
                return t;
            }
        }
        if (i + 3 <= end && Arrays.equals(b, i, i + 3, ESC_ROMAJI, 0, 3)) {
            return Term.ASCII;
        }
        return null;
    }

    private final class Decoder {
        private final VR vr;
        private final StringBuilder out = new StringBuilder();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private Charset pendingCharset;
        private Term g0 = initialG0();
        private Term g1 = initialG1();

        Decoder(VR vr) {
            this.vr = vr;
        }

        String decode(byte[] b, int off, int len) {
            int end = off + len;
            int i = off;
            while (i < end) {
                int x = b[i] & 0xFF;
                if (x == ESC) {
                    Term t = byEscape(b, i, end);
                    if (t == null) {
                        emit(StandardCharsets.ISO_8859_1, x);
                        i++;
                        continue;
                    }
                    i += t.escape.length; // ESC ( J has the length of ESC ( B
                    if (t.g1) {
                        g1 = t;
                    } else {
                        g0 = t;
                    }
                } else if (x < 0x80) {
                    if (g0.bytesPerChar == 2 && x > 0x20 && x < 0x7F && i + 1 < end
                            && (b[i + 1] & 0xFF) > 0x20 && (b[i + 1] & 0xFF) < 0x7F) {
                        if (g0 == Term.JIS_X0212) {
                            emit(g0.charset, 0x8F);
                        }
                        emit(g0.charset, x | 0x80);
                        emit(g0.charset, b[i + 1] | 0x80);
                        i += 2;
                    } else {
                        emit(StandardCharsets.ISO_8859_1, x);
                        if (resets(x, vr)) {
                            g0 = initialG0();
                            g1 = initialG1();
                        }
                        i++;
                    }
                } else if (g1 == null) {
                    emit(StandardCharsets.ISO_8859_1, x);
                    i++;
                } else if (g1.bytesPerChar == 2) {
                    if (i + 1 < end && (b[i + 1] & 0xFF) >= 0xA1) {
                        emit(g1.charset, x);
                        emit(g1.charset, b[i + 1]);
                        i += 2;
                    } else {
                        flush();
                        out.append('\uFFFD');
                        i++;
                    }
                } else {
                    emit(g1.charset, x);
                    i++;
                }
            }
            flush();
            return out.toString();
        }

        private void emit(Charset cs, int x) {
            if (cs != pendingCharset) {
                flush();
                pendingCharset = cs;
            }
            pending.write(x);
        }

        private void flush() {
            if (pending.size() > 0) {
                out.append(new String(pending.toByteArray(), pendingCharset));
                pending.reset();
            }
        }
    }

    private final class Encoder {
        private final VR vr;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CharsetEncoder[] encoders = new CharsetEncoder[Term.values().length];
        private Term g0 = initialG0();
        private Term g1 = initialG1();

        Encoder(VR vr) {
            this.vr = vr;
        }

        byte[] encode(String s) {
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                i += Character.charCount(c);
                if (c < 0x80) {
                    if (resets(c, vr)) {
                        restoreInitial();
                    } else if (g0.bytesPerChar == 2) {
                        designate(initialG0().bytesPerChar == 1 ? initialG0() : Term.ASCII);
                    }
                    out.write(c);
                    continue;
                }
                if (!tryEncode(g1, c) && !tryEncode(g0, c)) {
                    boolean done = false;
                    for (Term t : terms) {
                        if (t != g0 && t != g1 && canEncode(t, c)) {
                            designate(t);
                            tryEncode(t, c);
                            done = true;
                            break;
                        }
                    }
                    if (!done) {
                        if (g0.bytesPerChar == 2) {
                            designate(Term.ASCII);
                        }
                        out.write('?');
                    }
                }
            }
            restoreInitial();
            return out.toByteArray();
        }

        private void restoreInitial() {
            Term i0 = initialG0();
            Term i1 = initialG1();
            if (g0 != i0) {
                designate(i0);
            }
            if (g1 != i1) {
                if (i1 != null) {
                    designate(i1);
                } else {
                    g1 = null; // G1 is designated again at its next use, as in PS3.5 Annex I
                }
            }
        }

        private void designate(Term t) {
            // With ISO 2022 IR 13 as value 1 the initial G0 is JIS X 0201 romaji (PS3.5 Annex J).
            out.writeBytes(t == Term.ASCII && terms.get(0) == Term.JIS_X0201 ? ESC_ROMAJI : t.escape);
            if (t.g1) {
                g1 = t;
            } else {
                g0 = t;
            }
        }

        private boolean canEncode(Term t, int c) {
            return bytes(t, c) != null;
        }

        private boolean tryEncode(Term t, int c) {
            if (t == null) {
                return false;
            }
            byte[] b = bytes(t, c);
            if (b == null) {
                return false;
            }
            out.writeBytes(b);
            return true;
        }

        /** The bytes of {@code c} in {@code t} once designated, or {@code null}. */
        private byte[] bytes(Term t, int c) {
            if (t == Term.ASCII || Character.isSupplementaryCodePoint(c)) {
                return null;
            }
            if (t == Term.JIS_X0201) {
                int k = katakana(c);
                return k < 0 ? null : new byte[] {(byte) k};
            }
            CharsetEncoder enc = encoders[t.ordinal()];
            if (enc == null) {
                enc = encoders[t.ordinal()] = t.charset.newEncoder();
            }
            if (!enc.canEncode((char) c)) {
                return null;
            }
            byte[] b = String.valueOf((char) c).getBytes(t.charset);
            switch (t) {
                case JIS_X0208:
                    return b.length == 2 && (b[0] & 0xFF) >= 0xA1 ? new byte[] {(byte) (b[0] & 0x7F), (byte) (b[1] & 0x7F)} : null;
                case JIS_X0212:
                    return b.length == 3 && (b[0] & 0xFF) == 0x8F ? new byte[] {(byte) (b[1] & 0x7F), (byte) (b[2] & 0x7F)} : null;
                case KS_X1001:
                case GB2312:
                    return b.length == 2 && (b[0] & 0xFF) >= 0xA1 && (b[1] & 0xFF) >= 0xA1 ? b : null;
                default:
                    return b.length == 1 && (b[0] & 0xFF) >= 0x80 ? b : null;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet cs && cs.codeExtensions == codeExtensions && cs.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode() * 2 + (codeExtensions ? 1 : 0);
    }

    @Override
    public String toString() {
        return isDefault() ? "ISO_IR 6" : String.join("\\", definedTerms);
    }
}
