package org.mip.gateway.audit;

import java.util.Map;

/**
 * The gateway's audit action names and the DICOM audit vocabulary they stand for (PS3.15 A.5.3, codes
 * of PS3.16 context groups 400 "Audit Event ID" and 401 "Audit Event Type", scheme DCM), with the Event
 * Action Code (C create, R read, U update, D delete, E execute) and the Event Outcome Indicator.
 * Actions are names rather than codes so that the table and the API read well; this mapping is what the
 * syslog message and {@code GET /api/v1/audit} add beside them.
 */
public final class AuditVocabulary {
    /** A DCM coded EventID and Event Action Code. */
    public record EventId(String code, String meaning, String actionCode) {}

    // Action names used across the modules (the existing ones keep their spelling).
    public static final String ASSOCIATION = "DICOM_ASSOCIATION";
    public static final String HL7_MESSAGE = "HL7_MESSAGE";
    public static final String BOOKING_CREATED = "MWL_BOOKING_CREATED";
    public static final String BOOKING_UPDATED = "MWL_BOOKING_UPDATED";
    public static final String BOOKING_CANCELLED = "MWL_BOOKING_CANCELLED";
    public static final String WORKLIST_QUERY = "MWL_QUERY";
    public static final String MPPS_CREATED = "MPPS_CREATED";
    public static final String MPPS_UPDATED = "MPPS_UPDATED";
    public static final String INSTANCES_STORED = "DICOM_INSTANCES_STORED";
    public static final String STUDY_QUERY = "STUDY_QUERY";
    public static final String REPORT_SUBMITTED = "REPORT_SUBMITTED";
    public static final String REPORT_RETRY = "REPORT_RETRY";
    public static final String REPORT_DELIVERED = "REPORT_DELIVERED";
    public static final String AUDIT_LOG_USED = "AUDIT_LOG_USED";
    public static final String SECURITY_ALERT = "SECURITY_ALERT";
    public static final String USER_AUTHENTICATION = "USER_AUTHENTICATION";
    public static final String API_CHANGE = "API_CHANGE";

    private static final Map<String, EventId> IDS = Map.ofEntries(
            Map.entry(ASSOCIATION, new EventId("110114", "User Authentication", "E")),
            Map.entry(HL7_MESSAGE, new EventId("110109", "Order Record", "U")),
            Map.entry(BOOKING_CREATED, new EventId("110109", "Order Record", "C")),
            Map.entry(BOOKING_UPDATED, new EventId("110109", "Order Record", "U")),
            Map.entry(BOOKING_CANCELLED, new EventId("110109", "Order Record", "D")),
            Map.entry(WORKLIST_QUERY, new EventId("110112", "Query", "E")),
            Map.entry(MPPS_CREATED, new EventId("110111", "Procedure Record", "C")),
            Map.entry(MPPS_UPDATED, new EventId("110111", "Procedure Record", "U")),
            Map.entry(INSTANCES_STORED, new EventId("110104", "DICOM Instances Transferred", "C")),
            Map.entry(STUDY_QUERY, new EventId("110112", "Query", "E")),
            Map.entry(REPORT_SUBMITTED, new EventId("110111", "Procedure Record", "C")),
            Map.entry(REPORT_RETRY, new EventId("110111", "Procedure Record", "U")),
            Map.entry(REPORT_DELIVERED, new EventId("110106", "Export", "R")),
            Map.entry(AUDIT_LOG_USED, new EventId("110101", "Audit Log Used", "R")),
            Map.entry(SECURITY_ALERT, new EventId("110113", "Security Alert", "E")),
            Map.entry(USER_AUTHENTICATION, new EventId("110114", "User Authentication", "E")),
            // a change through the HTTP API that no more specific event describes
            Map.entry(API_CHANGE, new EventId("110110", "Patient Record", "U")));

    private AuditVocabulary() {}

    /** The EventID of {@code action}; actions the table does not know read as Application Activity. */
    public static EventId eventId(String action) {
        return IDS.getOrDefault(action, new EventId("110100", "Application Activity", "E"));
    }

    /** PS3.15 A.5.1 EventOutcomeIndicator: 0 success, 4 minor failure (refused), 8 serious failure. */
    public static int outcomeIndicator(AuditEvent.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> 0;
            case REJECTED -> 4;
            case FAILURE -> 8;
        };
    }
}
