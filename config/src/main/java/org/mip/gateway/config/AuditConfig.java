package org.mip.gateway.config;

import java.util.Locale;

/** {@code audit.*}: where the audit trail goes besides the database. */
public record AuditConfig(Syslog syslog) {
    public static final AuditConfig DEFAULTS = new AuditConfig(Syslog.OFF);

    public enum Protocol {
        UDP, TCP;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code audit.syslog.*}: an RFC 5424 syslog collector (UDP per RFC 5426, TCP with octet counting per
     * RFC 6587); {@code host} empty means off.
     */
    public record Syslog(String host, int port, Protocol protocol) {
        public static final Syslog OFF = new Syslog("", 514, Protocol.UDP);

        public boolean enabled() {
            return host != null && !host.isBlank();
        }
    }
}
