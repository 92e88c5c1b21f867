package org.mip.gateway.net.dimse;

/** C-MOVE-RSP, PS3.7 9.3.4.2 Table 9.3-8; a data set (Failed SOP Instance UID List) may follow. */
public record CMoveRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, int status,
                       SubOperations subOperations, ErrorInfo error, boolean hasDataSet) implements DimseResponse {
    public CMoveRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.us(status, "Status");
        subOperations = subOperations == null ? SubOperations.NONE : subOperations;
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_MOVE_RSP;
    }
}
