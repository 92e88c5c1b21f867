package org.mip.gateway.net.dimse;

/** N-CREATE-RSP, PS3.7 10.3.5.2 Table 10.3-10; an Attribute List data set may follow. */
public record NCreateRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
                         int status, ErrorInfo error, boolean hasDataSet) implements DimseResponse {
    public NCreateRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.optionalUid(affectedSopInstanceUid, "Affected SOP Instance UID");
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_CREATE_RSP;
    }
}
