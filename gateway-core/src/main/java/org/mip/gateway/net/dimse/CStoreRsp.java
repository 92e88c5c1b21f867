package org.mip.gateway.net.dimse;

/** C-STORE-RSP, PS3.7 9.3.1.2 Table 9.3-2; no data set. */
public record CStoreRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
                        int status, ErrorInfo error) implements DimseResponse {
    public CStoreRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.optionalUid(affectedSopInstanceUid, "Affected SOP Instance UID");
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_STORE_RSP;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }
}
