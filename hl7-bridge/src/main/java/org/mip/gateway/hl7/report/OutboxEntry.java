package org.mip.gateway.hl7.report;

import java.time.Instant;

/** One outbox row as shown by {@code GET /api/v1/outbox} (the message text, which holds patient data, is left out). */
public record OutboxEntry(long id, String referrerId, String controlId, String accessionNumber, String resultStatus,
        boolean urgent, State state, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
        Instant deliveredAt, Long latencyMs) {
    public enum State {
        PENDING, DELIVERED, FAILED;

        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State of(String dbValue) {
            return valueOf(dbValue.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
