package org.mip.gateway.net.dimse;

/** N-DELETE-RQ, PS3.7 10.3.6.1 Table 10.3-11; no data set. */
public record NDeleteRq(int messageId, String requestedSopClassUid, String requestedSopInstanceUid)
        implements DimseRequest {
    public NDeleteRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(requestedSopClassUid, "Requested SOP Class UID");
        Checks.uid(requestedSopInstanceUid, "Requested SOP Instance UID");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_DELETE_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
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
    public NDeleteRsp response(int status, ErrorInfo error) {
        return new NDeleteRsp(messageId, requestedSopClassUid, requestedSopInstanceUid, status, error);
    }
}
