package org.mip.gateway.audit;

import java.time.Instant;

/**
 * One audited access, in the spirit of the DICOM audit message (PS3.15 A.5): what was done
 * ({@code action}, e.g. {@code DICOM_ASSOCIATION}, {@code HL7_MESSAGE}, {@code MWL_QUERY}; {@link
 * AuditVocabulary} maps each to its PS3.15 EventID), how it ended, who did it ({@code actor}: calling AE
 * title, sending facility, API user), from where, and which patient ({@code patientId}, may be null).
 * {@code detail} and {@code patientId} may hold identifiers: the audit table is protected data, unlike
 * INFO logs. {@code id} is the row's key (0 before it is stored).
 */
public record AuditEvent(long id, Instant occurredAt, String action, Outcome outcome, String actor, String source,
        String detail, String patientId) {
    public enum Outcome { SUCCESS, FAILURE, REJECTED }

    public AuditEvent(Instant occurredAt, String action, Outcome outcome, String actor, String source, String detail) {
        this(0, occurredAt, action, outcome, actor, source, detail, null);
    }
}
