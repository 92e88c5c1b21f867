package org.mip.gateway.net.dimse;

/** N-SET-RSP, PS3.7 10.3.3.2 Table 10.3-6; an Attribute List data set may follow. */
public record NSetRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
                      int status, ErrorInfo error, boolean hasDataSet) implements DimseResponse {
    public NSetRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.optionalUid(affectedSopInstanceUid, "Affected SOP Instance UID");
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_SET_RSP;
    }
}
