package org.mip.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Renders the effective configuration as YAML-like text, secrets masked (for {@code mipgw config check}). */
public final class ConfigPrinter {
    private ConfigPrinter() {}

    public static String print(GatewayConfig c) {
        StringBuilder sb = new StringBuilder();
        line(sb, "data.dir", c.data().dir());
        line(sb, "db.url", c.db().url());
        line(sb, "db.user", c.db().user());
        line(sb, "db.password", c.db().password());
        line(sb, "db.pool-size", c.db().poolSize());
        line(sb, "dicom.aet", c.dicom().aet());
        line(sb, "dicom.host", c.dicom().host());
        line(sb, "dicom.port", c.dicom().port());
        tls(sb, "dicom.tls", c.dicom().tls());
        line(sb, "dicom.allowed-calling-aets", list(c.dicom().allowedCallingAets()));
        line(sb, "dicom.max-pdu", c.dicom().maxPdu());
        line(sb, "dicom.max-associations", c.dicom().maxAssociations());
        line(sb, "archive.dir", c.storage().archiveDir());
        line(sb, "storage.on-duplicate", c.storage().onDuplicate().key());
        sb.append("storage.commitment-peers:").append(c.storage().commitmentPeers().isEmpty() ? " []" : "").append('\n');
        c.storage().commitmentPeers().forEach(p -> sb.append(String.format(
                "  - {aet: %s, host: %s, port: %d}%n", p.aet(), p.host(), p.port())));
        sb.append("forward:").append(c.storage().forward().isEmpty() ? " []" : "").append('\n');
        c.storage().forward().forEach(f -> sb.append(String.format(
                "  - {aet: %s, host: %s, port: %d}%n", f.aet(), f.host(), f.port())));
        sb.append("mwl.stations:").append(c.mwl().stations().isEmpty() ? " []" : "").append('\n');
        c.mwl().stations().forEach(s -> sb.append(String.format(
                "  - {aet: %s, modality: %s, name: %s}%n", s.aet(), s.modality(), quote(s.name()))));
        line(sb, "hl7.host", c.hl7().host());
        line(sb, "hl7.port", c.hl7().port());
        tls(sb, "hl7.tls", c.hl7().tls());
        line(sb, "hl7.allowed-senders", list(c.hl7().allowedSenders()));
        sb.append("hl7.referrers:").append(c.hl7().referrers().isEmpty() ? " []" : "").append('\n');
        c.hl7().referrers().forEach(r -> sb.append(String.format(
                "  - {id: %s, facility: %s, host: %s, port: %d, version: \"%s\"}%n",
                r.id(), r.facility(), r.host(), r.port(), r.version())));
        line(sb, "hl7.max-message-bytes", c.hl7().maxMessageBytes());
        line(sb, "hl7.outbox.ack-timeout-seconds", c.hl7().outbox().ackTimeout().toSeconds());
        line(sb, "hl7.outbox.initial-backoff-ms", c.hl7().outbox().initialBackoff().toMillis());
        line(sb, "hl7.outbox.max-backoff-seconds", c.hl7().outbox().maxBackoff().toSeconds());
        line(sb, "hl7.outbox.urgent-alert-after-seconds", c.hl7().outbox().urgentAlertAfter().toSeconds());
        line(sb, "http.host", c.http().host());
        line(sb, "http.port", c.http().port());
        line(sb, "http.tls.cert", c.http().tlsCert() == null ? "off" : c.http().tlsCert());
        line(sb, "http.tls.key", c.http().tlsKey() == null ? "off" : c.http().tlsKey());
        sb.append("http.users:").append(c.http().users().isEmpty() ? " []" : "").append('\n');
        c.http().users().forEach(u -> sb.append(String.format(
                "  - {name: %s, password-hash: \"%s\", role: %s}%n", u.name(), u.passwordHash(), u.role().key())));
        AuditConfig.Syslog syslog = c.audit().syslog();
        line(sb, "audit.syslog.host", syslog.enabled() ? syslog.host() : "off");
        line(sb, "audit.syslog.port", syslog.port());
        line(sb, "audit.syslog.protocol", syslog.protocol().key());
        line(sb, "shutdown.grace-seconds", c.shutdownGrace().toSeconds());
        return sb.toString();
    }

    private static void tls(StringBuilder sb, String prefix, TlsConfig tls) {
        if (!tls.enabled()) {
            line(sb, prefix + ".port", "off");
            return;
        }
        line(sb, prefix + ".port", tls.port());
        line(sb, prefix + ".cert", tls.cert());
        line(sb, prefix + ".key", tls.key());
        line(sb, prefix + ".trust", tls.trust() == null ? "none (client certificates not checked)" : tls.trust());
    }

    private static void line(StringBuilder sb, String key, Object value) {
        String v = value instanceof Path p ? p.toString() : String.valueOf(value);
        sb.append(key).append(": ").append(value instanceof String s ? quote(s) : v).append('\n');
    }

    private static String list(List<String> values) {
        return values.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String s) {
        return s.isEmpty() || s.startsWith("[") && !s.endsWith("]") || s.contains(": ") ? "\"" + s + "\"" : s;
    }
}
