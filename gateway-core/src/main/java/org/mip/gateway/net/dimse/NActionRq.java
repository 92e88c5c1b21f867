package org.mip.gateway.net.dimse;

/** N-ACTION-RQ, PS3.7 10.3.4.1 Table 10.3-7; the Action Information data set is optional. */
public record NActionRq(int messageId, String requestedSopClassUid, String requestedSopInstanceUid,
                        int actionTypeId, boolean hasDataSet) implements DimseRequest {
    public NActionRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(requestedSopClassUid, "Requested SOP Class UID");
        Checks.uid(requestedSopInstanceUid, "Requested SOP Instance UID");
        Checks.us(actionTypeId, "Action Type ID");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_ACTION_RQ;
    }

    @Override
    public String sopClassUid() {
        return requestedSopClassUid;
    }

    @Override
    public String sopInstanceUid() {
        return requestedSopInstanceUid;
    }

    @Override
    public NActionRsp response(int status, ErrorInfo error) {
        return new NActionRsp(messageId, requestedSopClassUid, requestedSopInstanceUid, actionTypeId, status,
                error, false);
    }
}
