package org.mip.gateway.net.dimse;

/** N-DELETE-RSP, PS3.7 10.3.6.2 Table 10.3-12; no data set. */
public record NDeleteRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
                         int status, ErrorInfo error) implements DimseResponse {
    public NDeleteRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.optionalUid(affectedSopInstanceUid, "Affected SOP Instance UID");
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_DELETE_RSP;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }
}
