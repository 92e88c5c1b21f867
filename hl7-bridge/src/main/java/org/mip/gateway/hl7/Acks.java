package org.mip.gateway.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ACKs written by hand, for input HAPI cannot parse at all (no MSH, broken segments). Everything that
 * parses is acknowledged with HAPI's {@code generateACK}. The layout follows the message's version:
 * ERR-1 (ELD) up to v2.4 (HL7 v2.4 2.16.5.1), ERR-2/3/4 from v2.5 (HL7 v2.5.1 2.15.5).
 */
public final class Acks {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private Acks() {}

    /** The AA for {@code message}, after the application committed it (HAPI's {@code generateACK}). */
    public static Message accept(Message message) throws HL7Exception {
        try {
            return message.generateACK();
        } catch (IOException e) {
            throw new HL7Exception("cannot build the ACK: " + e.getMessage(), ErrorCode.APPLICATION_INTERNAL_ERROR, e);
        }
    }

    /**
     * @param raw the MSH as far as it could be read, or {@code null}
     * @param code AA, AE or AR
     * @param location "SEG-n" naming the field in error, or {@code null}
     */
    public static String build(RawMsh raw, String code, ErrorCode error, String location, String text,
            String controlId, ZonedDateTime now) {
        String version = raw == null || raw.version().isEmpty() ? "2.5.1" : clean(raw.version());
        boolean v25 = !(version.startsWith("2.3") || version.startsWith("2.4") || version.startsWith("2.2")
                || version.startsWith("2.1"));
        StringBuilder sb = new StringBuilder(256);
        sb.append("MSH|^~\\&|MIPGW|MIPGW|")
                .append(raw == null ? "" : clean(raw.component(3, 1))).append('|')
                .append(raw == null ? "" : clean(raw.sendingFacility())).append('|')
                .append(TS.format(now.withZoneSameInstant(ZoneOffset.UTC))).append("||ACK");
        if (raw != null && !raw.triggerEvent().isEmpty()) {
            sb.append('^').append(clean(raw.triggerEvent()));
            if (v25) {
                sb.append("^ACK");
            }
        }
        String processingId = raw == null || raw.processingId().isEmpty() ? "P" : clean(raw.processingId());
        sb.append('|').append(controlId).append('|').append(processingId).append('|').append(version).append('\r');
        sb.append("MSA|").append(code).append('|').append(raw == null ? "" : clean(raw.controlId()));
        String safeText = clean(text);
        if (!v25) {
            sb.append('|').append(safeText); // MSA-3 text message (withdrawn in v2.5)
        }
        sb.append('\r');
        if (error != null) {
            String seg = "";
            String field = "";
            if (location != null && location.contains("-")) {
                seg = location.substring(0, location.indexOf('-'));
                field = location.substring(location.indexOf('-') + 1);
            }
            if (v25) {
                sb.append("ERR||");
                if (!seg.isEmpty()) {
                    sb.append(seg).append("^1^").append(field);
                }
                sb.append('|').append(error.getCode()).append('^').append(clean(error.getMessage()))
                        .append("^HL70357^^^^^^").append(safeText).append("|E\r");
            } else {
                sb.append("ERR|").append(seg).append("^^").append(field).append('^').append(error.getCode())
                        .append('&').append(clean(error.getMessage())).append("&HL70357&&").append(safeText)
                        .append('\r');
            }
        }
        return sb.toString();
    }

    /** Removes delimiters and control characters so an echoed or free text value cannot break the ACK. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && "|^~\\&".indexOf(c) < 0) {
                sb.append(c);
            } else if (c >= 0x20 && c < 0x7F || c == '\r' || c == '\n' || c == '\t') {
                sb.append(' ');
            }
        }
        return sb.toString().trim();
    }
}
