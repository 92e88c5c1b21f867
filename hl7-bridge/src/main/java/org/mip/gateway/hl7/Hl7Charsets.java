package org.mip.gateway.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HL7 character sets (MSH-18, HL7 v2.5.1 Table 0211) as Java charsets and as DICOM Specific Character
 * Set defined terms (PS3.3 C.12.1.1.2). Only single-byte and code-extension-free sets are supported;
 * the ISO 2022 sets (ISO IR87, KS X 1001, ...) are not.
 */
public final class Hl7Charsets {
    /** A supported HL7 character set: the Java charset that decodes it and its DICOM term ({@code null} = default repertoire). */
    public record Hl7Charset(String hl7Name, Charset charset, String dicomTerm) {}

    private static final Map<String, Hl7Charset> BY_NAME = Map.ofEntries(
            entry("ASCII", "US-ASCII", null),
            entry("8859/1", "ISO-8859-1", "ISO_IR 100"),
            entry("8859/2", "ISO-8859-2", "ISO_IR 101"),
            entry("8859/3", "ISO-8859-3", "ISO_IR 109"),
            entry("8859/4", "ISO-8859-4", "ISO_IR 110"),
            entry("8859/5", "ISO-8859-5", "ISO_IR 144"),
            entry("8859/6", "ISO-8859-6", "ISO_IR 127"),
            entry("8859/7", "ISO-8859-7", "ISO_IR 126"),
            entry("8859/8", "ISO-8859-8", "ISO_IR 138"),
            entry("8859/9", "ISO-8859-9", "ISO_IR 148"),
            entry("8859/15", "ISO-8859-15", "ISO_IR 203"),
            entry("UNICODE UTF-8", "UTF-8", "ISO_IR 192"),
            // "UNICODE" (HL7 v2.3-2.4) is in practice sent for UTF-8.
            entry("UNICODE", "UTF-8", "ISO_IR 192"),
            entry("GB 18030-2000", "GB18030", "GB18030"),
            entry("ISO IR14", "JIS_X0201", "ISO_IR 13"));

    private Hl7Charsets() {}

    private static Map.Entry<String, Hl7Charset> entry(String hl7, String java, String dicom) {
        return Map.entry(normalize(hl7), new Hl7Charset(hl7, Charset.forName(java), dicom));
    }

    /** Case, blanks, "-", "_" and "/" are ignored: "UTF-8", "unicode utf8" and "8859-1" are accepted too. */
    private static String normalize(String name) {
        String n = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return switch (n) {
            case "UTF8", "UNICODEUTF8" -> "UNICODEUTF8";
            case "ISO88591", "LATIN1" -> "88591";
            default -> n.startsWith("ISO8859") ? n.substring(3) : n;
        };
    }

    /**
     * The character set named by the first repetition of MSH-18 (HL7 v2.5.1 2.14.9.18: it applies to
     * the whole message); empty when the name is not supported.
     */
    public static Optional<Hl7Charset> forName(String msh18) {
        return Optional.ofNullable(BY_NAME.get(normalize(msh18)));
    }

    /**
     * Decodes a message with no MSH-18: HL7 says ASCII, but senders that leave it empty send UTF-8 or
     * Latin-1 alike. Valid UTF-8 is taken as UTF-8, anything else as ISO 8859-1 (never fails).
     */
    public static Charset guess(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return StandardCharsets.US_ASCII;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /** The DICOM term for text decoded with {@code charset} (used when MSH-18 was absent); {@code null} for ASCII. */
    public static String dicomTermFor(Charset charset) {
        if (charset.equals(StandardCharsets.US_ASCII)) {
            return null;
        }
        return BY_NAME.values().stream()
                .filter(c -> c.charset().equals(charset) && c.dicomTerm() != null)
                .map(Hl7Charset::dicomTerm)
                .findFirst()
                .orElse("ISO_IR 192");
    }
}
