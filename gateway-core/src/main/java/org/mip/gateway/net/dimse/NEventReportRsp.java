package org.mip.gateway.net.dimse;

/** N-EVENT-REPORT-RSP, PS3.7 10.3.1.2 Table 10.3-2; the Event Reply data set is optional. */
public record NEventReportRsp(int messageIdBeingRespondedTo, String affectedSopClassUid,
                              String affectedSopInstanceUid, Integer eventTypeId, int status, ErrorInfo error,
                              boolean hasDataSet) implements DimseResponse {
    public NEventReportRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.optionalUid(affectedSopInstanceUid, "Affected SOP Instance UID");
        if (eventTypeId != null) {
            Checks.us(eventTypeId, "Event Type ID");
        }
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_EVENT_REPORT_RSP;
    }
}
