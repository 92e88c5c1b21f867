package org.mip.gateway.audit;

import java.time.Instant;

/**
 * Filters of {@link AuditLog#query}: each null field matches everything. {@code actor} matches
 * exactly; the result is newest first, at most {@code limit} events.
 */
public record AuditQuery(Instant from, Instant to, String action, String actor, String patientId, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
    }

    public static AuditQuery all(int limit) {
        return new AuditQuery(null, null, null, null, null, limit);
    }
}
