package org.mip.gateway.hl7;

import java.nio.charset.StandardCharsets;

/**
 * The MSH fields read straight from the bytes, before the character set is known and whether or not
 * HAPI can parse the message (HL7 v2.5.1 2.14.9). MSH is ASCII in every supported character set.
 *
 * @param fields {@code fields[n]} is MSH-n as text (MSH-1 the field separator, MSH-2 the encoding
 *     characters); absent fields are ""
 */
public record RawMsh(String[] fields) {
    /** The MSH segment at the start of {@code message}, or {@code null} when it does not start with one. */
    public static RawMsh scan(byte[] message) {
        if (message.length < 8 || message[0] != 'M' || message[1] != 'S' || message[2] != 'H') {
            return null;
        }
        int end = 0;
        while (end < message.length && message[end] != '\r' && message[end] != '\n') {
            end++;
        }
        String msh = new String(message, 0, end, StandardCharsets.ISO_8859_1);
        char fieldSep = msh.charAt(3);
        if (Character.isLetterOrDigit(fieldSep) || Character.isWhitespace(fieldSep)) {
            return null;
        }
        String[] parts = msh.substring(4).split(java.util.regex.Pattern.quote(String.valueOf(fieldSep)), -1);
        String[] fields = new String[Math.max(parts.length + 2, 22)];
        java.util.Arrays.fill(fields, "");
        fields[1] = String.valueOf(fieldSep);
        System.arraycopy(parts, 0, fields, 2, parts.length);
        return new RawMsh(fields);
    }

    public String field(int n) {
        return n < fields.length ? fields[n] : "";
    }

    public char componentSeparator() {
        String enc = field(2);
        return enc.isEmpty() ? '^' : enc.charAt(0);
    }

    /** Component {@code c} (1-based) of the first repetition of MSH-{@code n}. */
    public String component(int n, int c) {
        String f = field(n);
        String enc = field(2);
        if (enc.length() > 1) {
            int rep = f.indexOf(enc.charAt(1));
            if (rep >= 0) {
                f = f.substring(0, rep);
            }
        }
        String[] comps = f.split(java.util.regex.Pattern.quote(String.valueOf(componentSeparator())), -1);
        return c <= comps.length ? comps[c - 1] : "";
    }

    public String sendingApplication() {
        return field(3);
    }

    /** MSH-4, namespace ID (the first component). */
    public String sendingFacility() {
        return component(4, 1);
    }

    public String messageType() {
        return component(9, 1);
    }

    public String triggerEvent() {
        return component(9, 2);
    }

    public String controlId() {
        return field(10);
    }

    public String processingId() {
        return component(11, 1);
    }

    public String version() {
        return component(12, 1);
    }

    /** The first repetition of MSH-18, which applies to the whole message; "" when absent. */
    public String characterSet() {
        String f = field(18);
        String enc = field(2);
        if (enc.length() > 1) {
            int rep = f.indexOf(enc.charAt(1));
            if (rep >= 0) {
                f = f.substring(0, rep);
            }
        }
        return f.trim();
    }
}
