package org.mip.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An audit event as an RFC 5424 syslog message: facility 10 (security/authorization, as IHE ATNA uses),
 * severity notice for a success and warning otherwise, MSGID the audit action, one structured-data
 * element {@value #SD_ID} carrying the PS3.15 A.5 fields (EventID, Event Action Code, Event Outcome
 * Indicator, who, where from, which patient), and the detail as the UTF-8 MSG (with BOM, RFC 5424 6.4).
 * The SD-ID uses the documentation enterprise number 32473 (RFC 5612) until the project registers its own.
 */
public final class SyslogMessage {
    public static final String SD_ID = "mipgw-audit@32473";
    static final int FACILITY = 10;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private SyslogMessage() {}

    /** The message text (without transport framing). */
    public static String format(AuditEvent e, String hostname, String appName, String procId) {
        int severity = e.outcome() == AuditEvent.Outcome.SUCCESS ? 5 : 4;
        AuditVocabulary.EventId id = AuditVocabulary.eventId(e.action());
        StringBuilder sb = new StringBuilder();
        sb.append('<').append(FACILITY * 8 + severity).append(">1 ")
                .append(TIME.format(e.occurredAt())).append(' ')
                .append(header(hostname, 255)).append(' ')
                .append(header(appName, 48)).append(' ')
                .append(header(procId, 128)).append(' ')
                .append(header(e.action(), 32)).append(' ');
        sb.append('[').append(SD_ID);
        param(sb, "id", Long.toString(e.id()));
        param(sb, "eventId", id.code());
        param(sb, "eventIdMeaning", id.meaning());
        param(sb, "eventActionCode", id.actionCode());
        param(sb, "eventOutcomeIndicator", Integer.toString(AuditVocabulary.outcomeIndicator(e.outcome())));
        param(sb, "actor", e.actor());
        param(sb, "source", e.source());
        if (e.patientId() != null) {
            param(sb, "patientId", e.patientId());
        }
        sb.append(']');
        if (e.detail() != null && !e.detail().isEmpty()) {
            sb.append(' ').append('\uFEFF').append(e.detail().replace('\n', ' ').replace('\r', ' '));
        }
        return sb.toString();
    }

    public static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5424 6.2: printable US-ASCII without spaces, or "-" (NILVALUE). */
    private static String header(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            out.append(c > 32 && c < 127 ? c : '_');
        }
        return out.toString();
    }

    /** RFC 5424 6.3.3: '"', '\' and ']' are escaped with a backslash inside PARAM-VALUE. */
    private static void param(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("=\"");
        String v = value == null ? "" : value;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                sb.append('\\');
            }
            sb.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        sb.append('"');
    }
}
