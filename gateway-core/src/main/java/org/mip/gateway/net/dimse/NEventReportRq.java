package org.mip.gateway.net.dimse;

/** N-EVENT-REPORT-RQ, PS3.7 10.3.1.1 Table 10.3-1; the Event Information data set is optional. */
public record NEventReportRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid,
                             int eventTypeId, boolean hasDataSet) implements DimseRequest {
    public NEventReportRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.uid(affectedSopInstanceUid, "Affected SOP Instance UID");
        Checks.us(eventTypeId, "Event Type ID");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_EVENT_REPORT_RQ;
    }

    @Override
    public String sopClassUid() {
        return affectedSopClassUid;
    }

    @Override
    public String sopInstanceUid() {
        return affectedSopInstanceUid;
    }

    @Override
    public NEventReportRsp response(int status, ErrorInfo error) {
        return new NEventReportRsp(messageId, affectedSopClassUid, affectedSopInstanceUid, eventTypeId, status,
                error, false);
    }
}
