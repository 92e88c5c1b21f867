package org.mip.gateway.audit;

import java.time.Instant;

/**
 * One audited access, in the spirit of the DICOM audit message (PS3.15 A.5): what was done
 * ({@code action}, e.g. {@code DICOM_ASSOCIATION}, {@code HL7_ORDER}, {@code API_REQUEST}), how it ended,
 * who did it ({@code actor}: calling AE title, sending facility, API client) and from where.
 * {@code detail} may hold identifiers: the audit table is protected data, unlike INFO logs.
 */
public record AuditEvent(Instant occurredAt, String action, Outcome outcome, String actor, String source, String detail) {
    public enum Outcome { SUCCESS, FAILURE, REJECTED }
}
