package org.mip.gateway.net.dimse;

/**
 * C-FIND-RSP, PS3.7 9.3.2.2 Table 9.3-4; pending responses carry an Identifier data set (a match),
 * final ones normally none.
 */
public record CFindRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, int status, ErrorInfo error,
                       boolean hasDataSet) implements DimseResponse {
    public CFindRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_FIND_RSP;
    }
}
