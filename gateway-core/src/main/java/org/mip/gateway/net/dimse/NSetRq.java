package org.mip.gateway.net.dimse;

/** N-SET-RQ, PS3.7 10.3.3.1 Table 10.3-5; the Modification List data set always follows. */
public record NSetRq(int messageId, String requestedSopClassUid, String requestedSopInstanceUid)
        implements DimseRequest {
    public NSetRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(requestedSopClassUid, "Requested SOP Class UID");
        Checks.uid(requestedSopInstanceUid, "Requested SOP Instance UID");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_SET_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return true;
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
    public NSetRsp response(int status, ErrorInfo error) {
        return new NSetRsp(messageId, requestedSopClassUid, requestedSopInstanceUid, status, error, false);
    }
}
