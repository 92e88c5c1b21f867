package org.mip.gateway.net.dimse;

/** N-ACTION-RSP, PS3.7 10.3.4.2 Table 10.3-8; the Action Reply data set is optional. */
public record NActionRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
                         Integer actionTypeId, int status, ErrorInfo error, boolean hasDataSet)
        implements DimseResponse {
    public NActionRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.optionalUid(affectedSopInstanceUid, "Affected SOP Instance UID");
        if (actionTypeId != null) {
            Checks.us(actionTypeId, "Action Type ID");
        }
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_ACTION_RSP;
    }
}
