package org.mip.gateway.net.dimse;

/** N-GET-RSP, PS3.7 10.3.2.2 Table 10.3-4; the Attribute List data set follows on success. */
public record NGetRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
                      int status, ErrorInfo error, boolean hasDataSet) implements DimseResponse {
    public NGetRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.optionalUid(affectedSopInstanceUid, "Affected SOP Instance UID");
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_GET_RSP;
    }
}
