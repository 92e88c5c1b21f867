package org.mip.gateway.audit;

/**
 * Where services hand audit events without waiting for the database (DIMSE workers, Netty event loops): in
 * the gateway the {@link AuditService}, whose background writer commits them in order. {@code patientId}
 * may be null; {@code detail} may identify a patient (the audit table is protected data, unlike INFO logs).
 */
@FunctionalInterface
public interface AuditSink {

    void recordLater(String action, AuditEvent.Outcome outcome, String actor, String source, String detail,
            String patientId);

    /** Audits nothing (tests, tools). */
    AuditSink NONE = (action, outcome, actor, source, detail, patientId) -> {};
}
